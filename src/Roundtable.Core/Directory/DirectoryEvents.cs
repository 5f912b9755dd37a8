using Roundtable.Core.Events;
using Roundtable.Core.Feedback;

namespace Roundtable.Core.Directory;

/// <summary>A person's role within one cohort. Admin is global and lives on the account, not here.</summary>
public enum CohortRole
{
    Learner,
    Coach,
    Manager,
    /// <summary>Joins, watches and reads the cohort's rooms; takes no part in them.</summary>
    Observer,
}

public sealed record UserRegistered(string UserId, string Email, string DisplayName, string PasswordHash, bool IsAdmin) : DirectoryEvent;

/// <summary>
/// Sets (or, with a null manager, clears) the person someone reports to at work. Their manager sees their plans and gives
/// feedback on them; matching can keep mentors out of a learner's own reporting line.
/// </summary>
public sealed record ManagerSet(string UserId, string? ManagerId, string SetBy) : DirectoryEvent;

public sealed record ProgramCreated(string ProgramId, string Name, string Description, string CreatedBy) : DirectoryEvent;

public sealed record CohortCreated(string CohortId, string ProgramId, string Name, string CreatedBy) : DirectoryEvent;

/// <summary>Adds a person to a cohort, or changes their role when they are already a member.</summary>
public sealed record MemberAdded(string CohortId, string UserId, CohortRole Role, string AddedBy) : DirectoryEvent;

public sealed record MemberRemoved(string CohortId, string UserId, string RemovedBy) : DirectoryEvent;

/// <summary>What a room is for: a cohort's session, a breakout group of a live session, or a mentoring circle's own room.</summary>
public enum RoundtableKind
{
    Session,
    Breakout,
    Circle,
}

/// <summary>
/// A room comes into being. <paramref name="ParentId"/> is the session a breakout belongs to, or the circle a circle's
/// room belongs to; null for a cohort's session. Only sessions count as the cohort's sessions on the dashboard.
/// <paramref name="SeriesId"/> names the recurring series an occurrence belongs to (null for a one-off);
/// <paramref name="TimeZone"/> is the IANA zone it was scheduled in (null: scheduled before zones were kept, read as UTC).
/// </summary>
public sealed record RoundtableScheduled(
    string RoundtableId,
    string CohortId,
    string Title,
    DateTimeOffset ScheduledStart,
    int DurationMinutes,
    string ScheduledBy,
    RoundtableKind Kind = RoundtableKind.Session,
    string? ParentId = null,
    string? SeriesId = null,
    string? TimeZone = null) : DirectoryEvent;

/// <summary>
/// One version of a rubric, whole: version 1 creates it, each edit saves the next, and none is ever changed.
/// A rubric stays in the program it was created in.
/// </summary>
public sealed record RubricSaved(Rubric Rubric, string SavedBy) : DirectoryEvent;
