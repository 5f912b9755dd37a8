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
        On<PollOpened>((s, e, stored) => s.ById[stored.Seq] = new Poll(
            stored.Seq, e.Question, e.Options, e.MultipleChoice, e.Anonymous, stored.At, e.Kind, e.Visibility));
        On<PollVoted>((s, e, stored) =>
        {
            var poll = s.ById[e.PollId];
            poll.Votes[e.UserId ?? ""] = e.Choices;
            if (e.Text is not null)
            {
                poll.Answers[e.UserId ?? ""] = (stored.Seq, e.Text);
            }
        });
        On<PollClosed>((s, e, _) => s.ById[e.PollId].Closed = true);

        View<PollVoted>((room, s, vote, _, viewer) => s.Find(vote.PollId) is { } poll ? ViewOf(room, poll, vote, viewer) : null);
        View<PollClosed>((room, s, close, _, _) =>
            s.Find(close.PollId) is { Kind: PollKind.Text } poll ? close with { Results = poll.Results(room.Version) } : null);
    }

    /// <summary>
    /// A vote as <paramref name="viewer"/> may see it: without the voter in an anonymous poll; without choices, counts
    /// or text while the viewer may not see the results (live, a participant's view never names a person, so under
    /// "after voting" it carries nothing until the poll closes; catch-up and the page's own results call know the
    /// person); an open-text poll's with its answers and top words as they stand.
    /// </summary>
    private static PollVoted? ViewOf(RoomState room, Poll poll, PollVoted vote, Viewer viewer)
    {
        var voter = poll.Anonymous ? null : vote.UserId;
        if (!poll.ResultsVisibleTo(viewer))
        {
            return vote with { UserId = voter, Choices = [], Counts = [], Text = null };
        }
        if (poll.Kind == PollKind.Text)
        {
            return vote with { UserId = voter, Results = poll.Results(room.Version) };
        }
        return poll.Anonymous ? vote with { UserId = null } : null;
    }

    protected override PollsState NewState(RoomState room) => new();

    protected override PollsSnapshot Snapshot(RoomState room, PollsState state, Viewer viewer) => new(
        [.. state.ById.Values.OrderBy(p => p.Id).Select(p =>
        {
            var visible = p.ResultsVisibleTo(viewer);
            var mine = viewer.UserId is not null && p.Votes.TryGetValue(viewer.UserId, out var choices) ? choices : [];
            var myAnswer = viewer.UserId is not null && p.Answers.TryGetValue(viewer.UserId, out var answer) ? answer.Text : null;
            return new PollView(
                p.Id, p.Question, p.Options, p.MultipleChoice, p.Anonymous, p.At, visible ? p.Counts() : [], p.Votes.Count, mine, p.Closed,
                p.Kind, p.Visibility, myAnswer, visible ? p.Results(room.Version) : null);
        })]);

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
            AnswerPoll answer => Answer(room, state, actor, answer),
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
        if (!Enum.IsDefined(open.Kind) || !Enum.IsDefined(open.Visibility))
        {
            return Decision.Reject(Rejection.InvalidArgument, "Choose a poll type (Choice, Rating, Text) and when results show (Live, AfterVoting, WhenClosed).");
        }
        if (open.Kind != PollKind.Choice)
        {
            // A scale's values and an open-text poll's lack of options are the kind's, not the coach's to type.
            IReadOnlyList<string> values = open.Kind == PollKind.Rating ? PollLimits.RatingValues : [];
            return Decision.Accept(new PollOpened(actor.UserId, question, values, false, open.Anonymous, open.Kind, open.Visibility));
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
        return Decision.Accept(new PollOpened(actor.UserId, question, options, open.MultipleChoice, open.Anonymous, open.Kind, open.Visibility));
    }

    /// <summary>The open poll <paramref name="pollId"/> the actor may vote in, or the refusal.</summary>
    private static (Poll? Poll, Decision? Refusal) OpenPollFor(RoomState room, PollsState state, Actor actor, long pollId)
    {
        if (state.Find(pollId) is not { } poll)
        {
            return (null, Decision.Reject(PollRejections.UnknownPoll, "That poll is not in this roundtable."));
        }
        if (poll.Closed)
        {
            return (null, Decision.Reject(PollRejections.PollClosed, "This poll is closed; votes are no longer taken."));
        }
        if (!room.IsPresent(actor.UserId))
        {
            return (null, Decision.Reject(Rejection.NotInRoom, "Join the roundtable before voting."));
        }
        return (poll, null);
    }

    private static Decision Vote(RoomState room, PollsState state, Actor actor, VoteInPoll vote)
    {
        var (poll, refusal) = OpenPollFor(room, state, actor, vote.PollId);
        if (poll is null)
        {
            return refusal!;
        }
        if (poll.Kind == PollKind.Text)
        {
            return Decision.Reject(Rejection.InvalidArgument, "This poll takes a written answer, not a choice.");
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

    private static Decision Answer(RoomState room, PollsState state, Actor actor, AnswerPoll answer)
    {
        var (poll, refusal) = OpenPollFor(room, state, actor, answer.PollId);
        if (poll is null)
        {
            return refusal!;
        }
        if (poll.Kind != PollKind.Text)
        {
            return Decision.Reject(Rejection.InvalidArgument, "This poll takes a choice, not a written answer.");
        }
        var text = string.Join(' ', answer.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Write an answer before sending it.");
        }
        if (text.Length > PollLimits.MaxAnswerLength)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"An answer is at most {PollLimits.MaxAnswerLength} characters.");
        }
        if (poll.Answers.TryGetValue(actor.UserId, out var earlier) && earlier.Text == text)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new PollVoted(poll.Id, actor.UserId, [], [], text));
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
            : Decision.Accept(new PollClosed(
                poll.Id, actor.UserId, poll.Question, poll.Options, poll.Counts(), poll.Kind == PollKind.Text ? poll.AnswerTexts() : null));
    }
}
