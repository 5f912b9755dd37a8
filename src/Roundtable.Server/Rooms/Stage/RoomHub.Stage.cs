using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed partial class RoomHub
{
    /// <summary>Starts a presentation slot of the agenda: its learner takes the stage and its timer starts.</summary>
    public Task StartPresentation(string? roomId, string? agendaItemId) =>
        RunAsync(roomId, new StartPresentation(string.IsNullOrWhiteSpace(agendaItemId)
            ? throw new HubException("Say which presentation slot to start.")
            : agendaItemId));

    public Task EndPresentation(string? roomId) => RunAsync(roomId, new EndPresentation());

    /// <summary>Shares an outline as slides, split on lines that are exactly <c>---</c>.</summary>
    public Task ShareSlides(string? roomId, string? markdown) =>
        RunAsync(roomId, new ShareSlides(markdown ?? throw new HubException("The outline is empty.")));

    /// <summary>Shares uploads of the room's cohort as slides, in the order given: an image is one slide, a PDF one per page.</summary>
    public Task ShareFileSlides(string? roomId, string[]? uploadIds) =>
        RunAsync(roomId, (actor, roundtable) => stageFiles.Resolve(actor, roundtable, uploadIds));

    /// <summary>Shows the slide at a zero-based index to everyone.</summary>
    public Task ShowSlide(string? roomId, int index) => RunAsync(roomId, new ShowSlide(index));
}
