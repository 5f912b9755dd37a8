using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// What one command sends: each audience's view of its events (same seqs, so nothing leaks to the wrong eyes), which
/// audiences' views may wait, and what each delivery policy prepared.
/// </summary>
internal sealed class Outgoing
{
    // One array for every audience's views, audience by audience: [audience * count + i].
    private readonly RoomEventEnvelope[] _views;
    private readonly int _count;
    private readonly int _mayWait;
    private readonly object?[]? _prepared;

    private Outgoing(RoomEventEnvelope[] views, int count, int mayWait, object?[]? prepared, List<PersonalView>? personal)
    {
        _views = views;
        _count = count;
        _mayWait = mayWait;
        _prepared = prepared;
        Personal = personal;
    }

    /// <summary>Events about one learner or manager, as that person sees them (see <see cref="RoomState.ConcernedPerson"/>).</summary>
    public List<PersonalView>? Personal { get; }

    public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long LastSeq => _views[^1].Seq;

    public ReadOnlySpan<RoomEventEnvelope> ViewOf(int audience) => _views.AsSpan(audience * _count, _count);

    /// <summary>True when every event's view for this audience is a placeholder (see <see cref="IRoomDeliveryPolicy.CanWait"/>).</summary>
    public bool MayWait(int audience) => (_mayWait & (1 << audience)) != 0;

    public object? Prepared(int policy) => _prepared?[policy];

    /// <summary>Under the room's gate, with the events just applied to <paramref name="state"/>.</summary>
    public static Outgoing Of(RoomState state, IReadOnlyList<StoredEvent> events, IRoomDeliveryPolicy[] policies)
    {
        var audiences = RoomAudiences.Viewers;
        var views = new RoomEventEnvelope[audiences.Length * events.Count];
        var mayWait = 0;
        for (var a = 0; a < audiences.Length; a++)
        {
            var viewer = audiences[a];
            var waits = true;
            for (var i = 0; i < events.Count; i++)
            {
                var stored = events[i];
                views[a * events.Count + i] = RoomEventEnvelope.From(stored, state.View(stored, viewer));
                waits = waits && CanWait(policies, stored, viewer);
            }
            mayWait |= waits ? 1 << a : 0;
        }
        List<PersonalView>? personal = null;
        foreach (var stored in events)
        {
            if (state.ConcernedPerson(stored) is { } userId)
            {
                (personal ??= []).Add(new PersonalView(userId, RoomEventEnvelope.From(stored, state.View(stored, new Viewer(RoomAudience.Participants, userId)))));
            }
        }
        object?[]? prepared = null;
        for (var p = 0; p < policies.Length; p++)
        {
            if (policies[p].Prepare(state, events) is { } sends)
            {
                prepared ??= new object?[policies.Length];
                prepared[p] = sends;
            }
        }
        return new Outgoing(views, events.Count, mayWait, prepared, personal);
    }

    private static bool CanWait(IRoomDeliveryPolicy[] policies, StoredEvent stored, Viewer viewer)
    {
        foreach (var policy in policies)
        {
            if (policy.CanWait(stored, viewer))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>One event as the one learner or manager it is about sees it.</summary>
internal sealed record PersonalView(string UserId, RoomEventEnvelope Envelope);

/// <summary>
/// One room's way out on this node. Commands queue what they send in seq order (under the room's gate); one sender
/// at a time sends everything queued so far as one message per audience. The room's gate is not held while sending,
/// so the next commands are decided and stored meanwhile, and under a burst they go out together. An audience's views
/// that are only placeholders (a delivery policy says which) wait up to <see cref="RoomsOptions.PlaceholderDelay"/>
/// for company: in a burst of 200 peers giving feedback, the room's connections get a few frames instead of 200,
/// while staff, the presenter and each giver hear at once. Order per audience is kept: anything else sends the
/// waiting placeholders first. After the events, each delivery policy sends what the batch prepared for it.
/// A send completes once every connection's buffer has the message (see <c>Hubs/SendBuffer</c>): it never waits
/// for a client's socket.
/// </summary>
internal sealed class RoomOutbox(
    string roomId, IHubContext<RoomHub, IRoomClient> hub, IRoomDeliveryPolicy[] policies, TimeSpan placeholderDelay, TimeProvider time,
    Action<Exception, string, long> onFailure)
{
    private readonly Lock _lock = new();
    private readonly List<Outgoing> _queue = [];
    private readonly List<RoomEventEnvelope>[] _waiting = [.. RoomAudiences.All.Select(_ => new List<RoomEventEnvelope>())];
    private bool _sending;
    private bool _flushDue;
    private ITimer? _flushTimer;
    private RoomRecipients? _to;

    /// <summary>Nothing queued, waiting for company or being sent: the outbox can go with its room's cached state.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return !_sending && _queue.Count == 0 && _flushTimer is null;
            }
        }
    }

    /// <summary>Prepares and queues a command's output; call under the room's gate, so the queue stays in seq order.</summary>
    public Outgoing Enqueue(RoomState state, IReadOnlyList<StoredEvent> events)
    {
        var outgoing = Outgoing.Of(state, events, policies);
        lock (_lock)
        {
            _queue.Add(outgoing);
        }
        return outgoing;
    }

    /// <summary>
    /// Sends what is queued, on the caller's thread, unless a send is already under way (it then sends this too).
    /// Called by the command that queued, after it let go of the room's gate: no hand-over to another thread
    /// between storing an event and sending it.
    /// </summary>
    public Task SendQueuedAsync() => TryStartSending() ? DrainAsync() : Task.CompletedTask;

    private void StartSending()
    {
        if (TryStartSending())
        {
            _ = Task.Run(DrainAsync);
        }
    }

    private bool TryStartSending()
    {
        lock (_lock)
        {
            if (_sending)
            {
                return false;
            }
            _sending = true;
            return true;
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Outgoing> batch;
            var views = new List<RoomEventEnvelope>[_waiting.Length];
            var heldOrReleased = false;
            lock (_lock)
            {
                batch = [.. _queue];
                _queue.Clear();
                var empty = true;
                for (var a = 0; a < views.Length; a++)
                {
                    var waiting = _waiting[a];
                    if (batch.Count > 0 && !_flushDue && AllMayWait(batch, a))
                    {
                        // This audience's part waits for company (or the timer); the other audiences and the policies' sends go now.
                        foreach (var outgoing in batch)
                        {
                            waiting.AddRange(outgoing.ViewOf(a));
                        }
                        views[a] = [];
                        heldOrReleased = true;
                    }
                    else if (batch.Count > 0 || _flushDue)
                    {
                        // Whatever waited goes first, so each audience still hears its events in seq order.
                        heldOrReleased |= waiting.Count > 0;
                        var view = new List<RoomEventEnvelope>(waiting.Count + batch.Count);
                        view.AddRange(waiting);
                        foreach (var outgoing in batch)
                        {
                            view.AddRange(outgoing.ViewOf(a));
                        }
                        waiting.Clear();
                        views[a] = view;
                    }
                    else
                    {
                        views[a] = [];
                    }
                    empty &= views[a].Count == 0;
                }
                if (_waiting.Any(waiting => waiting.Count > 0))
                {
                    _flushTimer ??= time.CreateTimer(_ => FlushWaiting(), null, placeholderDelay, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    _flushDue = false;
                    _flushTimer?.Dispose();
                    _flushTimer = null;
                }
                if (batch.Count == 0 && empty)
                {
                    _sending = false;
                    return;
                }
            }
            try
            {
                await SendAsync(views, heldOrReleased, batch);
            }
            catch (Exception ex)
            {
                // Stored is what counts: clients notice the gap at the next event or reconnect and catch up.
                onFailure(ex, roomId, Math.Max(batch.Count > 0 ? batch[^1].LastSeq : 0, views.Max(view => view.Count > 0 ? view[^1].Seq : 0)));
            }
            foreach (var outgoing in batch)
            {
                outgoing.Sent.TrySetResult();
            }
        }
    }

    private void FlushWaiting()
    {
        lock (_lock)
        {
            _flushDue = true;
        }
        StartSending();
    }

    private async Task SendAsync(List<RoomEventEnvelope>[] views, bool heldOrReleased, List<Outgoing> batch)
    {
        // Only one sender at a time, so built once without a lock, on the first send.
        var to = _to ??= new RoomRecipients(roomId, hub);
        // The person an event is about gets their own view before their audience's placeholder: their page keeps the
        // first it receives of each seq and drops the other (RoomLog), and waits for the seqs before it meanwhile.
        foreach (var person in batch.SelectMany(outgoing => outgoing.Personal ?? []).GroupBy(view => view.UserId))
        {
            await to.Person(person.Key).RoomEvents([.. person.Select(view => view.Envelope)]);
        }
        if (!heldOrReleased && OneViewForAll(views))
        {
            // The usual case: one view for all, so one message, serialised once for every connection.
            await to.Everyone.RoomEvents(views[0]);
        }
        else
        {
            for (var a = 0; a < views.Length; a++)
            {
                if (views[a].Count > 0)
                {
                    await to.Audience(RoomAudiences.All[a]).RoomEvents(views[a]);
                }
            }
        }
        for (var p = 0; p < policies.Length; p++)
        {
            List<object>? prepared = null;
            foreach (var outgoing in batch)
            {
                if (outgoing.Prepared(p) is { } sends)
                {
                    (prepared ??= []).Add(sends);
                }
            }
            if (prepared is not null)
            {
                await policies[p].SendAsync(to, prepared);
            }
        }
    }

    private static bool AllMayWait(List<Outgoing> batch, int audience)
    {
        foreach (var outgoing in batch)
        {
            if (!outgoing.MayWait(audience))
            {
                return false;
            }
        }
        return true;
    }

    private static bool OneViewForAll(List<RoomEventEnvelope>[] views)
    {
        var first = views[0];
        for (var a = 1; a < views.Length; a++)
        {
            if (views[a].Count != first.Count)
            {
                return false;
            }
            for (var i = 0; i < first.Count; i++)
            {
                if (!ReferenceEquals(views[a][i].Event, first[i].Event))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
