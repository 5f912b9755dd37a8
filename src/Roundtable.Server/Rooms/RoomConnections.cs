namespace Roundtable.Server.Rooms;

/// <summary>
/// Which of this node's connections were put in which rooms' SignalR groups (joined, or waiting at a locked door), by
/// person: what <see cref="RoomEvictions"/> takes out when a room or a cohort no longer lets the person in.
/// </summary>
public sealed class RoomConnections
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userOf = new(StringComparer.Ordinal);

    /// <summary>Called before the connection is added to any of the room's groups, so an eviction cannot miss it.</summary>
    public void Enter(string connectionId, string userId, string roomId)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var connections))
            {
                _byUser[userId] = connections = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            }
            if (!connections.TryGetValue(connectionId, out var rooms))
            {
                connections[connectionId] = rooms = new HashSet<string>(StringComparer.Ordinal);
            }
            rooms.Add(roomId);
            _userOf[connectionId] = userId;
        }
    }

    public void Exit(string connectionId, string roomId)
    {
        lock (_lock)
        {
            if (_userOf.TryGetValue(connectionId, out var userId) && _byUser[userId].TryGetValue(connectionId, out var rooms))
            {
                rooms.Remove(roomId);
            }
        }
    }

    public void Disconnected(string connectionId)
    {
        lock (_lock)
        {
            if (_userOf.Remove(connectionId, out var userId) && _byUser[userId].Remove(connectionId) && _byUser[userId].Count == 0)
            {
                _byUser.Remove(userId);
            }
        }
    }

    /// <summary>True until the connection closes.</summary>
    public bool IsOpen(string connectionId)
    {
        lock (_lock)
        {
            return _userOf.ContainsKey(connectionId);
        }
    }

    /// <summary>True when the person has a connection on this node that entered some room.</summary>
    public bool HasAny(string userId)
    {
        lock (_lock)
        {
            return _byUser.ContainsKey(userId);
        }
    }

    /// <summary>This node's connections of the person, each with the rooms it entered.</summary>
    public IReadOnlyList<(string ConnectionId, string RoomId)> Of(string userId)
    {
        lock (_lock)
        {
            return _byUser.TryGetValue(userId, out var connections)
                ? [.. connections.SelectMany(c => c.Value.Select(room => (c.Key, room)))]
                : [];
        }
    }
}
