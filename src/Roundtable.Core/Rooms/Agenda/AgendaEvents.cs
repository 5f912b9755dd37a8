using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

public enum AgendaItemKind
{
    Topic,
    Presentation,
}

/// <summary>
/// An agenda item was added at the end. A topic carries its prompt (<see cref="Markdown"/> as written,
/// <see cref="Html"/> rendered and sanitised); a presentation slot carries its presenter and duration.
/// </summary>
public sealed record AgendaItemAdded(
    string ItemId,
    AgendaItemKind Kind,
    string? Markdown,
    string? Html,
    string? PresenterUserId,
    string? PresenterName,
    int? DurationMinutes,
    string UserId) : RoomEvent;

public sealed record AgendaItemRemoved(string ItemId, string UserId) : RoomEvent;

/// <summary>An item moved to a zero-based <see cref="Position"/>.</summary>
public sealed record AgendaItemMoved(string ItemId, int Position, string UserId) : RoomEvent;

/// <summary>
/// The current item is now <see cref="ItemId"/>; null when the agenda went past its last item.
/// <see cref="Title"/> is the item's one-line label as it was then, for the transcript.
/// </summary>
public sealed record AgendaAdvanced(string? ItemId, string? Title, string UserId) : RoomEvent;

/// <summary>A countdown started at the stored event's time (the server's clock, never a client's).</summary>
public sealed record TimerStarted(int DurationSeconds, string? AgendaItemId, string UserId) : RoomEvent;

public sealed record TimerExtended(int AddedSeconds, string UserId) : RoomEvent;

public sealed record TimerStopped(string UserId) : RoomEvent;
