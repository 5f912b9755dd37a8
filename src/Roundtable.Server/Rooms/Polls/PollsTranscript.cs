using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class PollsTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        PollOpened e => $"Poll opened{(e.Anonymous ? " (anonymous)" : "")}: {e.Question} — options: {string.Join(" / ", e.Options)}",
        PollClosed e => $"Poll closed: {e.Question} — results: {string.Join(", ", e.Options.Select((o, i) => $"{o}: {e.Counts[i]}"))}",
        _ => null,
    };
}
