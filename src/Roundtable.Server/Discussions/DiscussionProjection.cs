using Roundtable.Core.Discussions;
using Roundtable.Core.Log;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Discussions;

/// <summary>
/// Discussion events into read models (threads, posts with their history and reactions, how far each person has read)
/// and the notifications they make: a mentioned person hears of the mention; a thread's followers, of each new reply
/// (not its author). One notification per event and person, so a mentioned follower hears once, of the mention.
/// </summary>
public static class DiscussionProjection
{
    public const string MentionKind = "discussion-mention";
    public const string ReplyKind = "discussion-reply";

    /// <summary>Where the discussions page opens a thread.</summary>
    public static string ThreadLink(string threadId) => $"/discussions.html?thread={Uri.EscapeDataString(threadId)}";

    /// <summary>The thread a <see cref="ThreadLink"/> opens; null for any other link.</summary>
    public static string? ThreadIdOf(string link) =>
        link.StartsWith(ThreadLinkPrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(link[ThreadLinkPrefix.Length..]) : null;

    private const string ThreadLinkPrefix = "/discussions.html?thread=";

    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        var at = stored.At.UtcDateTime;
        if (stored.Event is ThreadStarted started)
        {
            db.DiscussionThreads.Upsert(new DiscussionThreadRecord
            {
                Id = started.ThreadId,
                CohortId = started.CohortId,
                CircleId = started.CircleId,
                RoundtableId = started.RoundtableId,
                AgendaItemId = started.AgendaItemId,
                Title = started.Title,
                AuthorId = started.AuthorId,
                StartedAt = at,
                LastPostAt = at,
                LastNumber = 1,
                Followers = [started.AuthorId],
                Version = stored.Position,
            });
            db.DiscussionPosts.Upsert(new DiscussionPostRecord
            {
                Id = started.ThreadId,
                ThreadId = started.ThreadId,
                Number = 1,
                AuthorId = started.AuthorId,
                Markdown = started.Markdown,
                Html = started.Html,
                PostedAt = at,
                Position = stored.Position,
                MentionedIds = [.. started.MentionedIds ?? []],
            });
            MarkRead(db, started.ThreadId, started.AuthorId, 1);
            NotifyMentioned(db, stored, started.ThreadId, started.AuthorId, started.Title, started.MentionedIds ?? [], []);
            return true;
        }
        if (stored.Event is not DiscussionEvent e || db.DiscussionThreads.FindById(e.ThreadId) is not { } thread)
        {
            return false;
        }
        thread.Version = stored.Position;
        db.DiscussionThreads.Update(thread);
        switch (e)
        {
            case ReplyPosted reply:
                db.DiscussionPosts.Upsert(new DiscussionPostRecord
                {
                    Id = reply.PostId,
                    ThreadId = reply.ThreadId,
                    Number = reply.Number,
                    ParentPostId = reply.ParentPostId,
                    QuotedPostId = reply.QuotedPostId,
                    QuotedText = reply.QuotedText,
                    AuthorId = reply.AuthorId,
                    Markdown = reply.Markdown,
                    Html = reply.Html,
                    PostedAt = at,
                    Position = stored.Position,
                    MentionedIds = [.. reply.MentionedIds ?? []],
                });
                var earlierFollowers = thread.Followers.ToList();
                thread.LastNumber = reply.Number;
                thread.LastPostAt = at;
                thread.Replies++;
                if (!thread.Followers.Contains(reply.AuthorId))
                {
                    thread.Followers.Add(reply.AuthorId);
                }
                db.DiscussionThreads.Update(thread);
                var mentioned = reply.MentionedIds ?? [];
                NotifyMentioned(db, stored, thread.Id, reply.AuthorId, thread.Title, mentioned, []);
                foreach (var follower in earlierFollowers.Where(f => f != reply.AuthorId && !mentioned.Contains(f)))
                {
                    NotificationRecord.Write(db, stored, follower, ReplyKind,
                        $"{NameOf(db, reply.AuthorId)} replied in “{thread.Title}”.", ThreadLink(thread.Id));
                }
                return true;
            case PostEdited edit when db.DiscussionPosts.FindById(edit.PostId) is { } post:
                post.History.Add(new DiscussionPostVersion
                {
                    Revision = post.Revision,
                    Title = post.Number == 1 ? thread.Title : null,
                    Markdown = post.Markdown,
                    Html = post.Html,
                    ByUserId = post.History.Count == 0 ? post.AuthorId : post.History[^1].ByUserId,
                    At = post.EditedAt ?? post.PostedAt,
                });
                var before = post.MentionedIds.ToList();
                post.Markdown = edit.Markdown;
                post.Html = edit.Html;
                post.Revision++;
                post.EditedAt = at;
                post.MentionedIds = [.. edit.MentionedIds ?? []];
                db.DiscussionPosts.Update(post);
                if (post.Number == 1 && edit.Title is { } title)
                {
                    thread.Title = title;
                    db.DiscussionThreads.Update(thread);
                }
                NotifyMentioned(db, stored, thread.Id, edit.EditorId, thread.Title, edit.MentionedIds ?? [], before);
                return true;
            case PostRemoved removed when db.DiscussionPosts.FindById(removed.PostId) is { } post:
                post.Removed = true;
                post.RemovedBy = removed.RemovedBy;
                db.DiscussionPosts.Update(post);
                return true;
            case ReactionToggled reaction when db.DiscussionPosts.FindById(reaction.PostId) is { } post:
                var entry = post.Reactions.FirstOrDefault(r => r.Emoji == reaction.Emoji);
                if (entry is null)
                {
                    entry = new DiscussionReaction { Emoji = reaction.Emoji };
                    post.Reactions.Add(entry);
                }
                entry.UserIds.Remove(reaction.UserId);
                if (reaction.On)
                {
                    entry.UserIds.Add(reaction.UserId);
                }
                post.Reactions = [.. post.Reactions.Where(r => r.UserIds.Count > 0)];
                db.DiscussionPosts.Update(post);
                return true;
            case ThreadPinned pinned:
                thread.Pinned = pinned.Pinned;
                db.DiscussionThreads.Update(thread);
                return true;
            case ThreadLocked locked:
                thread.Locked = locked.Locked;
                db.DiscussionThreads.Update(thread);
                return true;
            case ThreadFollowed followed:
                thread.Followers.Remove(followed.UserId);
                if (followed.Following)
                {
                    thread.Followers.Add(followed.UserId);
                }
                db.DiscussionThreads.Update(thread);
                return true;
            case ThreadRead read:
                MarkRead(db, read.ThreadId, read.UserId, read.LastNumber);
                return true;
            default:
                return false;
        }
    }

    private static void MarkRead(RoundtableDb db, string threadId, string userId, long lastNumber)
    {
        var id = DiscussionReadRecord.KeyOf(threadId, userId);
        if (db.DiscussionReads.FindById(id) is { } read)
        {
            if (read.LastNumber < lastNumber)
            {
                read.LastNumber = lastNumber;
                db.DiscussionReads.Update(read);
            }
            return;
        }
        db.DiscussionReads.Insert(new DiscussionReadRecord { Id = id, ThreadId = threadId, UserId = userId, LastNumber = lastNumber });
    }

    private static void NotifyMentioned(
        RoundtableDb db, StoredEvent stored, string threadId, string authorId, string title, IEnumerable<string> mentioned, IReadOnlyCollection<string> alreadyTold)
    {
        foreach (var userId in mentioned.Where(id => id != authorId && !alreadyTold.Contains(id)))
        {
            NotificationRecord.Write(db, stored, userId, MentionKind, $"{NameOf(db, authorId)} mentioned you in “{title}”.", ThreadLink(threadId));
        }
    }

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Someone";
}
