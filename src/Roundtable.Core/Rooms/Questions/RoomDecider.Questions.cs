using System.Text;

namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    private Decision? DecideQuestions(RoomState state, Actor actor, RoomCommand command)
    {
        if (command is not (AskQuestion or UpvoteQuestion or MarkQuestionAnswered or PinQuestion or DismissQuestion))
        {
            return null;
        }
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its questions are read-only.");
        }
        if (command is AskQuestion ask)
        {
            return Ask(state, actor, ask);
        }
        var id = command switch
        {
            UpvoteQuestion c => c.QuestionId,
            MarkQuestionAnswered c => c.QuestionId,
            PinQuestion c => c.QuestionId,
            _ => ((DismissQuestion)command).QuestionId,
        };
        var question = state.FindQuestion(id);
        // Participants cannot tell a dismissed question from one that never was, so neither can their commands.
        if (question is null || (question.Dismissed && !actor.CanFacilitate))
        {
            return Decision.Reject(Rejection.UnknownQuestion, "That question is not (or no longer) in this roundtable.");
        }
        if (command is UpvoteQuestion vote)
        {
            return Upvote(state, actor, question, vote.Upvote);
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

    private Decision Ask(RoomState state, Actor actor, AskQuestion ask)
    {
        if (!state.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before asking a question.");
        }
        if (string.IsNullOrWhiteSpace(ask.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The question is empty.");
        }
        if (TooLarge(ask.Markdown, QuestionLimits.MaxQuestionBytes, "The question is", "Shorten it and ask again.") is { } tooLarge)
        {
            return tooLarge;
        }
        return Decision.Accept(new QuestionAsked(actor.UserId, actor.DisplayName, ask.Markdown, Render(ask.Markdown), ask.Anonymous));
    }

    private static Decision Upvote(RoomState state, Actor actor, Question question, bool upvote)
    {
        if (!state.IsPresent(actor.UserId))
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
