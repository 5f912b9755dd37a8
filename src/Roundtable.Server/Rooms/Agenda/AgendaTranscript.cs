using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class AgendaTranscript : ITranscriptPart
{
    /// <summary>Transcript lines for the agenda and the timer.</summary>
    public string? Describe(StoredEvent stored) => stored.Event switch
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
        _ => null,
    };

    private static string Minutes(int minutes) => minutes == 1 ? "1 minute" : $"{minutes} minutes";

    private static string OneLine(string text)
    {
        var line = text.Replace("\r", " ").Replace("\n", " ").Trim();
        return line.Length <= 120 ? line : line[..120] + "…";
    }
}
