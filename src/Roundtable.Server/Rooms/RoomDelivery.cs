using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// A feature's say in what leaves a room besides each audience's view of the events, registered by the feature's
/// own setup; <see cref="RoomOutbox"/> knows only this interface. Feedback uses it for its live updates and for
/// letting a burst of placeholders wait (<c>Rooms/Feedback/FeedbackDeliveryPolicy</c>).
/// </summary>
public interface IRoomDeliveryPolicy
{
    /// <summary>
    /// True when this audience's view of the event is only a placeholder that keeps its sequence gap-free, so it may
    /// wait up to <see cref="RoomsOptions.PlaceholderDelay"/> to go out together with later events.
    /// </summary>
    bool CanWait(StoredEvent stored, Viewer audience);

    /// <summary>
    /// What the events send beyond the audiences' views, or null for nothing. Called under the room's gate with the
    /// events just applied to <paramref name="state"/>, so it sees the room as they left it.
    /// </summary>
    object? Prepare(RoomState state, IReadOnlyList<StoredEvent> events);

    /// <summary>Sends what one batch of commands prepared (oldest first), after the batch's events have gone out.</summary>
    Task SendAsync(RoomRecipients to, IReadOnlyList<object> prepared);
}

/// <summary>Who in one room a message goes to: an audience's group, every audience at once, or one person.</summary>
public sealed class RoomRecipients
{
    private readonly string _roomId;
    private readonly IHubContext<RoomHub, IRoomClient> _hub;
    private readonly IRoomClient[] _audiences;

    public RoomRecipients(string roomId, IHubContext<RoomHub, IRoomClient> hub)
    {
        _roomId = roomId;
        _hub = hub;
        // Built once per room: the group names and their proxies are the same for every send.
        _audiences = [.. RoomAudiences.All.Select(audience => hub.Clients.Group(RoomsPaths.Group(roomId, audience)))];
        Everyone = hub.Clients.Groups([.. RoomAudiences.All.Select(audience => RoomsPaths.Group(roomId, audience))]);
    }

    /// <summary>Every audience's group at once: one message, serialised once for every connection.</summary>
    public IRoomClient Everyone { get; }

    public IRoomClient Audience(RoomAudience audience) => _audiences[(int)audience];

    /// <summary>One person's connections to the room, for what only they may see.</summary>
    public IRoomClient Person(string userId) => _hub.Clients.Group(RoomsPaths.PersonalGroup(_roomId, userId));
}

/// <summary>The audiences a room's events go out to, in the order they are sent; <c>(int)audience</c> is the index.</summary>
internal static class RoomAudiences
{
    public static readonly RoomAudience[] All = Enum.GetValues<RoomAudience>();

    /// <summary>Each audience as a viewer with no person: the view every connection of that audience gets.</summary>
    public static readonly Viewer[] Viewers = [.. All.Select(audience => new Viewer(audience))];
}
