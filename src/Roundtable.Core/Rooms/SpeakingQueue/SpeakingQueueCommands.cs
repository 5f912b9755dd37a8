namespace Roundtable.Core.Rooms;

public sealed record RaiseHand : RoomCommand;

public sealed record LowerHand : RoomCommand;

/// <summary>Gives the floor to <see cref="UserId"/>, who must be in the queue; null gives it to the first in the queue.</summary>
public sealed record GiveFloor(string? UserId) : RoomCommand;

public sealed record TakeFloor : RoomCommand;

public sealed record ClearQueue : RoomCommand;
