using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed partial class RoomHub
{
    public Task AddAgendaTopic(string? roomId, string? markdown) =>
        RunAsync(roomId, new AddAgendaTopic(markdown ?? throw new HubException("Write the topic's prompt first.")));

    /// <summary>A presentation slot for a learner of the room's cohort; their name is the directory's.</summary>
    public Task AddPresentationSlot(string? roomId, string? presenterUserId, int durationMinutes) =>
        string.IsNullOrWhiteSpace(presenterUserId)
            ? throw new HubException("Choose who presents.")
            : RunAsync(roomId, (actor, room) => slots.AddAsync(actor, room, presenterUserId, durationMinutes));

    public Task RemoveAgendaItem(string? roomId, string? itemId) =>
        RunAsync(roomId, new RemoveAgendaItem(ItemIdOrThrow(itemId)));

    /// <summary>Moves an item to a zero-based position.</summary>
    public Task MoveAgendaItem(string? roomId, string? itemId, int position) =>
        RunAsync(roomId, new MoveAgendaItem(ItemIdOrThrow(itemId), position));

    public Task AdvanceAgenda(string? roomId) => RunAsync(roomId, new AdvanceAgenda());

    /// <summary>Starts a countdown of <paramref name="minutes"/>, for an agenda item or (with no item) ad hoc.</summary>
    public Task StartTimer(string? roomId, int minutes, string? agendaItemId) =>
        RunAsync(roomId, new StartTimer(minutes, string.IsNullOrEmpty(agendaItemId) ? null : agendaItemId));

    public Task ExtendTimer(string? roomId, int minutes) => RunAsync(roomId, new ExtendTimer(minutes));

    public Task StopTimer(string? roomId) => RunAsync(roomId, new StopTimer());

    private static string ItemIdOrThrow(string? itemId) =>
        string.IsNullOrWhiteSpace(itemId) ? throw new HubException("Say which agenda item.") : itemId;
}
