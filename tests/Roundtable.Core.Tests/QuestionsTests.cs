using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class QuestionsTests
{
    private static readonly Viewer StaffViewer = new(RoomAudience.Staff, "coach");

    private static long Ask(FeatureTestRoom room, Actor actor, string markdown, bool anonymous = false)
    {
        room.Run(actor, new AskQuestion(markdown, anonymous));
        return room.LastSeq;
    }

    [Fact]
    public void AQuestionIsRenderedAndItsIdIsItsSeq()
    {
        var room = new FeatureTestRoom(Lena);
        var id = Ask(room, Lena, "Why **this**?");
        var asked = Assert.IsType<QuestionAsked>(room.Log[^1].Event);
        Assert.Equal(("lena", "Lena", "<p>Why <strong>this</strong>?</p>", false), (asked.UserId, asked.DisplayName, asked.Html, asked.Anonymous));
        Assert.Equal(id, Assert.Single(room.State.Feature<QuestionsState>().Questions).Id);
    }

    [Fact]
    public void EmptyOversizedOrAbsentAskersAreRefused()
    {
        var room = new FeatureTestRoom(Lena);
        AssertRejected(room.Decide(Lena, new AskQuestion("  ", false)), Rejection.EmptyMessage);
        AssertRejected(room.Decide(Lena, new AskQuestion(new string('x', QuestionLimits.MaxQuestionBytes + 1), false)), Rejection.MessageTooLarge);
        AssertRejected(room.Decide(Liam, new AskQuestion("hi?", false)), Rejection.NotInRoom);
    }

    [Fact]
    public void AnAnonymousAskerIsHiddenFromPeersButNotFromStaffOrThemselves()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        var id = Ask(room, Lena, "A shy question", anonymous: true);
        var stored = room.Log[^1];

        var toParticipants = Assert.IsType<QuestionAsked>(room.State.View(stored, new Viewer(RoomAudience.Participants)));
        Assert.Null(toParticipants.UserId);
        Assert.Null(toParticipants.DisplayName);
        Assert.Equal("A shy question", toParticipants.Markdown);
        Assert.Equal(stored.Seq, id);
        var toStaff = Assert.IsType<QuestionAsked>(room.State.View(stored, Viewer.Staff));
        Assert.Equal("lena", toStaff.UserId);
        Assert.Equal("lena", Assert.IsType<QuestionAsked>(room.State.View(stored, new Viewer(RoomAudience.Participants, "lena"))).UserId);
        Assert.Null(Assert.IsType<QuestionAsked>(room.State.View(stored, new Viewer(RoomAudience.Participants, "liam"))).UserId);

        var liamSees = Assert.Single(room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "liam")).Part<QuestionsSnapshot>()!.Questions!);
        Assert.Equal((null, null, false, true), (liamSees.UserId, liamSees.DisplayName, liamSees.AskedByViewer, liamSees.Anonymous));
        var lenaSees = Assert.Single(room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "lena")).Part<QuestionsSnapshot>()!.Questions!);
        Assert.True(lenaSees.AskedByViewer);
        var coachSees = Assert.Single(room.State.ToSnapshot(10, StaffViewer).Part<QuestionsSnapshot>()!.Questions!);
        Assert.Equal("Lena", coachSees.DisplayName);
    }

    [Fact]
    public void ANamedQuestionIsShownAsItIs()
    {
        var room = new FeatureTestRoom(Lena);
        Ask(room, Lena, "Open question");
        Assert.Same(room.Log[^1].Event, room.State.View(room.Log[^1], new Viewer(RoomAudience.Participants)));
    }

    [Fact]
    public void UpvotesCountOncePerPersonAndCanBeWithdrawn()
    {
        var room = new FeatureTestRoom(Lena, Liam, Noor);
        var id = Ask(room, Lena, "Vote me");
        room.Run(Liam, new UpvoteQuestion(id, true));
        AssertAlreadyDone(room.Decide(Liam, new UpvoteQuestion(id, true)));
        room.Run(Noor, new UpvoteQuestion(id, true));
        Assert.Equal(2, room.State.Feature<QuestionsState>().Find(id)!.Voters.Count);

        Assert.IsType<QuestionUpvoteWithdrawn>(Assert.Single(room.Run(Liam, new UpvoteQuestion(id, false)).Events));
        AssertAlreadyDone(room.Decide(Liam, new UpvoteQuestion(id, false)));
        var noorSees = Assert.Single(room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "noor")).Part<QuestionsSnapshot>()!.Questions!);
        Assert.Equal((1, true), (noorSees.Votes, noorSees.UpvotedByViewer));
        Assert.Equal("noor", Assert.Single(room.Replayed().Feature<QuestionsState>().Find(id)!.Voters));
    }

    [Fact]
    public void UnknownQuestionsAreRefused()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        AssertRejected(room.Decide(Lena, new UpvoteQuestion(99, true)), QuestionRejections.UnknownQuestion);
        AssertRejected(room.Decide(Coach, new MarkQuestionAnswered(1)), QuestionRejections.UnknownQuestion);
    }

    [Fact]
    public void CoachMarksAnsweredPinsAndDismisses()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        var id = Ask(room, Lena, "Q");
        room.Run(Coach, new MarkQuestionAnswered(id));
        AssertAlreadyDone(room.Decide(Coach, new MarkQuestionAnswered(id)));
        room.Run(Admin, new PinQuestion(id, true));
        AssertAlreadyDone(room.Decide(Coach, new PinQuestion(id, true)));
        var q = room.State.Feature<QuestionsState>().Find(id)!;
        Assert.True(q.Answered && q.Pinned);
        room.Run(Coach, new PinQuestion(id, false));
        Assert.False(room.State.Feature<QuestionsState>().Find(id)!.Pinned);
        room.Run(Coach, new DismissQuestion(id));
        AssertAlreadyDone(room.Decide(Coach, new DismissQuestion(id)));
        Assert.True(room.Replayed().Feature<QuestionsState>().Find(id)!.Dismissed);
    }

    [Fact]
    public void ParticipantsCannotModerateQuestions()
    {
        var room = new FeatureTestRoom(Coach, Lena, Max);
        var id = Ask(room, Lena, "Q");
        foreach (var actor in new[] { Lena, Max })
        {
            AssertRejected(room.Decide(actor, new MarkQuestionAnswered(id)), Rejection.NotAllowed);
            AssertRejected(room.Decide(actor, new PinQuestion(id, true)), Rejection.NotAllowed);
            AssertRejected(room.Decide(actor, new DismissQuestion(id)), Rejection.NotAllowed);
        }
    }

    [Fact]
    public void ADismissedQuestionDisappearsForParticipantsOnly()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        var id = Ask(room, Lena, "Off topic");
        var asked = room.Log[^1];
        room.Run(Coach, new DismissQuestion(id));

        Assert.Empty(room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "liam")).Part<QuestionsSnapshot>()!.Questions!);
        Assert.True(Assert.Single(room.State.ToSnapshot(10, StaffViewer).Part<QuestionsSnapshot>()!.Questions!).Dismissed);
        var late = Assert.IsType<QuestionAsked>(room.State.View(asked, new Viewer(RoomAudience.Participants, "lena")));
        Assert.Equal(("", "", null), (late.Markdown, late.Html, late.UserId));
        AssertRejected(room.Decide(Liam, new UpvoteQuestion(id, true)), QuestionRejections.UnknownQuestion);
    }

    [Fact]
    public void AnEndedRoomRefusesQuestions()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        var id = Ask(room, Lena, "Q");
        room.Append(new RoundtableEnded("coach"));
        AssertRejected(room.Decide(Lena, new AskQuestion("more?", false)), Rejection.RoomEnded);
        AssertRejected(room.Decide(Coach, new PinQuestion(id, true)), Rejection.RoomEnded);
    }
}
