namespace Roundtable.Server.Discussions;

/// <summary>A discussion thread as listed. Id: the thread's.</summary>
public sealed class DiscussionThreadRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string? CircleId { get; set; }
    public string? RoundtableId { get; set; }
    public string? AgendaItemId { get; set; }
    public string Title { get; set; } = "";
    public string AuthorId { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime LastPostAt { get; set; }
    /// <summary>The number of the latest post (the opening post is 1).</summary>
    public long LastNumber { get; set; }
    public int Replies { get; set; }
    public bool Pinned { get; set; }
    public bool Locked { get; set; }
    public List<string> Followers { get; set; } = [];
    /// <summary>The log position of the thread's latest event: an open page shows a detail only if it is not older than the one it has.</summary>
    public long Version { get; set; }
}

/// <summary>One version of a post as it was before an edit.</summary>
public sealed class DiscussionPostVersion
{
    public long Revision { get; set; }
    public string? Title { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string ByUserId { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>One reaction on a post and who gave it.</summary>
public sealed class DiscussionReaction
{
    public string Emoji { get; set; } = "";
    public List<string> UserIds { get; set; } = [];
}

/// <summary>
/// A post: a thread's opening post (Id = the thread's id, Number 1) or a reply. Keeps its Markdown source as written
/// (for search to index) and every earlier version.
/// </summary>
public sealed class DiscussionPostRecord
{
    public string Id { get; set; } = "";
    public string ThreadId { get; set; } = "";
    public long Number { get; set; }
    public string? ParentPostId { get; set; }
    public string? QuotedPostId { get; set; }
    public string? QuotedText { get; set; }
    public string AuthorId { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public DateTime PostedAt { get; set; }
    /// <summary>The log position of the event that posted it (what a reply email covers is counted in positions).</summary>
    public long Position { get; set; }
    public DateTime? EditedAt { get; set; }
    public long Revision { get; set; }
    public List<DiscussionPostVersion> History { get; set; } = [];
    public bool Removed { get; set; }
    public string? RemovedBy { get; set; }
    public List<DiscussionReaction> Reactions { get; set; } = [];
    public List<string> MentionedIds { get; set; } = [];
}

/// <summary>How far one person has read one thread. Id: "{ThreadId}:{UserId}".</summary>
public sealed class DiscussionReadRecord
{
    public string Id { get; set; } = "";
    public string ThreadId { get; set; } = "";
    public string UserId { get; set; } = "";
    public long LastNumber { get; set; }

    public static string KeyOf(string threadId, string userId) => $"{threadId}:{userId}";
}
