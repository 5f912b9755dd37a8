using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Which of this node's connections are in which room, as whom. A participant leaves the room (an event) when
/// their last connection leaves; when it drops, only after the grace period, so a quick reconnect does not flap.
/// </summary>
public sealed partial class PresenceTracker(RoomCommandRunner runner, IOptions<RoomsOptions> options, TimeProvider time, ILogger<PresenceTracker> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string RoomId, string UserId), HashSet<string>> _connectionsByMember = [];
    private readonly Dictionary<string, Dictionary<string, Actor>> _roomsByConnection = new(StringComparer.Ordinal);

    public void Attach(string connectionId, string roomId, Actor actor)
    {
        lock (_lock)
        {
            var key = (roomId, actor.UserId);
            if (!_connectionsByMember.TryGetValue(key, out var connections))
            {
                _connectionsByMember[key] = connections = new HashSet<string>(StringComparer.Ordinal);
            }
            connections.Add(connectionId);
            if (!_roomsByConnection.TryGetValue(connectionId, out var rooms))
            {
                _roomsByConnection[connectionId] = rooms = new Dictionary<string, Actor>(StringComparer.Ordinal);
            }
            rooms[roomId] = actor;
        }
    }

    /// <summary>The identity a connection joined a room with, or null when it has not joined.</summary>
    public Actor? ActorOf(string connectionId, string roomId)
    {
        lock (_lock)
        {
            return _roomsByConnection.TryGetValue(connectionId, out var rooms) && rooms.TryGetValue(roomId, out var actor) ? actor : null;
        }
    }

    /// <summary>The connection leaves the room on purpose; its participant leaves when no other connection of theirs is there.</summary>
    public async Task LeaveAsync(string connectionId, string roomId)
    {
        var actor = Detach(connectionId, roomId);
        if (actor is not null)
        {
            await runner.ExecuteAsync(roomId, actor, new LeaveRoom(LeaveReason.Left), () => !IsPresent(roomId, actor.UserId));
        }
    }

    /// <summary>The connection dropped: after the grace period, each of its participants that has not come back leaves.</summary>
    public void Disconnected(string connectionId)
    {
        Dictionary<string, Actor>? rooms;
        lock (_lock)
        {
            _roomsByConnection.Remove(connectionId, out rooms);
        }
        foreach (var (roomId, actor) in rooms ?? [])
        {
            Detach(connectionId, roomId, actor);
            _ = LeaveAfterGraceAsync(roomId, actor);
        }
    }

    /// <summary>
    /// After a restart the log may still show people "here" whose connections died with the old process: each
    /// participant of the given rooms with no connection on this node leaves. Presence is per node, so this suits
    /// a deployment of one node; a scaled deployment needs presence shared between nodes instead.
    /// </summary>
    public async Task SweepAsync(IEnumerable<string> roomIds, CancellationToken cancellationToken)
    {
        foreach (var roomId in roomIds)
        {
            var participants = await runner.ReadAsync(roomId, state => state.Participants.ToList(), cancellationToken);
            foreach (var p in participants.Where(p => !IsPresent(roomId, p.UserId)))
            {
                await runner.ExecuteAsync(roomId, new Actor(p.UserId, p.DisplayName, p.Role), new LeaveRoom(LeaveReason.Disconnected),
                    () => !IsPresent(roomId, p.UserId), cancellationToken);
            }
        }
    }

    private async Task LeaveAfterGraceAsync(string roomId, Actor actor)
    {
        try
        {
            await Task.Delay(options.Value.PresenceGracePeriod, time);
            await runner.ExecuteAsync(roomId, actor, new LeaveRoom(LeaveReason.Disconnected), () => !IsPresent(roomId, actor.UserId));
        }
        catch (Exception ex)
        {
            LogLeaveFailed(ex, roomId);
        }
    }

    private bool IsPresent(string roomId, string userId)
    {
        lock (_lock)
        {
            return _connectionsByMember.ContainsKey((roomId, userId));
        }
    }

    private Actor? Detach(string connectionId, string roomId, Actor? known = null)
    {
        lock (_lock)
        {
            var actor = known;
            if (actor is null && _roomsByConnection.TryGetValue(connectionId, out var rooms) && rooms.Remove(roomId, out var found))
            {
                actor = found;
            }
            if (actor is null)
            {
                return null;
            }
            var key = (roomId, actor.UserId);
            if (_connectionsByMember.TryGetValue(key, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
            {
                _connectionsByMember.Remove(key);
            }
            return actor;
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Room {RoomId}: recording a dropped participant's leave failed")]
    private partial void LogLeaveFailed(Exception ex, string roomId);
}
