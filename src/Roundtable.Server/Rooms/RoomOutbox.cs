using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>What one command sends: each audience's view of its events, and the feedback updates they cause.</summary>
/// <param name="ParticipantsCanWait">The participants' views are only placeholders (see <see cref="FeedbackFeature.CanWait"/>).</param>
internal sealed class Outgoing(
    IReadOnlyList<RoomEventEnvelope> staff, IReadOnlyList<RoomEventEnvelope> participants, bool participantsCanWait, IReadOnlyList<FeedbackDelivery> feedback)
{
    public IReadOnlyList<RoomEventEnvelope> Staff { get; } = staff;
    public IReadOnlyList<RoomEventEnvelope> Participants { get; } = participants;
    public bool ParticipantsCanWait { get; } = participantsCanWait;
    public IReadOnlyList<FeedbackDelivery> Feedback { get; } = feedback;
    public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// One room's way out on this node. Commands queue what they send in seq order (under the room's gate); one sender
/// at a time sends everything queued so far as one message per audience. The room's gate is not held while sending,
/// so the next commands are decided and stored meanwhile, and under a burst they go out together. Events that are only
/// placeholders for the participants wait up to <see cref="RoomsOptions.PlaceholderDelay"/> for company: in a burst of
/// 200 peers giving feedback, the room's connections get a few frames instead of 200, while staff, the presenter and
/// each giver hear at once. Order per audience is kept: anything else sends the waiting placeholders first.
/// A send completes once every connection's buffer has the message (see <c>Hubs/SendBuffer</c>): it never waits
/// for a client's socket.
/// </summary>
internal sealed class RoomOutbox(
    string roomId, IHubContext<RoomHub, IRoomClient> hub, TimeSpan placeholderDelay, TimeProvider time, Action<Exception, string, long> onFailure)
{
    private readonly Lock _lock = new();
    private readonly List<Outgoing> _queue = [];
    private readonly List<RoomEventEnvelope> _waiting = [];
    private bool _sending;
    private bool _flushDue;
    private ITimer? _flushTimer;

    /// <summary>Queues a command's output; call under the room's gate, so the queue stays in seq order.</summary>
    public void Enqueue(Outgoing outgoing)
    {
        lock (_lock)
        {
            _queue.Add(outgoing);
        }
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
            List<RoomEventEnvelope> participants;
            bool heldOrReleased;
            lock (_lock)
            {
                batch = [.. _queue];
                _queue.Clear();
                var placeholdersOnly = batch.Count > 0 && batch.All(o => o.ParticipantsCanWait);
                if (placeholdersOnly && !_flushDue)
                {
                    // The participants' part waits for company (or the timer); staff and feedback updates go now.
                    _waiting.AddRange(batch.SelectMany(o => o.Participants));
                    _flushTimer ??= time.CreateTimer(_ => FlushWaiting(), null, placeholderDelay, Timeout.InfiniteTimeSpan);
                    participants = [];
                    heldOrReleased = true;
                }
                else if (batch.Count > 0 || _flushDue)
                {
                    // Whatever waited goes first, so each audience still hears its events in seq order.
                    heldOrReleased = _waiting.Count > 0;
                    participants = [.. _waiting, .. batch.SelectMany(o => o.Participants)];
                    _waiting.Clear();
                    _flushDue = false;
                    _flushTimer?.Dispose();
                    _flushTimer = null;
                }
                else
                {
                    participants = [];
                    heldOrReleased = false;
                }
                if (batch.Count == 0 && participants.Count == 0)
                {
                    _sending = false;
                    return;
                }
            }
            try
            {
                await SendAsync(batch.SelectMany(o => o.Staff).ToList(), participants, heldOrReleased, batch.SelectMany(o => o.Feedback));
            }
            catch (Exception ex)
            {
                // Stored is what counts: clients notice the gap at the next event or reconnect and catch up.
                onFailure(ex, roomId, Math.Max(batch.Count > 0 ? batch[^1].Staff[^1].Seq : 0, participants.Count > 0 ? participants[^1].Seq : 0));
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

    private async Task SendAsync(
        List<RoomEventEnvelope> staff, List<RoomEventEnvelope> participants, bool heldOrReleased, IEnumerable<FeedbackDelivery> feedback)
    {
        if (!heldOrReleased && staff.Count == participants.Count && staff.Zip(participants).All(pair => ReferenceEquals(pair.First.Event, pair.Second.Event)))
        {
            // The usual case: one view for all, so one message, serialised once for every connection.
            await hub.Clients.Groups(RoomsPaths.Group(roomId, RoomAudience.Staff), RoomsPaths.Group(roomId, RoomAudience.Participants)).RoomEvents(staff);
        }
        else
        {
            if (staff.Count > 0)
            {
                await hub.Clients.Group(RoomsPaths.Group(roomId, RoomAudience.Staff)).RoomEvents(staff);
            }
            if (participants.Count > 0)
            {
                await hub.Clients.Group(RoomsPaths.Group(roomId, RoomAudience.Participants)).RoomEvents(participants);
            }
        }
        foreach (var delivery in Coalesce(feedback))
        {
            var group = delivery.Audience is { } audience ? RoomsPaths.Group(roomId, audience) : RoomsPaths.PersonalGroup(roomId, delivery.UserId!);
            await hub.Clients.Group(group).FeedbackUpdated(delivery.Update);
        }
    }

    /// <summary>
    /// One update per recipient and presentation: the latest view, carrying every entry the batch changed (the latest
    /// version of each), so a client that applies it is where it would be after applying them all.
    /// </summary>
    internal static IEnumerable<FeedbackDelivery> Coalesce(IEnumerable<FeedbackDelivery> deliveries)
    {
        var merged = new Dictionary<(RoomAudience?, string?, string, bool), FeedbackDelivery>();
        var order = new List<(RoomAudience?, string?, string, bool)>();
        foreach (var delivery in deliveries)
        {
            var key = (delivery.Audience, delivery.UserId, delivery.Update.PresentationId, delivery.Update.Mine is not null);
            if (!merged.TryGetValue(key, out var earlier))
            {
                order.Add(key);
                merged[key] = delivery;
                continue;
            }
            var update = delivery.Update;
            if (update.View is { Entries: { } later } view && earlier.Update.View?.Entries is { } before)
            {
                var entries = before.ToDictionary(e => e.SubmissionId);
                foreach (var entry in later)
                {
                    entries.Remove(entry.SubmissionId);
                }
                update = update with { View = view with { Entries = [.. before.Where(e => entries.ContainsKey(e.SubmissionId)), .. later] } };
            }
            merged[key] = delivery with { Update = update };
        }
        return order.Select(key => merged[key]);
    }
}
