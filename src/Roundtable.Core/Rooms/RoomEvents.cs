using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>The role a participant holds in a room: their cohort role, or Admin.</summary>
public enum RoomRole
{
    Learner,
    Coach,
    Manager,
    Admin,
    /// <summary>Joins, watches and reads; every other command is refused (<see cref="EntryFeature"/>).</summary>
    Observer,
}

public enum RoomStatus
{
    Scheduled,
    Live,
    Ended,
}

public sealed record ParticipantJoined(string UserId, string DisplayName, RoomRole Role) : RoomEvent;

/// <summary>Why someone left: they said so, or their connection dropped and did not come back within the grace period.</summary>
public enum LeaveReason
{
    Left,
    Disconnected,
}

public sealed record ParticipantLeft(string UserId, string DisplayName, LeaveReason Reason) : RoomEvent;

/// <summary>
/// A chat message. <see cref="Markdown"/> is the source exactly as written; <see cref="Html"/> is derived from it
/// (Markdig, raw HTML off, then sanitised) once, at the command, so readers never re-render.
/// The message's id is the seq of this event. <see cref="ClientMessageId"/> makes a retried send idempotent.
/// </summary>
public sealed record MessagePosted(string UserId, string DisplayName, string Markdown, string Html, string? ClientMessageId) : RoomEvent;

public sealed record RoundtableStarted(string UserId) : RoomEvent;

public sealed record RoundtableEnded(string UserId) : RoomEvent;
