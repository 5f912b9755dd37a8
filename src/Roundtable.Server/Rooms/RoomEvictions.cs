using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Takes a person's connections out of a room's SignalR groups as soon as the room or the cohort no longer lets them
/// in (<see cref="RoomAccess"/>): removed by the coach, removed from the cohort, moved to another breakout group. Each
/// node acts on its own connections when its projection reads the change from the log, so it holds on every node with
/// one code path for both deployments; the node that made the change also acts before it answers, so the caller knows
/// it is done. Someone merely waiting at a locked door stays where they hear whether they are let in.
/// </summary>
public sealed partial class RoomEvictions(
    RoomConnections connections,
    RoomAccess access,
    CohortAccess cohorts,
    PresenceTracker presence,
    IHubContext<RoomHub, IRoomClient> hub,
    ILogger<RoomEvictions> logger) : BackgroundService, IProjectionListener
{
    private static readonly TimeSpan GroupPatience = TimeSpan.FromSeconds(5);

    private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Re-checks the person's connections in one room; out of its groups unless they may still be there.</summary>
    public Task EvictFromRoomAsync(string roomId, string userId) => EvictAsync(userId, room => room == roomId);

    /// <summary>Re-checks the person's connections in every room of the cohort.</summary>
    public Task EvictFromCohortAsync(string cohortId, string userId) =>
        EvictAsync(userId, room => cohorts.Roundtable(room)?.CohortId == cohortId);

    /// <summary>Called by the projector with each batch once this node's read models include it.</summary>
    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        foreach (var stored in batch)
        {
            Change? change = stored.Event switch
            {
                MemberRemoved e => new Change(e.UserId, CohortId: e.CohortId),
                ParticipantRemoved e => new Change(e.UserId, RoomId: StreamNames.RoomIdOf(stored.Stream), Notice: stored),
                BreakoutMemberMoved e when e.FromRoomId == StreamNames.RoomIdOf(stored.Stream) => new Change(e.UserId, RoomId: e.FromRoomId, Notice: stored),
                _ => null,
            };
            // Most people named in the log have no connection here (and none at all while a node replays at start).
            if (change is not null && connections.HasAny(change.UserId))
            {
                _changes.Writer.TryWrite(change);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await (change.RoomId is { } roomId
                    ? EvictAsync(change.UserId, room => room == roomId, change.Notice)
                    : EvictFromCohortAsync(change.CohortId!, change.UserId));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogEvictionFailed(ex, change.RoomId ?? change.CohortId!);
            }
        }
    }

    /// <param name="notice">
    /// The room event that keeps the person out, sent to each connection before it leaves the groups: the projection can
    /// read it before the room's outbox (or, on another node, the backplane) has delivered it to the group, and the
    /// person must still hear that they were removed or moved. Clients drop a seq they already have.
    /// </param>
    private async Task EvictAsync(string userId, Func<string, bool> inScope, StoredEvent? notice = null)
    {
        foreach (var (connectionId, roomId) in connections.Of(userId).Where(c => inScope(c.RoomId)))
        {
            var admission = await access.DecideAsync(userId, roomId);
            if (admission.Allowed || admission.Bar == RoomBar.MustWait)
            {
                continue;
            }
            connections.Exit(connectionId, roomId);
            if (notice is not null && connections.IsOpen(connectionId))
            {
                try
                {
                    await hub.Clients.Client(connectionId).RoomEvents([RoomEventEnvelope.From(notice)]).WaitAsync(GroupPatience);
                }
                catch (TimeoutException)
                {
                    // A connection that does not read gets the notice when it catches up: it is told it was removed.
                }
            }
            foreach (var group in RoomsPaths.GroupsOf(roomId, userId))
            {
                // A connection that closed meanwhile left every group with it. Asked about a connection it no longer
                // holds, the Redis backplane waits for another node's answer that never comes; so ask only about open
                // ones, and not for long.
                if (!connections.IsOpen(connectionId))
                {
                    break;
                }
                try
                {
                    await hub.Groups.RemoveFromGroupAsync(connectionId, group).WaitAsync(GroupPatience);
                }
                catch (TimeoutException)
                {
                    break;
                }
            }
            await presence.LeaveAsync(connectionId, roomId);
            LogEvicted(roomId, admission.Bar!.Value);
        }
    }

    private sealed record Change(string UserId, string? RoomId = null, string? CohortId = null, StoredEvent? Notice = null);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Room {RoomId}: a connection was taken out of the room's groups ({Bar})")]
    private partial void LogEvicted(string roomId, RoomBar bar);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Taking connections out of {Scope}'s groups failed")]
    private partial void LogEvictionFailed(Exception ex, string scope);
}
