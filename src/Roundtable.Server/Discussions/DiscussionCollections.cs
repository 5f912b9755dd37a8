using LiteDB;

namespace Roundtable.Server.Discussions;

/// <summary>The discussions' read-model collections and their indexes, opened by <see cref="Storage.RoundtableDb"/> at start-up.</summary>
internal static class DiscussionCollections
{
    public static (ILiteCollection<DiscussionThreadRecord>, ILiteCollection<DiscussionPostRecord>, ILiteCollection<DiscussionReadRecord>) Open(
        Func<string, ILiteCollection<DiscussionThreadRecord>> threads,
        Func<string, ILiteCollection<DiscussionPostRecord>> posts,
        Func<string, ILiteCollection<DiscussionReadRecord>> reads)
    {
        var threadCollection = threads("discussion_threads");
        threadCollection.EnsureIndex(t => t.CohortId);
        threadCollection.EnsureIndex(t => t.RoundtableId);
        var postCollection = posts("discussion_posts");
        postCollection.EnsureIndex(p => p.ThreadId);
        var readCollection = reads("discussion_reads");
        readCollection.EnsureIndex(r => r.UserId);
        return (threadCollection, postCollection, readCollection);
    }
}
