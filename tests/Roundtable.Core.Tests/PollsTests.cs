using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class PollsTests
{
    private static long Open(FeatureTestRoom room, bool multiple = false, bool anonymous = false, params string[] options)
    {
        room.Run(Coach, new OpenPoll("Which day?", options.Length > 0 ? options : ["Mon", "Tue", "Wed"], multiple, anonymous));
        return room.LastSeq;
    }

    [Fact]
    public void CoachOpensAPollWithTrimmedOptions()
    {
        var room = new FeatureTestRoom(Coach);
        room.Run(Coach, new OpenPoll("  Lunch? ", [" Yes ", "No", "  "], false, true));
        var opened = Assert.IsType<PollOpened>(room.Log[^1].Event);
        Assert.Equal(("Lunch?", false, true), (opened.Question, opened.MultipleChoice, opened.Anonymous));
        Assert.Equal(["Yes", "No"], opened.Options);
    }

    [Theory]
    [InlineData("", 2, nameof(Rejection.InvalidArgument))]
    [InlineData("Q", 1, nameof(Rejection.InvalidArgument))]
    [InlineData("Q", 11, nameof(Rejection.InvalidArgument))]
    public void PollsNeedAQuestionAndTwoToTenOptions(string question, int optionCount, string expectedCode)
    {
        var expected = new Rejection(expectedCode);
        var room = new FeatureTestRoom(Coach);
        var options = Enumerable.Range(1, optionCount).Select(i => $"option {i}").ToList();
        AssertRejected(room.Decide(Coach, new OpenPoll(question, options, false, false)), expected);
    }

    [Fact]
    public void OverlongOrRepeatedOptionsAreRefused()
    {
        var room = new FeatureTestRoom(Coach);
        AssertRejected(room.Decide(Coach, new OpenPoll(new string('q', PollLimits.MaxQuestionLength + 1), ["a", "b"], false, false)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenPoll("Q", ["a", new string('b', PollLimits.MaxOptionLength + 1)], false, false)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenPoll("Q", ["Same", "same"], false, false)), Rejection.InvalidArgument);
    }

    [Fact]
    public void OnlyStaffOpenAndClosePolls()
    {
        var room = new FeatureTestRoom(Coach, Lena, Max);
        var id = Open(room);
        AssertRejected(room.Decide(Lena, new OpenPoll("Q", ["a", "b"], false, false)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Max, new ClosePoll(id)), Rejection.NotAllowed);
        room.Run(Admin, new ClosePoll(id));
    }

    [Fact]
    public void AReVoteReplacesTheEarlierVoteAndCountsFollow()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        var id = Open(room);
        room.Run(Lena, new VoteInPoll(id, [0]));
        var second = Assert.IsType<PollVoted>(Assert.Single(room.Run(Liam, new VoteInPoll(id, [0])).Events));
        Assert.Equal([2, 0, 0], second.Counts);
        var changed = Assert.IsType<PollVoted>(Assert.Single(room.Run(Lena, new VoteInPoll(id, [2])).Events));
        Assert.Equal([1, 0, 1], changed.Counts);
        AssertAlreadyDone(room.Decide(Lena, new VoteInPoll(id, [2])));
        Assert.Equal([1, 0, 1], room.Replayed().Feature<PollsState>().Find(id)!.Counts());
    }

    [Fact]
    public void MultipleChoiceTakesASetAndSingleChoiceOne()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        var single = Open(room);
        AssertRejected(room.Decide(Lena, new VoteInPoll(single, [0, 1])), Rejection.InvalidArgument);
        var multiple = Open(room, multiple: true);
        var vote = Assert.IsType<PollVoted>(Assert.Single(room.Run(Lena, new VoteInPoll(multiple, [2, 0, 2])).Events));
        Assert.Equal([0, 2], vote.Choices);
        Assert.Equal([1, 0, 1], vote.Counts);
    }

    [Fact]
    public void BadVotesAreRefused()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        var id = Open(room);
        AssertRejected(room.Decide(Lena, new VoteInPoll(id, [])), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Lena, new VoteInPoll(id, [3])), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Lena, new VoteInPoll(id, [-1])), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Lena, new VoteInPoll(999, [0])), PollRejections.UnknownPoll);
        AssertRejected(room.Decide(Liam, new VoteInPoll(id, [0])), Rejection.NotInRoom);
        AssertRejected(room.Decide(Coach, new ClosePoll(999)), PollRejections.UnknownPoll);
    }

    [Fact]
    public void AClosedPollRefusesVotesAndItsCloseCarriesTheCounts()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        var id = Open(room);
        room.Run(Lena, new VoteInPoll(id, [1]));
        var closed = Assert.IsType<PollClosed>(Assert.Single(room.Run(Coach, new ClosePoll(id)).Events));
        Assert.Equal("Which day?", closed.Question);
        Assert.Equal([0, 1, 0], closed.Counts);
        AssertRejected(room.Decide(Liam, new VoteInPoll(id, [0])), PollRejections.PollClosed);
        AssertAlreadyDone(room.Decide(Coach, new ClosePoll(id)));
    }

    [Fact]
    public void AnAnonymousPollHidesVotersFromEveryAudienceButTellsEachViewerTheirOwnChoice()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        var id = Open(room, anonymous: true);
        room.Run(Lena, new VoteInPoll(id, [1]));
        var vote = room.Log[^1];
        Assert.Null(Assert.IsType<PollVoted>(room.State.View(vote, Viewer.Staff)).UserId);
        Assert.Null(Assert.IsType<PollVoted>(room.State.View(vote, new Viewer(RoomAudience.Participants, "lena"))).UserId);
        Assert.Equal([0, 1, 0], Assert.IsType<PollVoted>(room.State.View(vote, Viewer.Staff)).Counts);

        var lenaSees = Assert.Single(room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "lena")).Part<PollsSnapshot>()!.Polls!);
        Assert.Equal([1], lenaSees.MyChoices);
        Assert.Equal([0, 1, 0], lenaSees.Counts);
        Assert.Empty(Assert.Single(room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "liam")).Part<PollsSnapshot>()!.Polls!).MyChoices);

        var named = Open(room);
        room.Run(Lena, new VoteInPoll(named, [0]));
        Assert.Equal("lena", Assert.IsType<PollVoted>(room.State.View(room.Log[^1], new Viewer(RoomAudience.Participants))).UserId);
    }

    [Fact]
    public void AnEndedRoomRefusesPolls()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        var id = Open(room);
        room.Append(new RoundtableEnded("coach"));
        AssertRejected(room.Decide(Lena, new VoteInPoll(id, [0])), Rejection.RoomEnded);
        AssertRejected(room.Decide(Coach, new OpenPoll("Q", ["a", "b"], false, false)), Rejection.RoomEnded);
    }
}
