using Roundtable.Core.Discussions;
using Roundtable.Core.Log;
using Roundtable.Server.Search;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Discussions;

/// <summary>
/// Each post of a cohort's threads, under "post:{postId}", titled by its thread; a removed post leaves the index. A
/// circle's threads are not indexed: search decides by cohort, and those are for the circle only.
/// </summary>
public sealed class DiscussionSearchSource : ISearchSource
{
    public ValueTask<IReadOnlyCollection<SearchChange>> ChangesOfAsync(StoredEvent stored, RoundtableDb db, CancellationToken cancellationToken)
    {
        if (stored.Event is not DiscussionEvent e || db.DiscussionThreads.FindById(e.ThreadId) is not { CircleId: null } thread)
        {
            return ValueTask.FromResult<IReadOnlyCollection<SearchChange>>([]);
        }
        var posts = e switch
        {
            ThreadStarted => db.DiscussionPosts.Find(p => p.ThreadId == thread.Id && p.Number == 1),
            // A new title is every post's title.
            PostEdited { Title: not null } => db.DiscussionPosts.Find(p => p.ThreadId == thread.Id),
            ReplyPosted r => db.DiscussionPosts.Find(p => p.Id == r.PostId),
            PostEdited edited => db.DiscussionPosts.Find(p => p.Id == edited.PostId),
            PostRemoved removed => db.DiscussionPosts.Find(p => p.Id == removed.PostId),
            _ => [],
        };
        return ValueTask.FromResult<IReadOnlyCollection<SearchChange>>([.. posts.Select(p => new SearchChange($"post:{p.Id}", p.Removed ? null : new SearchDocument(
            $"post:{p.Id}", "discussion", thread.CohortId, thread.Title, p.Markdown,
            $"/discussions.html?thread={Uri.EscapeDataString(thread.Id)}")))]);
    }
}
