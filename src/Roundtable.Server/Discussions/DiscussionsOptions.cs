namespace Roundtable.Server.Discussions;

/// <summary>The discussions' limits (section "Discussions").</summary>
public sealed class DiscussionsOptions
{
    public const string Section = "Discussions";

    /// <summary>How long an author may edit their post; staff (the cohort's coaches, admins) may edit any time.</summary>
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A thread's title, in characters.</summary>
    public int MaxTitleLength { get; set; } = 200;

    /// <summary>A post's Markdown, in UTF-8 bytes.</summary>
    public int MaxPostBytes { get; set; } = 16 * 1024;

    /// <summary>The words quoted from another post, in characters.</summary>
    public int MaxQuoteLength { get; set; } = 1000;

    /// <summary>Replies in one thread.</summary>
    public int MaxRepliesPerThread { get; set; } = 2000;

    /// <summary>
    /// The least time between two reply emails of one thread to one person. A lively exchange runs for minutes; ten
    /// minutes keeps a busy thread to at most six emails an hour per follower, while the first reply after a quiet spell
    /// is still emailed at once (gathering what came since the last email). Mentions are emailed each time.
    /// </summary>
    public TimeSpan ReplyEmailQuietPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
