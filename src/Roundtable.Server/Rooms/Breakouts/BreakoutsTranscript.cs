using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class BreakoutsTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        BreakoutsOpened e => $"Breakout groups opened until {TranscriptRenderer.Time(e.EndsAt)}: "
            + string.Join("; ", e.Groups.Select(g => $"{g.Name}: {(g.Members.Count == 0 ? "open to choose" : string.Join(", ", g.Members.Select(m => m.DisplayName)))}")),
        BreakoutBroadcastSent e => $"{e.ByName} to every breakout group: {e.Markdown}",
        BreakoutMemberMoved e => e.ByUserId == e.UserId ? $"{e.DisplayName} chose {e.ToGroupName}" : $"{e.DisplayName} was moved to {e.ToGroupName}",
        BreakoutHelpAsked e => $"{e.ByName} asked the coach to help {e.GroupName}",
        BreakoutHelpCancelled => "A breakout group's call for help was withdrawn",
        BreakoutHelpHandled => "The coach handled a breakout group's call for help",
        BreakoutsExtended e => $"Breakout groups extended until {TranscriptRenderer.Time(e.EndsAt)}",
        BreakoutsClosed e => (e.AtDeadline ? "Breakout time ended; everyone is back" : "Everyone is back from the breakout groups")
            + string.Concat(e.Notes.Select(n => $" · {n.Name}'s notes: {(n.Markdown.Length == 0 ? "(none)" : n.Markdown)}")),
        BreakoutRoomOpened e => $"This is {e.GroupName}, a breakout group of {e.ParentTitle}, until {TranscriptRenderer.Time(e.EndsAt)}: "
            + string.Join(", ", e.Members.Select(m => m.DisplayName)),
        BreakoutRoomClosed => "Everyone went back to the main roundtable",
        _ => null,
    };
}
