using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

public sealed record HandRaised(string UserId, string DisplayName) : RoomEvent;

public sealed record HandLowered(string UserId, string DisplayName) : RoomEvent;

/// <summary><see cref="UserId"/> has the floor and leaves the queue; whoever spoke before does not any more.</summary>
public sealed record FloorGiven(string UserId, string DisplayName, string ByUserId) : RoomEvent;

public sealed record FloorTaken(string UserId, string DisplayName, string ByUserId) : RoomEvent;

public sealed record QueueCleared(string ByUserId) : RoomEvent;
