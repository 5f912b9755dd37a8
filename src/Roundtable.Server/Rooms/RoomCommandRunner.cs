using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
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
/// (another node appended first) means catch up and decide again (all three through the <see cref="EventStreamWriter"/>,
/// with the room's cached fold). After an append the events go to the room's
/// <see cref="RoomOutbox"/>: the one way out. The cache is only a cache: the log is the truth, on one node or many.
/// </summary>
public sealed partial class RoomCommandRunner(
    IEventLog log,
    RoomDecider decider,
    IHubContext<RoomHub, IRoomClient> hub,
    IEnumerable<IRoomDeliveryPolicy> deliveryPolicies,
    IOptions<RoomsOptions> options,
    TimeProvider time,
    ILogger<RoomCommandRunner> logger,
    IEnumerable<IRoomAppendObserver>? observers = null)
{
    // Two nodes busy in one room each win a race about half the time, so 8 attempts ran out for about one command in
    // 250 under steady contention (ConcurrentAppendsFromBothNodesAreGapFreeAndDuplicateFree); 32 make it negligible.
    private static readonly StreamWriteOptions RoomWrites = new() { MaxAttempts = 32 };
    private readonly EventStreamWriter _writer = new(log);
    private readonly ConcurrentDictionary<string, RoomSlot> _rooms = new(StringComparer.Ordinal);
    private readonly IRoomDeliveryPolicy[] _deliveryPolicies = [.. deliveryPolicies];
    private readonly IRoomAppendObserver[] _observers = [.. observers ?? []];

    /// <param name="stillWanted">
    /// Checked under the room's gate before deciding; a command raised by a timer (e.g. leave after the grace period)
    /// uses it to re-check its trigger, so it cannot overtake a command that made it moot.
    /// </param>
    public async Task<CommandOutcome> ExecuteAsync(string roomId, Actor actor, RoomCommand command, Func<Task<bool>>? stillWanted = null, CancellationToken cancellationToken = default)
    {
        CommandOutcome outcome;
        Outgoing? outgoing;
        var slot = await EnterAsync(roomId, cancellationToken);
        try
        {
            (outcome, outgoing) = await DecideAndWriteAsync(slot, actor, command, stillWanted);
        }
        finally
        {
            slot.Gate.Release();
        }
        // Answered once the events have gone out (so the caller has seen them), but without holding the room meanwhile.
        // "Gone out" is into each connection's own send buffer (scaled out: to the backplane), never a wait on a
        // socket: a client that does not read costs only itself (Hubs/SendBuffer). On one node the caller's events are
        // in its buffer before this answer, which follows on the same connection; scaled out they come back through
        // the backplane and may follow it (the client applies events by seq, not by when the answer came).
        if (outgoing is not null)
        {
            await slot.Outbox.SendQueuedAsync();
            await outgoing.Sent.Task;
        }
        return outcome;
    }

    /// <summary>Under the room's gate: decide, append (deciding again after a conflict), apply, and queue what goes out.</summary>
    private async Task<(CommandOutcome, Outgoing?)> DecideAndWriteAsync(RoomSlot slot, Actor actor, RoomCommand command, Func<Task<bool>>? stillWanted)
    {
        var roomId = slot.State.RoomId;
        if (stillWanted is not null && !await stillWanted())
        {
            return (new CommandOutcome(Decision.AlreadyDone(), []), null);
        }
        // Not cancellable: once appended, the events must also go out.
        var write = await _writer.ExecuteAsync(slot.Stream, state =>
        {
            var decision = decider.Decide(state, actor, command);
            return decision.Accepted ? StreamDecision.Append(decision, decision.Events) : StreamDecision.Nothing(decision);
        }, RoomWrites, CancellationToken.None);
        if (write.Attempts > 1)
        {
            LogDecidedAgain(roomId, write.Attempts);
        }
        if (write.Busy)
        {
            throw new EventLogUnavailableException(RoomBusyMessage);
        }
        if (write.Appended.Count == 0)
        {
            return (new CommandOutcome(write.Answer, []), null);
        }
        var outgoing = slot.Outbox.Enqueue(slot.State, write.Appended);
        foreach (var observer in _observers)
        {
            observer.Appended(slot.State, write.Appended);
        }
        return (new CommandOutcome(write.Answer, write.Appended), outgoing);
    }

    /// <summary>Reads the room's current state under its gate, after catching up with the log.</summary>
    public async Task<T> ReadAsync<T>(string roomId, Func<RoomState, T> read, CancellationToken cancellationToken = default)
    {
        var slot = await EnterAsync(roomId, cancellationToken);
        try
        {
            await slot.Stream.CatchUpAsync(log);
            return read(slot.State);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// Takes the room's turn, or refuses after <see cref="RoomsOptions.GateTimeout"/>: while the store is stalled each
    /// command ahead holds the room for up to a store timeout, and callers must be answered, not left queueing.
    /// </summary>
    private async Task<RoomSlot> EnterAsync(string roomId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = _rooms.GetOrAdd(roomId, id =>
                new RoomSlot(id, new RoomOutbox(id, hub, _deliveryPolicies, options.Value.PlaceholderDelay, time, LogBroadcastFailed), time.GetUtcNow()));
            if (!await slot.Gate.WaitAsync(options.Value.GateTimeout, cancellationToken))
            {
                LogGateTimedOut(roomId, options.Value.GateTimeout.TotalSeconds);
                throw new EventLogUnavailableException(RoomBusyMessage);
            }
            if (!slot.Released)
            {
                slot.LastUsed = time.GetUtcNow();
                return slot;
            }
            // Let go while this caller waited for its turn: one slot per room, so take the room's new one.
            slot.Gate.Release();
        }
    }

    internal const string RoomBusyMessage = "The room is busy right now; nothing was changed. Try again.";

    /// <summary>Whether this node holds the room's state in memory.</summary>
    public bool Holds(string roomId) => _rooms.ContainsKey(roomId);

    /// <summary>
    /// Lets go of the state of every room that <paramref name="mayRelease"/> allows, unused for
    /// <see cref="RoomsOptions.IdleStateRetention"/>, whose turn is free and whose outbox has sent everything; the next
    /// command or read folds it anew from the log. Returns how many.
    /// </summary>
    public int ReleaseIdleRooms(Func<string, bool> mayRelease)
    {
        var unusedSince = time.GetUtcNow() - options.Value.IdleStateRetention;
        var released = 0;
        foreach (var (roomId, slot) in _rooms)
        {
            // A room busy right now is in use: never wait for it.
            if (!slot.Gate.Wait(0))
            {
                continue;
            }
            try
            {
                if (slot.LastUsed <= unusedSince && slot.Outbox.IsIdle && mayRelease(roomId))
                {
                    // Under the gate: whoever waits for it next sees Released and takes a new slot.
                    slot.Released = true;
                    _rooms.TryRemove(KeyValuePair.Create(roomId, slot));
                    released++;
                }
            }
            finally
            {
                slot.Gate.Release();
            }
        }
        if (released > 0)
        {
            LogReleased(released, _rooms.Count);
        }
        return released;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Room {RoomId}: another writer appended first; decided {Attempts} times")]
    private partial void LogDecidedAgain(string roomId, int attempts);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Room {RoomId}: events up to seq {Seq} were stored but could not be broadcast")]
    private partial void LogBroadcastFailed(Exception ex, string roomId, long seq);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Room {RoomId}: a command waited {Seconds} s for the room's turn and was refused")]
    private partial void LogGateTimedOut(string roomId, double seconds);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Let go of the state of {Released} idle rooms; {Kept} kept in memory")]
    private partial void LogReleased(int released, int kept);

    private sealed class RoomSlot(string roomId, RoomOutbox outbox, DateTimeOffset created)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>When the room was last used (or its state folded); read and written under the gate.</summary>
        public DateTimeOffset LastUsed { get; set; } = created;

        /// <summary>Set under the gate when the slot leaves the cache: nobody may use it after that.</summary>
        public bool Released { get; set; }

        public FoldedStream<RoomState> Stream { get; } = FoldedStream.Of<RoomState>(StreamNames.Room(roomId), new RoomState(roomId), (state, stored) => state.Apply(stored));
        public RoomState State => Stream.State;
        public RoomOutbox Outbox { get; } = outbox;
    }
}
