namespace Roundtable.Core.Rooms;

public static class PollRejections
{
    public static readonly Rejection UnknownPoll = new(nameof(UnknownPoll));
    public static readonly Rejection PollClosed = new(nameof(PollClosed));
}

/// <summary>Polls: a coach opens one, those present vote (and change their vote), the coach closes it.</summary>
public sealed class PollsFeature : RoomFeature<PollsState, PollCommand, PollsSnapshot>
{
    public PollsFeature()
    {
        On<PollOpened>((s, e, stored) => s.ById[stored.Seq] = new Poll(stored.Seq, e.Question, e.Options, e.MultipleChoice, e.Anonymous, stored.At));
        On<PollVoted>((s, e, _) => s.ById[e.PollId].Votes[e.UserId ?? ""] = e.Choices);
        On<PollClosed>((s, e, _) => s.ById[e.PollId].Closed = true);

        View<PollVoted>((_, s, vote, _, _) => s.Find(vote.PollId) is { Anonymous: true } ? vote with { UserId = null } : null);
    }

    protected override PollsState NewState(RoomState room) => new();

    protected override PollsSnapshot Snapshot(RoomState room, PollsState state, Viewer viewer) => new(
        [.. state.ById.Values.OrderBy(p => p.Id).Select(p => new PollView(
            p.Id, p.Question, p.Options, p.MultipleChoice, p.Anonymous, p.At, p.Counts(), p.Votes.Count,
            viewer.UserId is not null && p.Votes.TryGetValue(viewer.UserId, out var mine) ? mine : [], p.Closed))]);

    protected override Decision Decide(RoomState room, PollsState state, Actor actor, PollCommand command, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its polls are closed.");
        }
        return command switch
        {
            OpenPoll open => Open(actor, open),
            VoteInPoll vote => Vote(room, state, actor, vote),
            ClosePoll close => Close(state, actor, close),
            _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
        };
    }

    private static Decision Open(Actor actor, OpenPoll open)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can open a poll.");
        }
        var question = open.Question.Trim();
        if (question.Length == 0)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Give the poll a question.");
        }
        if (question.Length > PollLimits.MaxQuestionLength)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A poll question is at most {PollLimits.MaxQuestionLength} characters.");
        }
        var options = open.Options.Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
        if (options.Count is < PollLimits.MinOptions or > PollLimits.MaxOptions)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A poll has {PollLimits.MinOptions} to {PollLimits.MaxOptions} options; fill in at least two.");
        }
        if (options.Any(o => o.Length > PollLimits.MaxOptionLength))
        {
            return Decision.Reject(Rejection.InvalidArgument, $"A poll option is at most {PollLimits.MaxOptionLength} characters.");
        }
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Two options say the same; make each option different.");
        }
        return Decision.Accept(new PollOpened(actor.UserId, question, options, open.MultipleChoice, open.Anonymous));
    }

    private static Decision Vote(RoomState room, PollsState state, Actor actor, VoteInPoll vote)
    {
        if (state.Find(vote.PollId) is not { } poll)
        {
            return Decision.Reject(PollRejections.UnknownPoll, "That poll is not in this roundtable.");
        }
        if (poll.Closed)
        {
            return Decision.Reject(PollRejections.PollClosed, "This poll is closed; votes are no longer taken.");
        }
        if (!room.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before voting.");
        }
        var choices = vote.Choices.Distinct().Order().ToList();
        if (choices.Count == 0)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Choose an option before voting.");
        }
        if (!poll.MultipleChoice && choices.Count > 1)
        {
            return Decision.Reject(Rejection.InvalidArgument, "This poll takes one choice only.");
        }
        if (choices.Any(c => c < 0 || c >= poll.Options.Count))
        {
            return Decision.Reject(Rejection.InvalidArgument, $"This poll's options are numbered 0 to {poll.Options.Count - 1}.");
        }
        if (poll.Votes.TryGetValue(actor.UserId, out var earlier) && earlier.SequenceEqual(choices))
        {
            return Decision.AlreadyDone();
        }
        var counts = poll.Counts().ToArray();
        foreach (var c in earlier ?? [])
        {
            counts[c]--;
        }
        foreach (var c in choices)
        {
            counts[c]++;
        }
        return Decision.Accept(new PollVoted(poll.Id, actor.UserId, choices, counts));
    }

    private static Decision Close(PollsState state, Actor actor, ClosePoll close)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can close a poll.");
        }
        if (state.Find(close.PollId) is not { } poll)
        {
            return Decision.Reject(PollRejections.UnknownPoll, "That poll is not in this roundtable.");
        }
        return poll.Closed
            ? Decision.AlreadyDone()
            : Decision.Accept(new PollClosed(poll.Id, actor.UserId, poll.Question, poll.Options, poll.Counts()));
    }
}
