using Roundtable.Core.Events;

namespace Roundtable.Core.Directory;

// Changes to when roundtables happen, after they are scheduled (RoundtableScheduled), and the calendar feeds that carry
// them to people's calendars. Every change raises the roundtable's calendar sequence, so calendars replace the old entry.

/// <summary>One roundtable moved, retitled or given another length; <paramref name="TimeZone"/> is the IANA zone it is now in.</summary>
public sealed record RoundtableRescheduled(
    string RoundtableId,
    string Title,
    DateTimeOffset ScheduledStart,
    int DurationMinutes,
    string TimeZone,
    string ChangedBy) : DirectoryEvent;

/// <summary>One roundtable will not happen: it cannot be started or joined, and calendars show it cancelled.</summary>
public sealed record RoundtableCancelled(string RoundtableId, string CancelledBy) : DirectoryEvent;

/// <summary>What the cohort is told about a change of its schedule.</summary>
public enum ScheduleChange
{
    Scheduled,
    Changed,
    Cancelled,
}

/// <summary>
/// Closes one change of a cohort's schedule (a session or a whole series scheduled, moved or cancelled), appended after
/// the events it sums up: its members are told once about the change, with every roundtable it touched, rather than once
/// per occurrence.
/// </summary>
public sealed record ScheduleAnnounced(string CohortId, ScheduleChange Change, IReadOnlyList<string> RoundtableIds, string By) : DirectoryEvent;

/// <summary>
/// A person's calendar feed: a new secret address (only its hash is kept) that replaces any earlier one.
/// </summary>
public sealed record CalendarFeedIssued(string UserId, string TokenHash) : DirectoryEvent;

/// <summary>The person's calendar feed address stops working.</summary>
public sealed record CalendarFeedRevoked(string UserId) : DirectoryEvent;
