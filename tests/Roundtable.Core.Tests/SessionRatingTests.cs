using System.Text.Json;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class SessionRatingTests
{
    /// <summary>A roundtable Lena and Liam were in, with Max the manager and the coach; ended by the coach.</summary>
    private static FeatureTestRoom EndedRoom()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam, Max);
        room.Run(Liam, new LeaveRoom(LeaveReason.Left));
        room.Run(Coach, new EndRoundtable());
        return room;
    }

    private static SessionRated Rated(Decision decision) => Assert.IsType<SessionRated>(Assert.Single(decision.Events));

    private static string Json(object? value) => JsonSerializer.Serialize(value, EventSerializer.Options);

    [Fact]
    public void ALiveRoundtableIsNotRatedYet()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        var refused = room.Decide(Lena, new RateSession(4, null));
        AssertRejected(refused, Rejection.NotEnded);
        Assert.Contains("once it has ended", refused.Reason);
    }

    [Fact]
    public void ALearnerWhoWasThereRatesTheEndedRoundtableWithAnOptionalComment()
    {
        var room = EndedRoom();
        var rated = Rated(room.Run(Lena, new RateSession(4, "Good **pace**")));
        Assert.Equal(("lena", "Lena", 4, "Good **pace**", "<p>Good <strong>pace</strong></p>"),
            (rated.UserId, rated.DisplayName, rated.Rating, rated.CommentMarkdown, rated.CommentHtml?.Trim()));

        // Liam left before the end: he was there all the same. A blank comment is no comment.
        var plain = Rated(room.Run(Liam, new RateSession(2, "  \n ")));
        Assert.Equal((2, null, null), (plain.Rating, plain.CommentMarkdown, plain.CommentHtml));
    }

    [Fact]
    public void OnlyLearnersWhoWereInTheRoundtableRateIt()
    {
        var room = EndedRoom();
        AssertRejected(room.Decide(Coach, new RateSession(5, null)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Admin, new RateSession(5, null)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Max, new RateSession(5, null)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Noor, new RateSession(5, null)), Rejection.NotInRoom);
        // Opening the ended room does not make Noor one who was there.
        AssertAlreadyDone(room.Decide(Noor, new JoinRoom()));
        AssertRejected(room.Decide(Noor, new RateSession(5, null)), Rejection.NotInRoom);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void RatingsRunFromOneToFive(int rating)
    {
        var room = EndedRoom();
        AssertRejected(room.Decide(Lena, new RateSession(rating, null)), Rejection.InvalidArgument);
    }

    [Fact]
    public void ACommentIsAtMostTwoKilobytesOfUtf8()
    {
        var room = EndedRoom();
        room.Run(Lena, new RateSession(3, new string('a', SessionRatingLimits.MaxCommentBytes)));
        // 1,025 characters, but 2,050 bytes.
        var refused = room.Decide(Liam, new RateSession(3, new string('é', 1025)));
        AssertRejected(refused, Rejection.MessageTooLarge);
        Assert.Contains("the limit is 2 KB", refused.Reason);
    }

    [Fact]
    public void CommentsAreSanitised()
    {
        var room = EndedRoom();
        var rated = Rated(room.Run(Lena, new RateSession(1, "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))")));
        Assert.DoesNotContain("<script", rated.CommentHtml);
        Assert.DoesNotContain("<img", rated.CommentHtml);
        Assert.DoesNotContain("href=\"javascript:", rated.CommentHtml);
    }

    [Fact]
    public void RatingAgainReplacesTheEarlierRatingAndTheSameRatingIsAlreadyDone()
    {
        var room = EndedRoom();
        room.Run(Lena, new RateSession(2, "Too fast"));
        room.Run(Liam, new RateSession(5, null));
        AssertAlreadyDone(room.Decide(Lena, new RateSession(2, "Too fast")));
        room.Run(Lena, new RateSession(2, "Too fast, but useful"));
        room.Run(Lena, new RateSession(4, "Too fast, but useful"));

        var all = room.State.Feature<SessionRatingState>().All();
        Assert.Equal(4.5, all.Average);
        Assert.Equal([("lena", 4, "Too fast, but useful"), ("liam", 5, null)],
            all.Ratings.OrderBy(r => r.UserId).Select(r => (r.UserId, r.Rating, r.CommentMarkdown)));
        Assert.Equal(4, room.Log.Count(e => e.Event is SessionRated));
    }

    [Fact]
    public void ParticipantsSeeNoLearnersRatingInTheLogAndStaffSeeEveryRating()
    {
        var room = EndedRoom();
        room.Run(Lena, new RateSession(2, "Secret thoughts"));
        var stored = room.Log[^1];

        foreach (var viewer in new[] { Viewer.Participants, Viewer.Of(Liam), Viewer.Of(Lena), Viewer.Of(Max) })
        {
            var seen = Assert.IsType<SessionRated>(room.State.View(stored, viewer));
            Assert.Equal(("", "", 0, null, null), (seen.UserId, seen.DisplayName, seen.Rating, seen.CommentMarkdown, seen.CommentHtml));
        }
        Assert.Same(stored.Event, room.State.View(stored, Viewer.Staff));
        Assert.Same(stored.Event, room.State.View(stored, Viewer.Of(Coach)));
    }

    [Fact]
    public void EachLearnersSnapshotHoldsTheirOwnRatingOnlyAndStaffsHoldsEveryRatingWithTheAverage()
    {
        var room = EndedRoom();
        room.Run(Lena, new RateSession(2, "Secret thoughts"));
        room.Run(Liam, new RateSession(5, null));

        var lena = room.State.ToSnapshot(10, Viewer.Of(Lena));
        Assert.True(lena.Part<SessionRatingSnapshot>()!.MySessionRating!.WasPresent);
        Assert.Equal((2, "Secret thoughts"), (lena.Part<SessionRatingSnapshot>()!.MySessionRating!.Rating!.Rating, lena.Part<SessionRatingSnapshot>()!.MySessionRating!.Rating!.CommentMarkdown));
        Assert.Null(lena.Part<SessionRatingSnapshot>()!.SessionRatings);
        Assert.DoesNotContain("liam", Json(lena.Part<SessionRatingSnapshot>()!.MySessionRating));

        var noor = room.State.ToSnapshot(10, Viewer.Of(Noor));
        Assert.Equal(new MySessionRatingView(false, null), noor.Part<SessionRatingSnapshot>()!.MySessionRating);
        Assert.DoesNotContain("Secret", Json(noor));

        var coach = room.State.ToSnapshot(10, Viewer.Of(Coach));
        Assert.Equal(3.5, coach.Part<SessionRatingSnapshot>()!.SessionRatings!.Average);
        Assert.Equal(["lena", "liam"], coach.Part<SessionRatingSnapshot>()!.SessionRatings!.Ratings.Select(r => r.UserId));
        Assert.Equal(new MySessionRatingView(true, null), coach.Part<SessionRatingSnapshot>()!.MySessionRating);
    }

    [Fact]
    public void BeforeAnyRatingTheAverageIsUnknownAndALearnerWhoWasThereMayRate()
    {
        var room = EndedRoom();
        Assert.Null(room.State.ToSnapshot(10, Viewer.Staff).Part<SessionRatingSnapshot>()!.SessionRatings!.Average);
        Assert.Equal(new MySessionRatingView(true, null), room.State.ToSnapshot(10, Viewer.Of(Liam)).Part<SessionRatingSnapshot>()!.MySessionRating);
    }

    [Fact]
    public void RatingsReplayedFromTheStoredLogMatchTheLiveState()
    {
        var room = EndedRoom();
        room.Run(Lena, new RateSession(2, "Too *fast*"));
        room.Run(Liam, new RateSession(5, null));
        room.Run(Lena, new RateSession(3, "Fine after all"));

        // As the log stores them: serialised and read back.
        var stored = room.Log.Select(e => e with { Event = EventSerializer.Deserialize(EventSerializer.Serialize(e.Event)) });
        var replayed = RoomState.Fold("room1", stored);
        Assert.True(replayed.WasPresent("liam"));
        foreach (var viewer in new[] { Viewer.Staff, Viewer.Of(Lena), Viewer.Of(Noor) })
        {
            Assert.Equal(Json(room.State.ToSnapshot(10, viewer)), Json(replayed.ToSnapshot(10, viewer)));
        }
        Assert.Equal(4, replayed.Feature<SessionRatingState>().All().Average);
    }
}
