using Roundtable.Core.Events;
using Roundtable.Core.Log;

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

public sealed partial record RoomSnapshot
{
    public IReadOnlyList<PollView>? Polls { get; init; }
}

public sealed partial class RoomState
{
    private readonly Dictionary<long, Poll> _polls = [];

    public IReadOnlyCollection<Poll> Polls => _polls.Values;

    public Poll? FindPoll(long id) => _polls.GetValueOrDefault(id);

    private bool ApplyPolls(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case PollOpened e:
                _polls[stored.Seq] = new Poll(stored.Seq, e.Question, e.Options, e.MultipleChoice, e.Anonymous, stored.At);
                return true;
            case PollVoted e:
                _polls[e.PollId].Votes[e.UserId ?? ""] = e.Choices;
                return true;
            case PollClosed e:
                _polls[e.PollId].Closed = true;
                return true;
            default:
                return false;
        }
    }

    private DomainEvent? ViewPolls(StoredEvent stored, Viewer viewer) =>
        stored.Event is PollVoted vote && FindPoll(vote.PollId) is { Anonymous: true } ? vote with { UserId = null } : null;

    private RoomSnapshot WithPolls(RoomSnapshot snapshot, Viewer viewer) => snapshot with
    {
        Polls = _polls.Values.OrderBy(p => p.Id).Select(p => new PollView(
            p.Id, p.Question, p.Options, p.MultipleChoice, p.Anonymous, p.At, p.Counts(), p.Votes.Count,
            viewer.UserId is not null && p.Votes.TryGetValue(viewer.UserId, out var mine) ? mine : [], p.Closed)).ToList(),
    };
}
