namespace Roundtable.Core.Rooms;

public sealed class Poll(
    long id, string question, IReadOnlyList<string> options, bool multipleChoice, bool anonymous, DateTimeOffset at,
    PollKind kind = PollKind.Choice, PollResultsVisibility visibility = PollResultsVisibility.Live)
{
    public long Id { get; } = id;
    public string Question { get; } = question;
    public IReadOnlyList<string> Options { get; } = options;
    public bool MultipleChoice { get; } = multipleChoice;
    public bool Anonymous { get; } = anonymous;
    public DateTimeOffset At { get; } = at;
    public PollKind Kind { get; } = kind;
    public PollResultsVisibility Visibility { get; } = visibility;
    public Dictionary<string, IReadOnlyList<int>> Votes { get; } = new(StringComparer.Ordinal);

    /// <summary>An open-text poll's answers by voter, each with the seq that gave it (the list is in that order).</summary>
    public Dictionary<string, (long Seq, string Text)> Answers { get; } = new(StringComparer.Ordinal);

    public bool Closed { get; set; }

    public IReadOnlyList<int> Counts()
    {
        var counts = new int[Options.Count];
        foreach (var choice in Votes.Values.SelectMany(c => c))
        {
            counts[choice]++;
        }
        return counts;
    }

    public bool HasVoted(string? userId) => userId is not null && Votes.ContainsKey(userId);

    /// <summary>Whether <paramref name="viewer"/> may see the results now: staff always, everyone once closed, otherwise as the coach chose.</summary>
    public bool ResultsVisibleTo(Viewer viewer) => viewer.IsStaff || Closed || Visibility switch
    {
        PollResultsVisibility.Live => true,
        PollResultsVisibility.AfterVoting => HasVoted(viewer.UserId),
        _ => false,
    };

    public IReadOnlyList<string> AnswerTexts() => [.. Answers.Values.OrderBy(a => a.Seq).Select(a => a.Text)];

    /// <summary>The results as they stand after seq <paramref name="asOf"/>.</summary>
    public PollResults Results(long asOf)
    {
        var counts = Counts();
        var answers = Kind == PollKind.Text ? AnswerTexts() : [];
        return new PollResults(Id, asOf, counts, Votes.Count, Kind == PollKind.Rating ? PollResults.AverageOf(counts) : null,
            answers, Kind == PollKind.Text ? PollWords.Top(answers, PollLimits.TopWords) : []);
    }
}

/// <summary>One word of the word-frequency view and the number of answers using it.</summary>
public sealed record WordCount(string Word, int Count);

/// <summary>
/// A poll's results after seq <see cref="AsOf"/> (a page keeps the newest it got): counts per option (per value 1–5 for
/// a rating, with the <see cref="Average"/>), and for an open-text poll the answers in the order given with their top words.
/// </summary>
public sealed record PollResults(
    long PollId, long AsOf, IReadOnlyList<int> Counts, int Voters, double? Average, IReadOnlyList<string> Answers, IReadOnlyList<WordCount> Words)
{
    /// <summary>The mean of a 1–5 rating from its counts per value, rounded to two decimals; null with no votes.</summary>
    public static double? AverageOf(IReadOnlyList<int> counts)
    {
        var votes = counts.Sum();
        return votes == 0 ? null : Math.Round(counts.Select((c, i) => c * (i + 1.0)).Sum() / votes, 2);
    }
}

/// <summary>
/// A poll as a viewer sees it: the viewer's own choices or answer, and the results only when the viewer may see them
/// (otherwise <see cref="Counts"/> is empty and <see cref="Results"/> null). <see cref="Voters"/> is always there:
/// how many have voted shows anyway, one event per vote.
/// </summary>
public sealed record PollView(
    long Id, string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous, DateTimeOffset At,
    IReadOnlyList<int> Counts, int Voters, IReadOnlyList<int> MyChoices, bool Closed,
    PollKind Kind, PollResultsVisibility Visibility, string? MyAnswer, PollResults? Results);

public sealed record PollsSnapshot(IReadOnlyList<PollView> Polls);

/// <summary>The room's polls, by id (the seq that opened each).</summary>
public sealed class PollsState
{
    internal readonly Dictionary<long, Poll> ById = [];

    public IReadOnlyCollection<Poll> Polls => ById.Values;

    public Poll? Find(long id) => ById.GetValueOrDefault(id);

    /// <summary>The results of poll <paramref name="pollId"/> after seq <paramref name="asOf"/> for <paramref name="viewer"/>, or why not.</summary>
    public (PollResults? Results, string? Refusal) ResultsFor(long pollId, Viewer viewer, long asOf) => Find(pollId) switch
    {
        null => (null, "That poll is not in this roundtable."),
        { } poll when poll.ResultsVisibleTo(viewer) => (poll.Results(asOf), null),
        { Visibility: PollResultsVisibility.AfterVoting } => (null, "This poll's results show once you have voted."),
        _ => (null, "This poll's results show when the coach closes it."),
    };
}
