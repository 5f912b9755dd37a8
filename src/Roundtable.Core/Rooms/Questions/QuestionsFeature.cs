namespace Roundtable.Core.Rooms;

public static class QuestionRejections
{
    public static readonly Rejection UnknownQuestion = new(nameof(UnknownQuestion));
}

/// <summary>Q&amp;A: anyone present asks (anonymously to peers, if they like) and upvotes; a coach marks, pins and dismisses.</summary>
public sealed class QuestionsFeature : RoomFeature<QuestionsState, QuestionCommand, QuestionsSnapshot>
{
    public QuestionsFeature()
    {
        On<QuestionAsked>((s, e, stored) =>
            s.ById[stored.Seq] = new Question(stored.Seq, e.UserId ?? "", e.DisplayName ?? "", e.Markdown, e.Html, e.Anonymous, stored.At));
        On<QuestionUpvoted>((s, e, _) => s.ById[e.QuestionId].Voters.Add(e.UserId));
        On<QuestionUpvoteWithdrawn>((s, e, _) => s.ById[e.QuestionId].Voters.Remove(e.UserId));
        On<QuestionAnswered>((s, e, _) => s.ById[e.QuestionId].Answered = true);
        On<QuestionPinned>((s, e, _) => s.ById[e.QuestionId].Pinned = e.Pinned);
        On<QuestionDismissed>((s, e, _) => s.ById[e.QuestionId].Dismissed = true);

        View<QuestionAsked>((_, s, asked, stored, viewer) =>
        {
            if (viewer.IsStaff)
            {
                return null;
            }
            // A question dismissed since it was asked stays out of sight for participants (catch-up, transcript).
            if (s.Find(stored.Seq) is { Dismissed: true })
            {
                return asked with { UserId = null, DisplayName = null, Markdown = "", Html = "" };
            }
            return asked.Anonymous && (viewer.UserId is null || viewer.UserId != asked.UserId) ? asked with { UserId = null, DisplayName = null } : null;
        });
    }

    protected override QuestionsState NewState(RoomState room) => new();

    protected override QuestionsSnapshot Snapshot(RoomState room, QuestionsState state, Viewer viewer) => new(
        [.. state.ById.Values
            .Where(q => viewer.IsStaff || !q.Dismissed)
            .OrderBy(q => q.Id)
            .Select(q =>
            {
                var mine = viewer.UserId is not null && viewer.UserId == q.UserId;
                var named = !q.Anonymous || viewer.IsStaff || mine;
                return new QuestionView(q.Id, named ? q.UserId : null, named ? q.DisplayName : null, q.Markdown, q.Html, q.Anonymous, q.At,
                    q.Voters.Count, viewer.UserId is not null && q.Voters.Contains(viewer.UserId), mine, q.Answered, q.Pinned, q.Dismissed);
            })]);

    protected override Decision Decide(RoomState room, QuestionsState state, Actor actor, QuestionCommand command, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its questions are read-only.");
        }
        if (command is AskQuestion ask)
        {
            return Ask(room, actor, ask, tools);
        }
        var id = command switch
        {
            UpvoteQuestion c => c.QuestionId,
            MarkQuestionAnswered c => c.QuestionId,
            PinQuestion c => c.QuestionId,
            DismissQuestion c => c.QuestionId,
            _ => -1,
        };
        var question = state.Find(id);
        // Participants cannot tell a dismissed question from one that never was, so neither can their commands.
        if (question is null || (question.Dismissed && !actor.CanFacilitate))
        {
            return Decision.Reject(QuestionRejections.UnknownQuestion, "That question is not (or no longer) in this roundtable.");
        }
        if (command is UpvoteQuestion vote)
        {
            return Upvote(room, actor, question, vote.Upvote);
        }
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can mark, pin or dismiss questions.");
        }
        return command switch
        {
            MarkQuestionAnswered => question.Answered ? Decision.AlreadyDone() : Decision.Accept(new QuestionAnswered(id, actor.UserId)),
            PinQuestion pin => question.Pinned == pin.Pinned ? Decision.AlreadyDone() : Decision.Accept(new QuestionPinned(id, pin.Pinned, actor.UserId)),
            _ => question.Dismissed ? Decision.AlreadyDone() : Decision.Accept(new QuestionDismissed(id, actor.UserId)),
        };
    }

    private static Decision Ask(RoomState room, Actor actor, AskQuestion ask, RoomDecider tools)
    {
        if (!room.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before asking a question.");
        }
        if (string.IsNullOrWhiteSpace(ask.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The question is empty.");
        }
        if (Decision.TooLarge(ask.Markdown, QuestionLimits.MaxQuestionBytes, "The question is", "Shorten it and ask again.") is { } tooLarge)
        {
            return tooLarge;
        }
        return Decision.Accept(new QuestionAsked(actor.UserId, actor.DisplayName, ask.Markdown, tools.Render(ask.Markdown), ask.Anonymous));
    }

    private static Decision Upvote(RoomState room, Actor actor, Question question, bool upvote)
    {
        if (!room.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before voting on questions.");
        }
        if (question.Voters.Contains(actor.UserId) == upvote)
        {
            return Decision.AlreadyDone();
        }
        return upvote
            ? Decision.Accept(new QuestionUpvoted(question.Id, actor.UserId))
            : Decision.Accept(new QuestionUpvoteWithdrawn(question.Id, actor.UserId));
    }
}
