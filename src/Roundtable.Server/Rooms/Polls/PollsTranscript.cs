using System.Globalization;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class PollsTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        PollOpened { Kind: PollKind.Rating } e => $"Poll opened{Tags(e)}: {e.Question} — rating 1 to 5",
        PollOpened { Kind: PollKind.Text } e => $"Poll opened{Tags(e)}: {e.Question} — open text",
        PollOpened e => $"Poll opened{Tags(e)}: {e.Question} — options: {string.Join(" / ", e.Options)}",
        PollClosed { Answers: { } answers } e => $"Poll closed: {e.Question} — answers: {(answers.Count == 0 ? "none" : string.Join(" / ", answers))}{TopWords(answers)}",
        PollClosed e => $"Poll closed: {e.Question} — results: {string.Join(", ", e.Options.Select((o, i) => $"{o}: {e.Counts[i]}"))}{Average(e)}",
        _ => null,
    };

    private static string Tags(PollOpened e)
    {
        var tags = new List<string>();
        if (e.Anonymous)
        {
            tags.Add("anonymous");
        }
        if (e.Visibility == PollResultsVisibility.AfterVoting)
        {
            tags.Add("results after voting");
        }
        if (e.Visibility == PollResultsVisibility.WhenClosed)
        {
            tags.Add("results when closed");
        }
        return tags.Count == 0 ? "" : $" ({string.Join(", ", tags)})";
    }

    // The close does not say the poll's kind; options 1 to 5 are a scale whichever way it was made.
    private static string Average(PollClosed e) =>
        e.Options.SequenceEqual(PollLimits.RatingValues) && PollResults.AverageOf(e.Counts) is { } average
            ? $" — average {average.ToString("0.##", CultureInfo.InvariantCulture)}"
            : "";

    private static string TopWords(IReadOnlyList<string> answers) => PollWords.Top(answers, 5) is { Count: > 0 } words
        ? $" — top words: {string.Join(", ", words.Select(w => $"{w.Word} ({w.Count})"))}"
        : "";
}
