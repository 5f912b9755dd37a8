using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

public sealed record ParticipantMuted(string UserId, string DisplayName, string ByUserId) : RoomEvent;

public sealed record ParticipantUnmuted(string UserId, string DisplayName, string ByUserId) : RoomEvent;

/// <summary>Out of the room until readmitted: every command of theirs, joining included, is refused.</summary>
public sealed record ParticipantRemoved(string UserId, string DisplayName, string ByUserId) : RoomEvent;

public sealed record ParticipantReadmitted(string UserId, string DisplayName, string ByUserId) : RoomEvent;

/// <summary>Learners and managers no longer see the message's content; staff still do.</summary>
public sealed record MessageHidden(long MessageSeq, string ByUserId) : RoomEvent;

/// <summary>
/// The message is visible again. As stored, <see cref="Html"/> is null; a viewer's view carries the message's
/// HTML, so a learner's page (which only ever had an empty copy) can show it again.
/// </summary>
public sealed record MessageUnhidden(long MessageSeq, string ByUserId, string? Html = null) : RoomEvent;

public sealed record MessagePinned(long MessageSeq, string ByUserId) : RoomEvent;

public sealed record MessageUnpinned(long MessageSeq, string ByUserId) : RoomEvent;

/// <summary>New joiners (not present, not staff, not admitted) wait until a coach lets them in.</summary>
public sealed record RoomLocked(string ByUserId) : RoomEvent;

public sealed record RoomUnlocked(string ByUserId) : RoomEvent;

public sealed record ParticipantWaiting(string UserId, string DisplayName) : RoomEvent;

public sealed record ParticipantAdmitted(string UserId, string DisplayName, string ByUserId) : RoomEvent;

public sealed record ParticipantDeclined(string UserId, string DisplayName, string ByUserId) : RoomEvent;

public sealed record LearnerChatChanged(bool Allowed, string ByUserId) : RoomEvent;

public sealed record NotesEditingChanged(bool Allowed, string ByUserId) : RoomEvent;
