using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Which of this node's connections are in which room, as whom. A participant leaves the room (an event) when no
/// connection of theirs is in it on any node (<see cref="IPresenceRegistry"/>); when a connection drops, only after
/// the grace period, so a quick reconnect — to this node or another — does not flap.
/// </summary>
public sealed partial class PresenceTracker(
    RoomCommandRunner runner, IPresenceRegistry registry, IOptions<RoomsOptions> options, TimeProvider time, ILogger<PresenceTracker> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string RoomId, string UserId), HashSet<string>> _connectionsByMember = [];
    private readonly Dictionary<string, Dictionary<string, Actor>> _roomsByConnection = new(StringComparer.Ordinal);

    public async Task AttachAsync(string connectionId, string roomId, Actor actor)
    {
        bool first;
        lock (_lock)
        {
            var key = (roomId, actor.UserId);
            if (!_connectionsByMember.TryGetValue(key, out var connections))
            {
                _connectionsByMember[key] = connections = new HashSet<string>(StringComparer.Ordinal);
            }
            first = connections.Count == 0;
            connections.Add(connectionId);
            if (!_roomsByConnection.TryGetValue(connectionId, out var rooms))
            {
                _roomsByConnection[connectionId] = rooms = new Dictionary<string, Actor>(StringComparer.Ordinal);
            }
            rooms[roomId] = actor;
        }
        if (first)
        {
            await registry.ClaimAsync(roomId, actor.UserId);
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
        Actor? actor;
        lock (_lock)
        {
            actor = _roomsByConnection.TryGetValue(connectionId, out var rooms) && rooms.Remove(roomId, out var found) ? found : null;
        }
        if (actor is not null)
        {
            await DetachAsync(connectionId, roomId, actor);
            await LeaveUnlessConnectedAsync(roomId, actor, LeaveReason.Left);
        }
    }

    /// <summary>The connection dropped: after the grace period, each of its participants that has not come back leaves.</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        Dictionary<string, Actor>? rooms;
        lock (_lock)
        {
            _roomsByConnection.Remove(connectionId, out rooms);
        }
        foreach (var (roomId, actor) in rooms ?? [])
        {
            // The claim stays through the grace period, so no sweep takes the participant for gone meanwhile.
            await DetachAsync(connectionId, roomId, actor, releaseClaim: false);
            _ = LeaveAfterGraceAsync(roomId, actor);
        }
    }

    /// <summary>
    /// Participants of the given rooms with no connection on any node leave: those whose node died, or whose
    /// connections went with a previous process.
    /// </summary>
    public async Task SweepAsync(IEnumerable<string> roomIds, CancellationToken cancellationToken)
    {
        foreach (var roomId in roomIds)
        {
            await RestoreLocalAsync(roomId, cancellationToken);
            var participants = await runner.ReadAsync(roomId, state => state.Participants.ToList(), cancellationToken);
            foreach (var p in participants)
            {
                if (!await registry.IsConnectedAnywhereAsync(roomId, p.UserId))
                {
                    await LeaveUnlessConnectedAsync(roomId, new Actor(p.UserId, p.DisplayName, p.Role), LeaveReason.Disconnected, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// This node's own members of the room stay claimed and present. When this node's heartbeat lapsed (a Redis
    /// outage, a long pause), other nodes dropped its claims and may have recorded its participants as gone while
    /// their connections here stayed open; claim them again and join them back.
    /// </summary>
    private async Task RestoreLocalAsync(string roomId, CancellationToken cancellationToken)
    {
        List<Actor> members;
        lock (_lock)
        {
            members = _roomsByConnection.Values
                .Select(rooms => rooms.GetValueOrDefault(roomId))
                .OfType<Actor>()
                .DistinctBy(actor => actor.UserId)
                .ToList();
        }
        foreach (var actor in members)
        {
            await registry.ClaimAsync(roomId, actor.UserId);
        }
        var present = await runner.ReadAsync(roomId, state => members.Where(a => state.IsPresent(a.UserId)).Select(a => a.UserId).ToHashSet(), cancellationToken);
        foreach (var actor in members.Where(a => !present.Contains(a.UserId)))
        {
            await runner.ExecuteAsync(roomId, actor, new JoinRoom(), () => Task.FromResult(HasConnection(roomId, actor.UserId)), cancellationToken);
        }
    }

    private bool HasConnection(string roomId, string userId)
    {
        lock (_lock)
        {
            return _connectionsByMember.TryGetValue((roomId, userId), out var connections) && connections.Count > 0;
        }
    }

    private async Task LeaveAfterGraceAsync(string roomId, Actor actor)
    {
        try
        {
            await Task.Delay(options.Value.PresenceGracePeriod, time);
            if (!HasConnection(roomId, actor.UserId))
            {
                await registry.ReleaseAsync(roomId, actor.UserId);
            }
            await LeaveUnlessConnectedAsync(roomId, actor, LeaveReason.Disconnected);
        }
        catch (ObjectDisposedException)
        {
            // The node is shutting down; the presence sweep records the leave after the next start (or on another node).
        }
        catch (Exception ex)
        {
            LogLeaveFailed(ex, roomId);
        }
    }

    // Re-checked under the room's gate, so a leave can never overtake a reconnect that made it moot.
    private Task LeaveUnlessConnectedAsync(string roomId, Actor actor, LeaveReason reason, CancellationToken cancellationToken = default) =>
        runner.ExecuteAsync(roomId, actor, new LeaveRoom(reason),
            async () => !await registry.IsConnectedAnywhereAsync(roomId, actor.UserId), cancellationToken);

    private async Task DetachAsync(string connectionId, string roomId, Actor actor, bool releaseClaim = true)
    {
        bool last;
        lock (_lock)
        {
            var key = (roomId, actor.UserId);
            last = _connectionsByMember.TryGetValue(key, out var connections) && connections.Remove(connectionId) && connections.Count == 0;
            if (last)
            {
                _connectionsByMember.Remove(key);
            }
        }
        if (last && releaseClaim)
        {
            await registry.ReleaseAsync(roomId, actor.UserId);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Room {RoomId}: recording a dropped participant's leave failed")]
    private partial void LogLeaveFailed(Exception ex, string roomId);
}
