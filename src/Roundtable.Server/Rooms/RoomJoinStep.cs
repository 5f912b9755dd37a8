using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// A feature's work when someone joins a room, before the room decides on the join (e.g. breakout groups past their
/// end come back first). Registered by the feature's setup; <see cref="RoomHub.Join"/> runs every step.
/// </summary>
public interface IRoomJoinStep
{
    /// <summary>Before the directory is asked about the room: the room may have been created on another node a moment ago.</summary>
    Task BeforeResolveAsync(string? roomId);

    /// <summary>Once the directory lets the caller into <paramref name="room"/>, before the room itself decides.</summary>
    Task BeforeJoinAsync(RoundtableRecord room);
}
