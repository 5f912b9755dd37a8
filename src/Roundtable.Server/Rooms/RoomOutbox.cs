using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>What one command sends: each audience's view of its events, and the feedback updates they cause.</summary>
internal sealed class Outgoing(IReadOnlyList<RoomEventEnvelope> staff, IReadOnlyList<RoomEventEnvelope> participants, IReadOnlyList<FeedbackDelivery> feedback)
{
    public IReadOnlyList<RoomEventEnvelope> Staff { get; } = staff;
    public IReadOnlyList<RoomEventEnvelope> Participants { get; } = participants;
    public IReadOnlyList<FeedbackDelivery> Feedback { get; } = feedback;
    public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// One room's way out on this node. Commands queue what they send in seq order (under the room's gate); one sender
/// at a time sends everything queued so far as one message per audience. The room's gate is not held while sending,
/// so the next commands are decided and stored meanwhile, and under a burst (200 peers giving feedback within a
/// second) they go out together: a few frames per connection instead of one per command.
/// </summary>
internal sealed class RoomOutbox(string roomId, IHubContext<RoomHub, IRoomClient> hub, Action<Exception, string, long> onFailure)
{
    private readonly Lock _lock = new();
    private readonly List<Outgoing> _queue = [];
    private bool _sending;

    /// <summary>Queues a command's output; call under the room's gate, so the queue stays in seq order.</summary>
    public void Enqueue(Outgoing outgoing)
    {
        bool start;
        lock (_lock)
        {
            _queue.Add(outgoing);
            start = !_sending;
            _sending = true;
        }
        if (start)
        {
            _ = Task.Run(DrainAsync);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Outgoing> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _sending = false;
                    return;
                }
                batch = [.. _queue];
                _queue.Clear();
            }
            try
            {
                await SendAsync(batch);
            }
            catch (Exception ex)
            {
                // Stored is what counts: clients notice the gap at the next event or reconnect and catch up.
                onFailure(ex, roomId, batch[^1].Staff[^1].Seq);
            }
            foreach (var outgoing in batch)
            {
                outgoing.Sent.TrySetResult();
            }
        }
    }

    private async Task SendAsync(List<Outgoing> batch)
    {
        var staff = batch.SelectMany(o => o.Staff).ToList();
        var participants = batch.SelectMany(o => o.Participants).ToList();
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
        foreach (var delivery in Coalesce(batch.SelectMany(o => o.Feedback)))
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
