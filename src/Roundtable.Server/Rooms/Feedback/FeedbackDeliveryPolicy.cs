using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// How feedback leaves a room. A peer's submission reaches everyone but staff as a placeholder, which may wait for
/// company; the live feedback views (<see cref="FeedbackViews.Deliveries"/>) go out as <c>FeedbackUpdated</c> after
/// the events that caused them, one per recipient and presentation however many commands the batch held.
/// </summary>
internal sealed class FeedbackDeliveryPolicy : IRoomDeliveryPolicy
{
    public bool CanWait(StoredEvent stored, Viewer audience) => FeedbackFeature.CanWait(stored, audience);

    public object? Prepare(RoomState state, IReadOnlyList<StoredEvent> events) =>
        FeedbackViews.Deliveries(state, events) is { Count: > 0 } deliveries ? deliveries : null;

    public async Task SendAsync(RoomRecipients to, IReadOnlyList<object> prepared)
    {
        foreach (var delivery in Coalesce(prepared.SelectMany(sends => (IReadOnlyList<FeedbackDelivery>)sends)))
        {
            var recipient = delivery.Audience is { } audience ? to.Audience(audience) : to.Person(delivery.UserId!);
            await recipient.FeedbackUpdated(delivery.Update);
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
