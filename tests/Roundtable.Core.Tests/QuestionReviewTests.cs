using Roundtable.Core.Events;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

/// <summary>The review queue: while it is on, a learner's question is for staff and its asker until a coach approves it.</summary>
public sealed class QuestionReviewTests
{
    private static readonly Viewer LenaViewer = new(RoomAudience.Participants, "lena");
    private static readonly Viewer LiamViewer = new(RoomAudience.Participants, "liam");

    private static (FeatureTestRoom Room, long Id) HeldQuestion(string markdown = "Is the **deadline** moving?", bool anonymous = false)
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam, Max);
        room.Run(Coach, new SetQuestionReview(true));
        room.Run(Lena, new AskQuestion(markdown, anonymous));
        return (room, room.LastSeq);
    }

    private static IReadOnlyList<QuestionView> Seen(FeatureTestRoom room, Viewer viewer) =>
        room.State.ToSnapshot(10, viewer).Part<QuestionsSnapshot>()!.Questions;

    [Fact]
    public void OnlyStaffTurnTheReviewOnAndOff()
    {
        var room = new FeatureTestRoom(Coach, Lena, Max);
        AssertRejected(room.Decide(Lena, new SetQuestionReview(true)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Max, new SetQuestionReview(true)), Rejection.NotAllowed);
        var changed = Assert.IsType<QuestionReviewChanged>(Assert.Single(room.Run(Coach, new SetQuestionReview(true)).Events));
        Assert.Equal((true, "coach"), (changed.On, changed.ByUserId));
        AssertAlreadyDone(room.Decide(Admin, new SetQuestionReview(true)));
        Assert.True(room.State.ToSnapshot(10, LenaViewer).Part<QuestionsSnapshot>()!.QuestionReview);
        room.Run(Admin, new SetQuestionReview(false));
        Assert.False(room.Replayed().Feature<QuestionsState>().Review);
    }

    [Fact]
    public void ALearnersQuestionWaitsButStaffQuestionsDoNot()
    {
        var (room, id) = HeldQuestion();
        Assert.True(Assert.IsType<QuestionAsked>(room.Log[^1].Event).AwaitingReview);
        room.Run(Coach, new AskQuestion("From the coach", false));
        Assert.False(Assert.IsType<QuestionAsked>(room.Log[^1].Event).AwaitingReview);
        room.Run(Max, new AskQuestion("From a manager", false));
        Assert.True(Assert.IsType<QuestionAsked>(room.Log[^1].Event).AwaitingReview);
        Assert.True(room.Replayed().Feature<QuestionsState>().Find(id)!.AwaitingReview);
    }

    [Fact]
    public void AWaitingQuestionIsSeenByStaffAndItsAskerOnly()
    {
        var (room, id) = HeldQuestion();
        var asked = room.Log[^1];

        Assert.Same(asked.Event, room.State.View(asked, Viewer.Staff));
        Assert.Same(asked.Event, room.State.View(asked, LenaViewer));
        Assert.Equal("lena", room.State.ConcernedPerson(asked));
        foreach (var outsider in new[] { LiamViewer, Viewer.Participants, new Viewer(RoomAudience.Participants, "max") })
        {
            var view = Assert.IsType<QuestionAsked>(room.State.View(asked, outsider));
            Assert.Equal(("", "", null, null), (view.Markdown, view.Html, view.UserId, view.DisplayName));
            Assert.DoesNotContain("deadline", EventSerializer.Serialize(view), StringComparison.Ordinal);
            Assert.Empty(Seen(room, outsider));
        }
        var lenaSees = Assert.Single(Seen(room, LenaViewer));
        Assert.Equal((id, true, true), (lenaSees.Id, lenaSees.AwaitingReview, lenaSees.AskedByViewer));
        Assert.True(Assert.Single(Seen(room, Viewer.Staff)).AwaitingReview);
    }

    [Fact]
    public void OthersCannotActOnAWaitingQuestionAndItsAskerCannotUpvoteIt()
    {
        var (room, id) = HeldQuestion();
        AssertRejected(room.Decide(Liam, new UpvoteQuestion(id, true)), QuestionRejections.UnknownQuestion);
        AssertRejected(room.Decide(Lena, new UpvoteQuestion(id, true)), QuestionRejections.AwaitingReview);
        AssertRejected(room.Decide(Lena, new ApproveQuestion(id)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Liam, new ApproveQuestion(id)), QuestionRejections.UnknownQuestion);
        AssertRejected(room.Decide(Coach, new ApproveQuestion(id + 10)), QuestionRejections.UnknownQuestion);
    }

    [Fact]
    public void AnApprovedQuestionReachesTheRoomWithItsText()
    {
        var (room, id) = HeldQuestion(anonymous: true);
        var asked = room.Log[^1];
        var approvedEvent = Assert.IsType<QuestionApproved>(Assert.Single(room.Run(Coach, new ApproveQuestion(id)).Events));
        Assert.Null(approvedEvent.Question);
        AssertAlreadyDone(room.Decide(Coach, new ApproveQuestion(id)));
        var approved = room.Log[^1];

        var toLiam = Assert.IsType<QuestionApproved>(room.State.View(approved, LiamViewer)).Question!;
        Assert.Equal((id, "<p>Is the <strong>deadline</strong> moving?</p>", null, false), (toLiam.Id, toLiam.Html, toLiam.UserId, toLiam.AwaitingReview));
        Assert.Equal("lena", Assert.IsType<QuestionApproved>(room.State.View(approved, Viewer.Staff)).Question!.UserId);
        // Catch-up and transcript after the approval: the question at its own seq, as for any question.
        Assert.Equal("Is the **deadline** moving?", Assert.IsType<QuestionAsked>(room.State.View(asked, LiamViewer)).Markdown);
        Assert.False(Assert.Single(Seen(room, LiamViewer)).AwaitingReview);
        room.Run(Liam, new UpvoteQuestion(id, true));
        Assert.False(room.Replayed().Feature<QuestionsState>().Find(id)!.AwaitingReview);
    }

    [Fact]
    public void ADismissedWaitingQuestionNeverReachesTheRoom()
    {
        var (room, id) = HeldQuestion();
        var asked = room.Log[^1];
        room.Run(Coach, new DismissQuestion(id));
        AssertRejected(room.Decide(Coach, new ApproveQuestion(id)), QuestionRejections.UnknownQuestion);
        Assert.Empty(Seen(room, LiamViewer));
        Assert.Empty(Seen(room, LenaViewer));
        Assert.Equal("", Assert.IsType<QuestionAsked>(room.State.View(asked, LiamViewer)).Markdown);
        Assert.True(Assert.Single(Seen(room, Viewer.Staff)).Dismissed);
    }

    [Fact]
    public void TurningReviewOffKeepsWaitingQuestionsWaitingAndLetsNewOnesThrough()
    {
        var (room, id) = HeldQuestion();
        room.Run(Coach, new SetQuestionReview(false));
        room.Run(Liam, new AskQuestion("Straight through", false));
        Assert.False(Assert.IsType<QuestionAsked>(room.Log[^1].Event).AwaitingReview);
        Assert.Null(room.State.ConcernedPerson(room.Log[^1]));
        Assert.Equal([room.LastSeq], Seen(room, new Viewer(RoomAudience.Participants, "max")).Select(q => q.Id));
        Assert.True(room.State.Feature<QuestionsState>().Find(id)!.AwaitingReview);
    }
}
