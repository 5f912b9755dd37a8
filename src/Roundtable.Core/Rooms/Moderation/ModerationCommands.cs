namespace Roundtable.Core.Rooms;

// Moderation: coach and admin only, except AskToJoin (anyone refused entry to a locked room).

public sealed record MuteParticipant(string UserId) : RoomCommand;

public sealed record UnmuteParticipant(string UserId) : RoomCommand;

public sealed record RemoveParticipant(string UserId) : RoomCommand;

public sealed record ReadmitParticipant(string UserId) : RoomCommand;

public sealed record HideMessage(long MessageSeq) : RoomCommand;

public sealed record UnhideMessage(long MessageSeq) : RoomCommand;

public sealed record PinMessage(long MessageSeq) : RoomCommand;

public sealed record UnpinMessage(long MessageSeq) : RoomCommand;

public sealed record LockRoom : RoomCommand;

public sealed record UnlockRoom : RoomCommand;

/// <summary>Someone not let into a locked room asks to be let in: they go on the waiting list.</summary>
public sealed record AskToJoin : RoomCommand;

public sealed record AdmitParticipant(string UserId) : RoomCommand;

public sealed record DeclineParticipant(string UserId) : RoomCommand;

public sealed record SetLearnerChat(bool Allowed) : RoomCommand;

public sealed record SetNotesEditing(bool Allowed) : RoomCommand;
