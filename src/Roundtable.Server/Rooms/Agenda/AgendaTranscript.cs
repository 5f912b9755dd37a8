using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public static partial class TranscriptRenderer
{
    /// <summary>Transcript lines for the agenda, the timer and the stage.</summary>
    private static string? DescribeAgenda(StoredEvent stored) => stored.Event switch
    {
        AgendaItemAdded { Kind: AgendaItemKind.Presentation } e => $"Presentation slot added: {e.PresenterName}, {Minutes(e.DurationMinutes ?? 0)}",
        AgendaItemAdded e => $"Topic added: {OneLine(e.Markdown ?? "")}",
        AgendaItemRemoved => "An agenda item was removed",
        AgendaItemMoved e => $"An agenda item moved to position {e.Position + 1}",
        AgendaAdvanced { ItemId: null } => "The agenda is finished",
        AgendaAdvanced e => $"Next on the agenda: {e.Title}",
        TimerStarted e => $"Timer started: {Minutes(e.DurationSeconds / 60)}",
        TimerExtended e => $"Timer extended by {Minutes(e.AddedSeconds / 60)}",
        TimerStopped => "Timer stopped",
        PresentationStarted e => $"{e.PresenterName} started presenting",
        PresentationEnded => "The presentation ended",
        SlidesShared e => $"{e.DisplayName} shared {e.Slides.Count} slide{(e.Slides.Count == 1 ? "" : "s")}",
        _ => null,
    };

    private static string Minutes(int minutes) => minutes == 1 ? "1 minute" : $"{minutes} minutes";

    private static string OneLine(string text)
    {
        var line = text.Replace("\r", " ").Replace("\n", " ").Trim();
        return line.Length <= 120 ? line : line[..120] + "…";
    }
}
