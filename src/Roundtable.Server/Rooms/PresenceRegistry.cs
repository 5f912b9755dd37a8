namespace Roundtable.Server.Rooms;

/// <summary>
/// Whether a user has a live connection in a room on any node. Embedded: this process's connections. Scaled
/// out: each node's claims in Redis, counted only while that node's heartbeat lives.
/// </summary>
public interface IPresenceRegistry
{
    /// <summary>This node now holds a connection of the user in the room.</summary>
    Task ClaimAsync(string roomId, string userId);

    /// <summary>This node holds no connection of the user in the room any more.</summary>
    Task ReleaseAsync(string roomId, string userId);

    Task<bool> IsConnectedAnywhereAsync(string roomId, string userId);
}

/// <summary>One node: its own connections are all there are.</summary>
public sealed class LocalPresenceRegistry : IPresenceRegistry
{
    private readonly Lock _lock = new();
    private readonly HashSet<(string RoomId, string UserId)> _claims = [];

    public Task ClaimAsync(string roomId, string userId)
    {
        lock (_lock)
        {
            _claims.Add((roomId, userId));
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string roomId, string userId)
    {
        lock (_lock)
        {
            _claims.Remove((roomId, userId));
        }
        return Task.CompletedTask;
    }

    public Task<bool> IsConnectedAnywhereAsync(string roomId, string userId)
    {
        lock (_lock)
        {
            return Task.FromResult(_claims.Contains((roomId, userId)));
        }
    }
}
