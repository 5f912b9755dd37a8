namespace Roundtable.Core.Rooms;

public static class QuestionRejections
{
    public static readonly Rejection UnknownQuestion = new(nameof(UnknownQuestion));
    public static readonly Rejection AwaitingReview = new(nameof(AwaitingReview));
}

/// <summary>
/// Q&amp;A: anyone present asks (anonymously to peers, if they like) and upvotes; a coach marks, pins and dismisses, and
/// may hold new questions for review, approving each before the room sees it.
/// </summary>
public sealed class QuestionsFeature : RoomFeature<QuestionsState, QuestionCommand, QuestionsSnapshot>
{
    public QuestionsFeature()
    {
        On<QuestionAsked>((s, e, stored) =>
            s.ById[stored.Seq] = new Question(stored.Seq, e.UserId ?? "", e.DisplayName ?? "", e.Markdown, e.Html, e.Anonymous, stored.At)
            {
                AwaitingReview = e.AwaitingReview,
            });
        On<QuestionUpvoted>((s, e, _) => s.ById[e.QuestionId].Voters.Add(e.UserId));
        On<QuestionUpvoteWithdrawn>((s, e, _) => s.ById[e.QuestionId].Voters.Remove(e.UserId));
        On<QuestionAnswered>((s, e, _) => s.ById[e.QuestionId].Answered = true);
        On<QuestionPinned>((s, e, _) => s.ById[e.QuestionId].Pinned = e.Pinned);
        On<QuestionDismissed>((s, e, _) => s.ById[e.QuestionId].Dismissed = true);
        On<QuestionReviewChanged>((s, e, _) => s.Review = e.On);
        On<QuestionApproved>((s, e, _) => s.ById[e.QuestionId].AwaitingReview = false);

        // A question waiting for review is for staff and its asker: the other participants get a placeholder without
        // text or asker (live, snapshot, catch-up and transcript alike), and the asker gets their own view live.
        Concerns<QuestionAsked>(e => e.AwaitingReview ? e.UserId : null);

        View<QuestionAsked>((_, s, asked, stored, viewer) =>
        {
            if (viewer.IsStaff)
            {
                return null;
            }
            // A question dismissed since it was asked stays out of sight for participants (catch-up, transcript), and
            // one waiting for review is out of sight for all but its asker.
            if (s.Find(stored.Seq) is { } question && !question.VisibleTo(viewer))
            {
                return asked with { UserId = null, DisplayName = null, Markdown = "", Html = "" };
            }
            return asked.Anonymous && (viewer.UserId is null || viewer.UserId != asked.UserId) ? asked with { UserId = null, DisplayName = null } : null;
        });
        // Participants had only a placeholder for the question until now: the approval carries it to them.
        View<QuestionApproved>((_, s, approved, _, viewer) =>
            s.Find(approved.QuestionId) is { } question && question.VisibleTo(viewer) ? approved with { Question = ViewOf(question, viewer) } : null);
    }

    protected override QuestionsState NewState(RoomState room) => new();

    protected override QuestionsSnapshot Snapshot(RoomState room, QuestionsState state, Viewer viewer) => new(
        [.. state.ById.Values
            .Where(q => q.VisibleTo(viewer))
            .OrderBy(q => q.Id)
            .Select(q => ViewOf(q, viewer))],
        state.Review);

    private static QuestionView ViewOf(Question q, Viewer viewer)
    {
        var mine = viewer.UserId is not null && viewer.UserId == q.UserId;
        var named = !q.Anonymous || viewer.IsStaff || mine;
        return new QuestionView(q.Id, named ? q.UserId : null, named ? q.DisplayName : null, q.Markdown, q.Html, q.Anonymous, q.At,
            q.Voters.Count, viewer.UserId is not null && q.Voters.Contains(viewer.UserId), mine, q.Answered, q.Pinned, q.Dismissed, q.AwaitingReview);
    }

    protected override Decision Decide(RoomState room, QuestionsState state, Actor actor, QuestionCommand command, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its questions are read-only.");
        }
        if (command is AskQuestion ask)
        {
            return Ask(room, state, actor, ask, tools);
        }
        if (command is SetQuestionReview review)
        {
            return !actor.CanFacilitate
                ? Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can turn the review of questions on or off.")
                : state.Review == review.On ? Decision.AlreadyDone() : Decision.Accept(new QuestionReviewChanged(review.On, actor.UserId));
        }
        var id = command switch
        {
            UpvoteQuestion c => c.QuestionId,
            MarkQuestionAnswered c => c.QuestionId,
            PinQuestion c => c.QuestionId,
            DismissQuestion c => c.QuestionId,
            ApproveQuestion c => c.QuestionId,
            _ => -1,
        };
        var question = state.Find(id);
        // Participants cannot tell a dismissed question, or someone else's waiting for review, from one that never was,
        // so neither can their commands.
        if (question is null || !question.VisibleTo(new Viewer(actor.CanFacilitate ? RoomAudience.Staff : RoomAudience.Participants, actor.UserId)))
        {
            return Decision.Reject(QuestionRejections.UnknownQuestion, "That question is not (or no longer) in this roundtable.");
        }
        if (command is UpvoteQuestion && question.AwaitingReview)
        {
            return Decision.Reject(QuestionRejections.AwaitingReview, "That question is waiting for the coach's review; it can be upvoted once it is approved.");
        }
        if (command is UpvoteQuestion vote)
        {
            return Upvote(room, actor, question, vote.Upvote);
        }
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can approve, mark, pin or dismiss questions.");
        }
        return command switch
        {
            MarkQuestionAnswered => question.Answered ? Decision.AlreadyDone() : Decision.Accept(new QuestionAnswered(id, actor.UserId)),
            PinQuestion pin => question.Pinned == pin.Pinned ? Decision.AlreadyDone() : Decision.Accept(new QuestionPinned(id, pin.Pinned, actor.UserId)),
            ApproveQuestion when question.Dismissed
                => Decision.Reject(QuestionRejections.UnknownQuestion, "That question was dismissed; it can no longer be approved."),
            ApproveQuestion => question.AwaitingReview ? Decision.Accept(new QuestionApproved(id, actor.UserId)) : Decision.AlreadyDone(),
            _ => question.Dismissed ? Decision.AlreadyDone() : Decision.Accept(new QuestionDismissed(id, actor.UserId)),
        };
    }

    private static Decision Ask(RoomState room, QuestionsState state, Actor actor, AskQuestion ask, RoomDecider tools)
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
        // Staff's own questions need no review.
        var held = state.Review && !actor.CanFacilitate;
        return Decision.Accept(new QuestionAsked(actor.UserId, actor.DisplayName, ask.Markdown, tools.Render(ask.Markdown), ask.Anonymous, held));
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
