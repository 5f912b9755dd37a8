using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>What a command did: the decision and the events it appended (none when rejected or already done).</summary>
public sealed record CommandOutcome(Decision Decision, IReadOnlyList<StoredEvent> Appended)
{
    /// <summary>The seq that records the command: the last appended event, or the earlier one a retry matched.</summary>
    public long? Seq => Appended.Count > 0 ? Appended[^1].Seq : Decision.ExistingSeq;
}

/// <summary>
/// The one way into a room. Per room, one command at a time on this node (a gate); the cached state is brought up
/// to date from the log, the decider decides, and the events are appended with the expected version — a conflict
/// (another node appended first) means catch up and decide again. After an append the events go to the room's
/// group: the one way out. The cache is only a cache: the log is the truth, on one node or many.
/// </summary>
public sealed partial class RoomCommandRunner(
    IEventLog log,
    RoomDecider decider,
    IHubContext<RoomHub, IRoomClient> hub,
    ILogger<RoomCommandRunner> logger)
{
    // Two nodes busy in one room each win a race about half the time, so 8 attempts ran out for about one command in
    // 250 under steady contention (ConcurrentAppendsFromBothNodesAreGapFreeAndDuplicateFree); 32 make it negligible.
    private const int MaxAttempts = 32;
    private const int ReadPage = 1000;
    private readonly ConcurrentDictionary<string, RoomSlot> _rooms = new(StringComparer.Ordinal);

    /// <param name="stillWanted">
    /// Checked under the room's gate before deciding; a command raised by a timer (e.g. leave after the grace period)
    /// uses it to re-check its trigger, so it cannot overtake a command that made it moot.
    /// </param>
    public async Task<CommandOutcome> ExecuteAsync(string roomId, Actor actor, RoomCommand command, Func<Task<bool>>? stillWanted = null, CancellationToken cancellationToken = default)
    {
        var slot = _rooms.GetOrAdd(roomId, id => new RoomSlot(id));
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (stillWanted is not null && !await stillWanted())
            {
                return new CommandOutcome(Decision.AlreadyDone(), []);
            }
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                await CatchUpAsync(slot);
                var decision = decider.Decide(slot.State, actor, command);
                if (!decision.Accepted || decision.Events.Count == 0)
                {
                    return new CommandOutcome(decision, []);
                }
                // Not cancellable from here on: once appended, the events must also go out.
                var result = await log.AppendAsync(StreamNames.Room(roomId), slot.State.Version, decision.Events, CancellationToken.None);
                if (!result.Succeeded)
                {
                    LogConflict(roomId, slot.State.Version, result.ActualVersion);
                    // A little jitter, so two nodes do not stay in lockstep with the same node winning every race.
                    await Task.Delay(Random.Shared.Next(0, 3), CancellationToken.None);
                    continue;
                }
                foreach (var stored in result.Events)
                {
                    slot.State.Apply(stored);
                }
                await BroadcastAsync(roomId, slot.State, result.Events);
                return new CommandOutcome(decision, result.Events);
            }
            throw new EventLogUnavailableException("The room is too busy right now; nothing was changed. Try again.");
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Reads the room's current state under its gate, after catching up with the log.</summary>
    public async Task<T> ReadAsync<T>(string roomId, Func<RoomState, T> read, CancellationToken cancellationToken = default)
    {
        var slot = _rooms.GetOrAdd(roomId, id => new RoomSlot(id));
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            await CatchUpAsync(slot);
            return read(slot.State);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private async Task CatchUpAsync(RoomSlot slot)
    {
        // Asking the version first is cheap where the log knows it (embedded: in memory); reading is not.
        if (await log.GetStreamVersionAsync(StreamNames.Room(slot.State.RoomId)) == slot.State.Version)
        {
            return;
        }
        while (true)
        {
            var page = await log.ReadStreamAsync(StreamNames.Room(slot.State.RoomId), slot.State.Version, ReadPage);
            foreach (var stored in page)
            {
                slot.State.Apply(stored);
            }
            if (page.Count < ReadPage)
            {
                return;
            }
        }
    }

    private async Task BroadcastAsync(string roomId, RoomState state, IReadOnlyList<StoredEvent> events)
    {
        try
        {
            // Each audience gets its own view of the same events (same seqs), so nothing leaks to the wrong eyes.
            var staff = events.Select(e => RoomEventEnvelope.From(e, state.View(e, Viewer.Staff))).ToList();
            var participants = events.Select(e => RoomEventEnvelope.From(e, state.View(e, Viewer.Participants))).ToList();
            if (staff.Zip(participants).All(pair => ReferenceEquals(pair.First.Event, pair.Second.Event)))
            {
                // The usual case: one view for all, so one message, serialised once for every connection.
                await hub.Clients.Groups(RoomsPaths.Group(roomId, RoomAudience.Staff), RoomsPaths.Group(roomId, RoomAudience.Participants)).RoomEvents(staff);
            }
            else
            {
                await hub.Clients.Group(RoomsPaths.Group(roomId, RoomAudience.Staff)).RoomEvents(staff);
                await hub.Clients.Group(RoomsPaths.Group(roomId, RoomAudience.Participants)).RoomEvents(participants);
            }
            await SendFeedbackUpdatesAsync(roomId, state, events);
        }
        catch (Exception ex)
        {
            // Stored is what counts: clients notice the gap at the next event or reconnect and catch up.
            LogBroadcastFailed(ex, roomId, events[^1].Seq);
        }
    }

    /// <summary>Feedback's live views (aggregate, comments, the giver's own), after the events, to whoever may see each.</summary>
    private async Task SendFeedbackUpdatesAsync(string roomId, RoomState state, IReadOnlyList<StoredEvent> events)
    {
        foreach (var delivery in FeedbackViews.Deliveries(state, events))
        {
            var group = delivery.Audience is { } audience ? RoomsPaths.Group(roomId, audience) : RoomsPaths.PersonalGroup(roomId, delivery.UserId!);
            await hub.Clients.Group(group).FeedbackUpdated(delivery.Update);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Room {RoomId}: expected version {Expected}, log is at {Actual}; deciding again")]
    private partial void LogConflict(string roomId, long expected, long actual);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Room {RoomId}: events up to seq {Seq} were stored but could not be broadcast")]
    private partial void LogBroadcastFailed(Exception ex, string roomId, long seq);

    private sealed class RoomSlot(string roomId)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public RoomState State { get; } = new(roomId);
    }
}
