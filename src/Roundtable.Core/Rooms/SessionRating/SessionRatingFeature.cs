namespace Roundtable.Core.Rooms;

/// <summary>The end-of-session rating: learners who were there rate the ended roundtable; only staff see the ratings.</summary>
public sealed class SessionRatingFeature : RoomFeature<SessionRatingState, SessionRatingCommand, SessionRatingSnapshot>
{
    public SessionRatingFeature()
    {
        On<SessionRated>((s, e, stored) =>
            s.ByUser[e.UserId] = new SessionRatingView(e.UserId, e.DisplayName, e.Rating, e.CommentMarkdown, e.CommentHtml, stored.At));

        // Participants learn only that something happened at this seq; even the rater's own rating comes to them in the snapshot.
        View<SessionRated>((_, _, e, _, viewer) =>
            viewer.IsStaff ? null : e with { UserId = "", DisplayName = "", Rating = 0, CommentMarkdown = null, CommentHtml = null });
    }

    protected override SessionRatingState NewState(RoomState room) => new();

    protected override SessionRatingSnapshot Snapshot(RoomState room, SessionRatingState state, Viewer viewer) => new(
        viewer.UserId is null ? null : new MySessionRatingView(room.WasPresent(viewer.UserId), state.Find(viewer.UserId)),
        viewer.IsStaff ? state.All() : null);

    protected override Decision Decide(RoomState room, SessionRatingState state, Actor actor, SessionRatingCommand command, RoomDecider tools)
    {
        if (command is not RateSession rate)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Unknown command.");
        }
        if (room.Status != RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.NotEnded, "You can rate this roundtable once it has ended.");
        }
        if (actor.Role != RoomRole.Learner)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the learners who took part rate a roundtable.");
        }
        if (!room.WasPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Only learners who were in this roundtable can rate it.");
        }
        if (rate.Rating is < SessionRatingLimits.MinRating or > SessionRatingLimits.MaxRating)
        {
            return Decision.Reject(Rejection.InvalidArgument,
                $"Choose a rating from {SessionRatingLimits.MinRating} to {SessionRatingLimits.MaxRating}.");
        }
        var comment = string.IsNullOrWhiteSpace(rate.Comment) ? null : rate.Comment;
        if (Decision.TooLarge(comment, SessionRatingLimits.MaxCommentBytes, "The comment is", "Nothing was sent.") is { } tooLarge)
        {
            return tooLarge;
        }
        if (state.Find(actor.UserId) is { } earlier && earlier.Rating == rate.Rating && earlier.CommentMarkdown == comment)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new SessionRated(actor.UserId, actor.DisplayName, rate.Rating, comment, comment is null ? null : tools.Render(comment)));
    }
}
