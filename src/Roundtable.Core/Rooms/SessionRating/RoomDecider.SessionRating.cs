using System.Text;

namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    private Decision? DecideSessionRating(RoomState state, Actor actor, RoomCommand command)
    {
        if (command is not RateSession rate)
        {
            return null;
        }
        if (state.Status != RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.NotEnded, "You can rate this roundtable once it has ended.");
        }
        if (actor.Role != RoomRole.Learner)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the learners who took part rate a roundtable.");
        }
        if (!state.WasPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Only learners who were in this roundtable can rate it.");
        }
        if (rate.Rating is < SessionRatingLimits.MinRating or > SessionRatingLimits.MaxRating)
        {
            return Decision.Reject(Rejection.InvalidArgument,
                $"Choose a rating from {SessionRatingLimits.MinRating} to {SessionRatingLimits.MaxRating}.");
        }
        var comment = string.IsNullOrWhiteSpace(rate.Comment) ? null : rate.Comment;
        if (TooLarge(comment, SessionRatingLimits.MaxCommentBytes, "The comment is", "Nothing was sent.") is { } tooLarge)
        {
            return tooLarge;
        }
        if (state.FindSessionRating(actor.UserId) is { } earlier && earlier.Rating == rate.Rating && earlier.CommentMarkdown == comment)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new SessionRated(actor.UserId, actor.DisplayName, rate.Rating, comment, comment is null ? null : Render(comment)));
    }
}
