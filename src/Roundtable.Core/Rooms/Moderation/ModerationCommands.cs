namespace Roundtable.Core.Rooms;

/// <summary>Moderation's commands: coach and admin only, except <see cref="AskToJoin"/> (anyone refused entry to a locked room).</summary>
public abstract record ModerationCommand : RoomCommand;

public sealed record MuteParticipant(string UserId) : ModerationCommand;

public sealed record UnmuteParticipant(string UserId) : ModerationCommand;

public sealed record RemoveParticipant(string UserId) : ModerationCommand;

public sealed record ReadmitParticipant(string UserId) : ModerationCommand;

public sealed record HideMessage(long MessageSeq) : ModerationCommand;

public sealed record UnhideMessage(long MessageSeq) : ModerationCommand;

public sealed record PinMessage(long MessageSeq) : ModerationCommand;

public sealed record UnpinMessage(long MessageSeq) : ModerationCommand;

public sealed record LockRoom : ModerationCommand;

public sealed record UnlockRoom : ModerationCommand;

/// <summary>Someone not let into a locked room asks to be let in: they go on the waiting list.</summary>
public sealed record AskToJoin : ModerationCommand;

public sealed record AdmitParticipant(string UserId) : ModerationCommand;

public sealed record DeclineParticipant(string UserId) : ModerationCommand;

public sealed record SetLearnerChat(bool Allowed) : ModerationCommand;

public sealed record SetNotesEditing(bool Allowed) : ModerationCommand;
