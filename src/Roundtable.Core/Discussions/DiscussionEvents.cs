using Roundtable.Core.Events;

namespace Roundtable.Core.Discussions;

/// <summary>
/// Everything that happens to one discussion thread, on the thread's own stream (<see cref="Log.StreamNames.Thread"/>).
/// A thread's opening post has the thread's id as its post id; replies have their own. Every post keeps its Markdown
/// source as written (what search indexes) beside the sanitised HTML rendered once when it was accepted.
/// </summary>
public abstract record DiscussionEvent(string ThreadId) : DomainEvent;

/// <summary>
/// A member starts a thread in a cohort, or in one of its circles (<paramref name="CircleId"/>: read by that circle's
/// members and the cohort's staff only). A roundtable's thread names it, an agenda topic's thread names the topic too.
/// <paramref name="MentionedIds"/>: the members the body mentions, resolved when it was posted.
/// </summary>
public sealed record ThreadStarted(
    string ThreadId, string CohortId, string? CircleId, string? RoundtableId, string? AgendaItemId,
    string Title, string Markdown, string Html, string AuthorId, IReadOnlyList<string>? MentionedIds) : DiscussionEvent(ThreadId);

/// <summary>
/// A reply: to the thread, or (<paramref name="ParentPostId"/>) to one of its top-level replies, one level deep only.
/// <paramref name="QuotedPostId"/> and <paramref name="QuotedText"/>: the post quoted and the words taken from it.
/// <paramref name="Number"/>: 2, 3, ... in the order posted (the opening post is 1): what "read up to" counts in.
/// </summary>
public sealed record ReplyPosted(
    string ThreadId, string PostId, long Number, string? ParentPostId, string? QuotedPostId, string? QuotedText,
    string Markdown, string Html, string AuthorId, IReadOnlyList<string>? MentionedIds) : DiscussionEvent(ThreadId);

/// <summary>A post's new text (and, for the opening post, title); the previous version stays in its history.</summary>
public sealed record PostEdited(
    string ThreadId, string PostId, string? Title, string Markdown, string Html, string EditorId, IReadOnlyList<string>? MentionedIds)
    : DiscussionEvent(ThreadId);

/// <summary>A post removed by its author or by staff: it stays in its place, shown as removed, its text no longer shown.</summary>
public sealed record PostRemoved(string ThreadId, string PostId, string RemovedBy) : DiscussionEvent(ThreadId);

/// <summary>A person's reaction put on (<paramref name="On"/>) or taken off a post; <paramref name="Emoji"/> is a key of <see cref="DiscussionReactions"/>.</summary>
public sealed record ReactionToggled(string ThreadId, string PostId, string UserId, string Emoji, bool On) : DiscussionEvent(ThreadId);

/// <summary>Staff pin a thread to the top of its list, or unpin it.</summary>
public sealed record ThreadPinned(string ThreadId, bool Pinned, string By) : DiscussionEvent(ThreadId);

/// <summary>Staff lock a thread (only staff may reply then), or unlock it.</summary>
public sealed record ThreadLocked(string ThreadId, bool Locked, string By) : DiscussionEvent(ThreadId);

/// <summary>A person follows a thread (told of new replies) or stops. Authors and repliers follow by posting.</summary>
public sealed record ThreadFollowed(string ThreadId, string UserId, bool Following) : DiscussionEvent(ThreadId);

/// <summary>A person has seen the thread up to post <paramref name="LastNumber"/>: what counts as unread for them.</summary>
public sealed record ThreadRead(string ThreadId, string UserId, long LastNumber) : DiscussionEvent(ThreadId);

/// <summary>The discussions' event types, as the event serializer knows them.</summary>
public static class DiscussionEventTypes
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(ThreadStarted), typeof(ReplyPosted), typeof(PostEdited), typeof(PostRemoved), typeof(ReactionToggled),
        typeof(ThreadPinned), typeof(ThreadLocked), typeof(ThreadFollowed), typeof(ThreadRead),
    ];
}

/// <summary>The small fixed set of reactions: key (stored) and what a screen reader and the button's title say.</summary>
public static class DiscussionReactions
{
    public static readonly IReadOnlyList<(string Key, string Emoji, string Label)> All =
    [
        ("thumbs-up", "👍", "Thumbs up"),
        ("heart", "❤️", "Heart"),
        ("tada", "🎉", "Celebrate"),
        ("smile", "😄", "Smile"),
        ("thinking", "🤔", "Thinking"),
        ("eyes", "👀", "Looking"),
    ];

    public static bool IsKnown(string? key) => All.Any(r => r.Key == key);
}
