namespace Roundtable.Core.Rooms;

public sealed class Poll(long id, string question, IReadOnlyList<string> options, bool multipleChoice, bool anonymous, DateTimeOffset at)
{
    public long Id { get; } = id;
    public string Question { get; } = question;
    public IReadOnlyList<string> Options { get; } = options;
    public bool MultipleChoice { get; } = multipleChoice;
    public bool Anonymous { get; } = anonymous;
    public DateTimeOffset At { get; } = at;
    public Dictionary<string, IReadOnlyList<int>> Votes { get; } = new(StringComparer.Ordinal);
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
}

/// <summary>A poll as a viewer sees it: counts for everyone, and the viewer's own choices (empty when they have not voted).</summary>
public sealed record PollView(
    long Id, string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous, DateTimeOffset At,
    IReadOnlyList<int> Counts, int Voters, IReadOnlyList<int> MyChoices, bool Closed);

public sealed record PollsSnapshot(IReadOnlyList<PollView> Polls);

/// <summary>The room's polls, by id (the seq that opened each).</summary>
public sealed class PollsState
{
    internal readonly Dictionary<long, Poll> ById = [];

    public IReadOnlyCollection<Poll> Polls => ById.Values;

    public Poll? Find(long id) => ById.GetValueOrDefault(id);
}
