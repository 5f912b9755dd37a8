namespace Roundtable.Server.Storage;

// Read models of the schedule beyond the roundtables themselves: calendar feeds and the reminders that fall due.

/// <summary>A person's calendar feed. Id: the SHA-256 of its secret token (the token itself is never stored).</summary>
public sealed class CalendarFeedRecord
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime IssuedAt { get; set; }
}

/// <summary>
/// A reminder that falls due at <see cref="DueAt"/> for the roundtable's time as of <see cref="Sequence"/>. Id:
/// "{RoundtableId}:{Kind}", so a moved roundtable's reminder is replaced; gone once the roundtable starts or is cancelled.
/// </summary>
public sealed class DueReminderRecord
{
    public string Id { get; set; } = "";
    public string RoundtableId { get; set; } = "";
    /// <summary>"24h" or "15m".</summary>
    public string Kind { get; set; } = "";
    public DateTime DueAt { get; set; }
    public DateTime StartsAt { get; set; }
    public int Sequence { get; set; }

    public static string KeyOf(string roundtableId, string kind) => $"{roundtableId}:{kind}";
}
