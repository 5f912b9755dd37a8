namespace Roundtable.Core.Rooms;

/// <summary>The speaking queue's commands.</summary>
public abstract record SpeakingQueueCommand : RoomCommand;

public sealed record RaiseHand : SpeakingQueueCommand;

public sealed record LowerHand : SpeakingQueueCommand;

/// <summary>Gives the floor to <see cref="UserId"/>, who must be in the queue; null gives it to the first in the queue.</summary>
public sealed record GiveFloor(string? UserId) : SpeakingQueueCommand;

public sealed record TakeFloor : SpeakingQueueCommand;

public sealed record ClearQueue : SpeakingQueueCommand;
