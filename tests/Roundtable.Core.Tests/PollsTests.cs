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

    private static readonly Viewer LenaViews = new(RoomAudience.Participants, "lena");
    private static readonly Viewer LiamViews = new(RoomAudience.Participants, "liam");

    private static PollView SnapshotFor(FeatureTestRoom room, Viewer viewer) =>
        Assert.Single(room.State.ToSnapshot(10, viewer).Part<PollsSnapshot>()!.Polls!);

    [Fact]
    public void ARatingPollHasTheValuesOneToFiveAndItsResultsTheAverage()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam, Noor);
        room.Run(Coach, new OpenPoll(" How useful was today? ", ["ignored"], true, false, PollKind.Rating));
        var opened = Assert.IsType<PollOpened>(room.Log[^1].Event);
        Assert.Equal((PollKind.Rating, false, PollResultsVisibility.Live), (opened.Kind, opened.MultipleChoice, opened.Visibility));
        Assert.Equal(["1", "2", "3", "4", "5"], opened.Options);
        var id = room.LastSeq;
        room.Run(Lena, new VoteInPoll(id, [4]));
        room.Run(Liam, new VoteInPoll(id, [3]));
        room.Run(Noor, new VoteInPoll(id, [1]));
        AssertRejected(room.Decide(Lena, new VoteInPoll(id, [5])), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Lena, new VoteInPoll(id, [3, 4])), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Lena, new AnswerPoll(id, "five")), Rejection.InvalidArgument);

        var results = SnapshotFor(room, LenaViews).Results!;
        Assert.Equal([0, 1, 0, 1, 1], results.Counts);
        Assert.Equal(3.67, results.Average);
        Assert.Equal(3, results.Voters);
        Assert.Null(PollResults.AverageOf([0, 0, 0, 0, 0]));
    }

    [Fact]
    public void AnOpenTextPollTakesOneBoundedAnswerPerPersonAndListsThemInOrder()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        room.Run(Coach, new OpenPoll("One word for today?", [], false, false, PollKind.Text));
        var id = room.LastSeq;
        Assert.Empty(Assert.IsType<PollOpened>(room.Log[^1].Event).Options);
        room.Run(Lena, new AnswerPoll(id, "  Clear   goals "));
        var answered = Assert.IsType<PollVoted>(room.Log[^1].Event);
        Assert.Equal(("Clear goals", 0, 0), (answered.Text, answered.Choices.Count, answered.Counts.Count));
        Assert.Null(answered.Results);
        room.Run(Liam, new AnswerPoll(id, "Too long"));
        room.Run(Lena, new AnswerPoll(id, "Clear goals, good pace"));
        AssertAlreadyDone(room.Decide(Lena, new AnswerPoll(id, "Clear goals, good pace")));
        AssertRejected(room.Decide(Liam, new AnswerPoll(id, "   ")), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Liam, new AnswerPoll(id, new string('x', PollLimits.MaxAnswerLength + 1))), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Liam, new VoteInPoll(id, [0])), Rejection.InvalidArgument);

        Assert.Equal(["Too long", "Clear goals, good pace"], SnapshotFor(room, Viewer.Staff).Results!.Answers);
        Assert.Equal("Clear goals, good pace", SnapshotFor(room, LenaViews).MyAnswer);
        var closed = Assert.IsType<PollClosed>(Assert.Single(room.Run(Coach, new ClosePoll(id)).Events));
        Assert.Equal(["Too long", "Clear goals, good pace"], closed.Answers);
        Assert.Equal(["Too long", "Clear goals, good pace"], room.Replayed().Feature<PollsState>().Find(id)!.AnswerTexts());
        var closedView = Assert.IsType<PollClosed>(room.State.View(room.Log[^1], Viewer.Participants));
        Assert.Contains(new WordCount("goals", 1), closedView.Results!.Words);
    }

    [Fact]
    public void WordFrequencyFoldsCaseDropsStopWordsAndCountsAWordOncePerAnswer()
    {
        var top = PollWords.Top(["The PACE was great, great pace!", "Great examples", "pace and the examples", "great", "I", "Don't rush it"], 3);
        Assert.Equal([new WordCount("great", 3), new WordCount("examples", 2), new WordCount("pace", 2)], top);
        Assert.Equal(["rush"], PollWords.Words("Don't rush it"));
        Assert.Equal(["café", "team's", "check-in"], PollWords.Words("CAFÉ: the team’s check-in -- "));
    }

    [Fact]
    public void UnderWhenClosedParticipantsSeeNoResultsUntilTheCloseWhileStaffSeeThemLive()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        room.Run(Coach, new OpenPoll("Ready?", ["Yes", "No"], false, false, Visibility: PollResultsVisibility.WhenClosed));
        var id = room.LastSeq;
        room.Run(Lena, new VoteInPoll(id, [0]));
        var vote = room.Log[^1];

        foreach (var participant in new[] { Viewer.Participants, LenaViews, LiamViews })
        {
            var seen = Assert.IsType<PollVoted>(room.State.View(vote, participant));
            Assert.Equal(("lena", 0, 0), (seen.UserId, seen.Choices.Count, seen.Counts.Count));
            var poll = SnapshotFor(room, participant);
            Assert.Empty(poll.Counts);
            Assert.Null(poll.Results);
            Assert.NotNull(room.State.Feature<PollsState>().ResultsFor(id, participant, room.LastSeq).Refusal);
        }
        Assert.Equal([0], SnapshotFor(room, LenaViews).MyChoices);
        Assert.Equal([1, 0], Assert.IsType<PollVoted>(room.State.View(vote, Viewer.Staff)).Counts);
        Assert.Equal([1, 0], SnapshotFor(room, Viewer.Staff).Results!.Counts);

        room.Run(Coach, new ClosePoll(id));
        Assert.Equal([1, 0], Assert.IsType<PollClosed>(room.State.View(room.Log[^1], Viewer.Participants)).Counts);
        Assert.Equal([1, 0], Assert.IsType<PollVoted>(room.State.View(vote, LiamViews)).Counts);
        Assert.Equal([1, 0], SnapshotFor(room, LiamViews).Counts);
    }

    [Fact]
    public void UnderAfterVotingEachPersonSeesResultsOnceTheyVotedAndTheLiveParticipantViewCarriesNone()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        room.Run(Coach, new OpenPoll("Which words?", [], false, true, PollKind.Text, PollResultsVisibility.AfterVoting));
        var id = room.LastSeq;
        room.Run(Lena, new AnswerPoll(id, "Practice feedback"));
        var answer = room.Log[^1];
        var polls = room.State.Feature<PollsState>();

        Assert.Equal(["Practice feedback"], SnapshotFor(room, LenaViews).Results!.Answers);
        Assert.Equal(["Practice feedback"], polls.ResultsFor(id, LenaViews, room.LastSeq).Results!.Answers);
        var lenaCatchup = Assert.IsType<PollVoted>(room.State.View(answer, LenaViews));
        Assert.Equal(("Practice feedback", (string?)null), (lenaCatchup.Results!.Answers.Single(), lenaCatchup.UserId));

        Assert.Null(SnapshotFor(room, LiamViews).Results);
        Assert.Equal("This poll's results show once you have voted.", polls.ResultsFor(id, LiamViews, room.LastSeq).Refusal);
        foreach (var notYet in new[] { LiamViews, Viewer.Participants })
        {
            var seen = Assert.IsType<PollVoted>(room.State.View(answer, notYet));
            Assert.Equal(((string?)null, (PollResults?)null, (string?)null), (seen.Text, seen.Results, seen.UserId));
        }
        Assert.Equal(["practice", "feedback"], Assert.IsType<PollVoted>(room.State.View(answer, Viewer.Staff)).Results!.Words.Select(w => w.Word).Order().Reverse());

        room.Run(Liam, new AnswerPoll(id, "More practice"));
        Assert.Equal(["Practice feedback", "More practice"], SnapshotFor(room, LiamViews).Results!.Answers);
        Assert.Equal(new WordCount("practice", 2), SnapshotFor(room, LiamViews).Results!.Words[0]);
    }

    [Fact]
    public void EventsStoredBeforeKindsAndVisibilityReadAsALiveChoicePoll()
    {
        var opened = Assert.IsType<PollOpened>(Roundtable.Core.Events.EventSerializer.Deserialize(
            """{"type":"PollOpened","byUserId":"coach","question":"Q","options":["a","b"],"multipleChoice":false,"anonymous":false}"""));
        Assert.Equal((PollKind.Choice, PollResultsVisibility.Live), (opened.Kind, opened.Visibility));
        var voted = Assert.IsType<PollVoted>(Roundtable.Core.Events.EventSerializer.Deserialize(
            """{"type":"PollVoted","pollId":1,"userId":"lena","choices":[0],"counts":[1,0]}"""));
        Assert.Null(voted.Text);
        var closed = Assert.IsType<PollClosed>(Roundtable.Core.Events.EventSerializer.Deserialize(
            """{"type":"PollClosed","pollId":1,"byUserId":"coach","question":"Q","options":["a","b"],"counts":[1,0]}"""));
        Assert.Null(closed.Answers);
        Assert.DoesNotContain("results", Roundtable.Core.Events.EventSerializer.Serialize(voted with { Text = null }), StringComparison.OrdinalIgnoreCase);
    }
}
