using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.ActivityStory;

namespace Roundtable.Core.Tests;

public sealed class ProgramActivityTests
{
    private const int Precision = 9;

    /// <summary>Program p1 (Speaking) with cohort c1 (Spring): learners Ada, Ben and Cy, and Cora, their coach.</summary>
    private static ActivityStory Spring()
    {
        var story = new ActivityStory()
            .Program("p1", "Speaking")
            .Cohort("c1", "p1", "Spring")
            .Learners("c1", "ada", "ben", "cy");
        return story.User("cora").Member("c1", "cora", CohortRole.Coach);
    }

    private static LearnerFlag? Flag(LearnerRow row, string code) => row.Flags.SingleOrDefault(f => f.Code == code);

    private static string[] Codes(LearnerRow row) => [.. row.Flags.Select(f => f.Code)];

    // ---------------------------------------------------------------- attendance

    [Fact]
    public void SessionsHeldAreTheStartedOnesAndSessionsJoinedTheHeldOnesAttended()
    {
        var story = Spring();
        var openings = story.Schedule("rt1", "c1", "Openings", day: 1);
        var stories = story.Schedule("rt2", "c1", "Stories", day: 2);
        story.Schedule("rt3", "c1", "Closings", day: 3);
        openings.At(0).Start().Join("ada", "ben").At(60).End();
        stories.At(0).Start().Join("ben").At(60).End();

        Assert.Equal(2, story.Cohort().SessionsHeld);
        Assert.Equal((1, 2), (story.Row("ada").SessionsJoined, story.Row("ada").SessionsHeld));
        Assert.Equal((2, 2), (story.Row("ben").SessionsJoined, story.Row("ben").SessionsHeld));
        Assert.Equal((0, 2), (story.Row("cy").SessionsJoined, story.Row("cy").SessionsHeld));
    }

    [Fact]
    public void BreakoutAndCircleRoomsAreNotCountedAsTheCohortsSessions()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben").At(60).End();
        story.Schedule("bo1", "c1", "Openings: group 1", day: 1, RoundtableKind.Breakout, "rt1").At(10).Start().Join("ben").At(30).End();
        story.Schedule("ci1", "c1", "Negotiation circle", day: 2, RoundtableKind.Circle, "circle-1").At(0).Start().Join("ada").At(60).End();

        Assert.Equal(1, story.Cohort().SessionsHeld);
        Assert.Equal((1, 1), (story.Row("ada").SessionsJoined, story.Row("ada").SessionsHeld));
        Assert.Equal(TimeSpan.FromMinutes(60), story.Row("ben").TimePresent);
    }

    [Fact]
    public void TimeAndTalkInABreakoutGroupCountTowardsTheSessionItSplitFrom()
    {
        var story = Spring();
        var main = story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben");
        var group = story.Schedule("bo1", "c1", "Openings: group 1", day: 1, RoundtableKind.Breakout, "rt1");
        group.At(10).Start().Join("ada");
        main.At(11).Leave("ada", LeaveReason.Disconnected);
        group.At(15).Say("ada", times: 2).RaiseHand("ada");
        group.At(30).End();
        main.At(31).Join("ada").At(60).End();

        var ada = story.Row("ada");
        Assert.Equal(TimeSpan.FromMinutes(59), ada.TimePresent);
        Assert.Equal((2, 1), (ada.Messages, ada.HandsRaised));
        Assert.Equal((1, 1), (ada.SessionsJoined, ada.SessionsHeld));
        Assert.Equal(TimeSpan.FromMinutes(60), story.Row("ben").TimePresent);
    }

    [Fact]
    public void TimePresentSumsTheStaysOfEverySessionAcrossRejoins()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada")
            .At(10).Leave("ada", LeaveReason.Disconnected)
            .At(20).Join("ada")
            .At(35).Leave("ada")
            .At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start()
            .At(5).Join("ada")
            .At(45).Leave("ada")
            .At(60).End();

        Assert.Equal(TimeSpan.FromMinutes(10 + 15 + 40), story.Row("ada").TimePresent);
    }

    [Fact]
    public void JoiningAgainWhilePresentDoesNotRestartTheStay()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada")
            .At(10).Join("ada")
            .At(30).Leave("ada")
            .At(60).End();

        Assert.Equal(TimeSpan.FromMinutes(30), story.Row("ada").TimePresent);
    }

    [Fact]
    public void AStayStillOpenCountsUntilNow()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().At(5).Join("ada");

        Assert.Equal(TimeSpan.FromMinutes(25), story.Row("ada", now: Time(1, 30)).TimePresent);
        Assert.Equal(TimeSpan.FromMinutes(45), story.Row("ada", now: Time(1, 50)).TimePresent);
        Assert.Equal(TimeSpan.Zero, story.Row("ada", now: Time(1, 3)).TimePresent);
    }

    [Fact]
    public void TheEndOfTheRoundtableClosesEveryStay()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().At(5).Join("ada").At(10).Join("ben").At(20).Leave("ben").At(25).Join("ben")
            .At(40).End();

        Assert.Equal(TimeSpan.FromMinutes(35), story.Row("ada").TimePresent);
        Assert.Equal(TimeSpan.FromMinutes(10 + 15), story.Row("ben").TimePresent);
    }

    [Fact]
    public void RemovalClosesAStay()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada").At(15).Remove("ada");

        var ada = story.Row("ada", now: Time(1, 50));
        Assert.Equal(TimeSpan.FromMinutes(15), ada.TimePresent);
        Assert.Equal(1, ada.SessionsJoined);
    }

    [Fact]
    public void PeopleWhoOnlyJoinedRoomsThatNeverStartedHaveAttendedNothing()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada").Say("ada").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Join("cy").Say("cy", 3).RaiseHand("cy").Ask("cy").At(30).Leave("cy");

        var cy = story.Row("cy");
        Assert.Equal((0, 1), (cy.SessionsJoined, cy.SessionsHeld));
        Assert.Equal(TimeSpan.Zero, cy.TimePresent);
        Assert.Equal((0, 0, 0), (cy.Messages, cy.HandsRaised, cy.QuestionsAsked));
        Assert.Null(Flag(cy, "never-speaks"));
    }

    // ---------------------------------------------------------------- feedback received

    [Fact]
    public void FeedbackReceivedIsTheMeanOfEachPresentationsPeerOverallAndCriteriaAreWeightedByCounts()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben", "cy")
            .At(10).Present("p1", "ada").OpenFeedback("p1").Peer("p1", "ben", 5, 3).Peer("p1", "cy", 4, 1)
            .At(20).Present("p2", "ben").OpenFeedback("p2").Peer("p2", "ada", 1, 1)
            .At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start().Join("ada", "ben")
            .At(10).Present("p3", "ada").OpenFeedback("p3").Peer("p3", "ben", 2, 5)
            .At(60).End();

        var ada = story.Row("ada");

        Assert.Equal(2, ada.PresentationsGiven);
        // p1: clarity 4.5, delivery 2 → (2·4.5 + 2) / 3 = 11/3; p3: (2·2 + 5) / 3 = 3. Not the pooled 31/9.
        Assert.Equal((11.0 / 3 + 3) / 2, ada.FeedbackReceivedOverall!.Value, Precision);
        Assert.Equal(["clarity", "delivery"], ada.FeedbackReceivedByCriterion.Select(c => c.CriterionId));
        var (clarity, delivery) = (ada.FeedbackReceivedByCriterion[0], ada.FeedbackReceivedByCriterion[1]);
        Assert.Equal(("Clarity", 3), (clarity.Name, clarity.Ratings));
        Assert.Equal((5 + 4 + 2) / 3.0, clarity.Mean, Precision);
        Assert.Equal(("Delivery", 3), (delivery.Name, delivery.Ratings));
        Assert.Equal((3 + 1 + 5) / 3.0, delivery.Mean, Precision);

        Assert.Equal(1, story.Row("ben").PresentationsGiven);
        Assert.Equal(1.0, story.Row("ben").FeedbackReceivedOverall!.Value, Precision);
        Assert.Equal(0, story.Row("cy").PresentationsGiven);
        Assert.Null(story.Row("cy").FeedbackReceivedOverall);
        Assert.Empty(story.Row("cy").FeedbackReceivedByCriterion);
        Assert.Empty(story.Row("cy").Trend);
    }

    [Fact]
    public void CriteriaAreMatchedByIdAcrossRubricVersionsAndTheLatestNameIsShown()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben", "cy")
            .At(10).Present("p1", "ada").OpenFeedback("p1", Rubrics.V1).Peer("p1", "ben", 4, 2).Peer("p1", "cy", 2, 4)
            .At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start().Join("ada", "ben")
            .At(10).Present("p2", "ada").OpenFeedback("p2", Rubrics.V2)
            .Give("p2", "ben", FeedbackKind.Peer, new Dictionary<string, int> { ["structure"] = 3, ["clarity"] = 5 })
            .At(60).End();

        var criteria = story.Row("ada").FeedbackReceivedByCriterion;

        Assert.Equal(["clarity", "delivery", "structure"], criteria.Select(c => c.CriterionId));
        Assert.Equal(("Clear message", 3), (criteria[0].Name, criteria[0].Ratings));
        Assert.Equal((4 + 2 + 5) / 3.0, criteria[0].Mean, Precision);
        Assert.Equal(("Delivery", 2), (criteria[1].Name, criteria[1].Ratings));
        Assert.Equal(3.0, criteria[1].Mean, Precision);
        Assert.Equal(("Structure", 1), (criteria[2].Name, criteria[2].Ratings));
        Assert.Equal(3.0, criteria[2].Mean, Precision);
        // p1: (2·3 + 3) / 3 = 3; p2: (3 + 5) / 2 = 4.
        Assert.Equal(3.5, story.Row("ada").FeedbackReceivedOverall!.Value, Precision);
    }

    [Fact]
    public void ARevisionReplacesTheEarlierScoresRatherThanAddingToThem()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben")
            .At(10).Present("p1", "ada").OpenFeedback("p1").Peer("p1", "ben", 1, 1, out var submission)
            .At(12).Revise("p1", submission, "ben", 5, 4)
            .At(60).End();

        var ada = story.Row("ada");

        Assert.Equal((10 + 4) / 3.0, ada.FeedbackReceivedOverall!.Value, Precision);
        Assert.All(ada.FeedbackReceivedByCriterion, c => Assert.Equal(1, c.Ratings));
        Assert.Equal([5.0, 4.0], ada.FeedbackReceivedByCriterion.Select(c => c.Mean));
        Assert.Equal((10 + 4) / 3.0, Assert.Single(ada.Trend).Overall, Precision);
    }

    [Fact]
    public void SelfAndCoachFeedbackAreLeftOutOfFeedbackReceived()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("cora", "ada", "ben")
            .At(10).Present("p1", "ada").OpenFeedback("p1")
            .Give("p1", "ada", FeedbackKind.Self, Rubrics.Scores(1, 1))
            .Give("p1", "cora", FeedbackKind.Coach, Rubrics.Scores(1, 1))
            .Peer("p1", "ben", 4, 4)
            .At(60).End();

        var ada = story.Row("ada");

        Assert.Equal(4.0, ada.FeedbackReceivedOverall!.Value, Precision);
        Assert.All(ada.FeedbackReceivedByCriterion, c => Assert.Equal((4.0, 1), (c.Mean, c.Ratings)));
        Assert.Equal(0, ada.FeedbackGiven);
    }

    [Fact]
    public void TheTrendHasAPointPerPresentationWithPeerFeedbackInTheOrderTheyWereGiven()
    {
        var story = Spring();
        // Scheduled in the other order from the one they were held in.
        var second = story.Schedule("rt2", "c1", "Stories", day: 2);
        var first = story.Schedule("rt1", "c1", "Openings", day: 1);
        first.At(0).Start().Join("ada", "ben")
            .At(10).Present("p1", "ada").OpenFeedback("p1").Peer("p1", "ben", 2, 2)
            .At(20).Present("p2", "ada")
            .At(30).Present("p3", "ada").OpenFeedback("p3")
            .At(60).End();
        second.At(0).Start().Join("ada", "ben")
            .At(10).Present("p4", "ada").OpenFeedback("p4").Peer("p4", "ben", 5, 5)
            .At(60).End();

        var ada = story.Row("ada");

        Assert.Equal(4, ada.PresentationsGiven);
        Assert.Equal(
            [new TrendPoint("rt1", "p1", Time(1, 10), 2), new TrendPoint("rt2", "p4", Time(2, 10), 5)],
            ada.Trend);
        Assert.Equal(3.5, ada.FeedbackReceivedOverall!.Value, Precision);
    }

    // ---------------------------------------------------------------- feedback given

    [Fact]
    public void FeedbackRoundsAreOthersPresentationsWithFeedbackOpenInSessionsAttended()
    {
        var story = Spring().Thresholds("p1", new DashboardThresholds(MinFeedbackGiven: 2));
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben", "cy")
            .At(10).Present("p-ben", "ben").OpenFeedback("p-ben").Peer("p-ben", "ada", 3, 3, out var adas)
            .At(12).Revise("p-ben", adas, "ada", 4, 4)
            .At(20).Present("p-cy", "cy")
            .At(30).Present("p-ada", "ada").OpenFeedback("p-ada").Give("p-ada", "ada", FeedbackKind.Self, Rubrics.Scores(3, 3))
            .At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start().Join("ben")
            .At(10).Present("p-ben-2", "ben").OpenFeedback("p-ben-2")
            .At(60).End();
        story.Schedule("rt3", "c1", "Closings", day: 3)
            .At(0).Start().Join("ada", "cy")
            .At(10).Present("p-cy-3", "cy").OpenFeedback("p-cy-3")
            .At(60).End();

        var ada = story.Row("ada");

        Assert.Equal(1, ada.FeedbackGiven);
        Assert.Equal(
            "Gave feedback in 1 of the 2 feedback rounds they attended (the program asks for at least 2).",
            Flag(ada, "no-feedback")?.Explanation);
        // Ben's only round is Ada's presentation: Cy's had no feedback, his own are not rounds, and he missed Closings.
        Assert.Equal(0, story.Row("ben").FeedbackGiven);
        Assert.Equal("Gave no feedback in the 1 feedback round they attended.", Flag(story.Row("ben"), "no-feedback")?.Explanation);
    }

    [Fact]
    public void HelpfulnessEarnedIsTheMeanOfTheRatingsOnTheirSubmissionsRevisionsIncluded()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben", "cy")
            .At(10).Present("p-ben", "ben").OpenFeedback("p-ben")
            .Peer("p-ben", "ada", 3, 3, out var adaOnBen)
            .Peer("p-ben", "cy", 2, 2, out var cyOnBen)
            .At(12).Revise("p-ben", adaOnBen, "ada", 4, 4)
            .At(15).RateFeedback("p-ben", adaOnBen, 4).RateFeedback("p-ben", cyOnBen, 1)
            .At(20).Present("p-cy", "cy").OpenFeedback("p-cy")
            .Peer("p-cy", "ada", 5, 5, out var adaOnCy)
            .At(25).RateFeedback("p-cy", adaOnCy, 2)
            .At(26).RateFeedback("p-cy", adaOnCy, 3)
            .At(60).End();

        var ada = story.Row("ada");
        Assert.Equal(2, ada.FeedbackGiven);
        Assert.Equal((3.5, 2), (ada.HelpfulnessEarned!.Value, ada.HelpfulnessRatings));
        var cy = story.Row("cy");
        Assert.Equal((1.0, 1), (cy.HelpfulnessEarned!.Value, cy.HelpfulnessRatings));
        var ben = story.Row("ben");
        Assert.Equal(((double?)null, 0), (ben.HelpfulnessEarned, ben.HelpfulnessRatings));
    }

    // ---------------------------------------------------------------- participation

    [Fact]
    public void ParticipationCountsMessagesHandsQuestionsAndDistinctPollsAnswered()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("cora", "ada", "ben")
            .At(5).Say("ada", 3).Say("cora", 4).RaiseHand("ada", 2).Ask("ada").AskUnnamed()
            .At(10).OpenPoll("Lunch?", ["Yes", "No"], out var lunch).Vote(lunch, "ada", 1, 0).Vote(lunch, "ada", 0, 1).Vote(lunch, "ben", 1, 1)
            .At(12).OpenPoll("Break?", ["Yes", "No"], out var pause).Vote(pause, "ada", 1, 0)
            .At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start().Join("ada")
            .At(5).Say("ada").Ask("ada", anonymous: true)
            .At(10).OpenPoll("Again?", ["Yes", "No"], out var again).Vote(again, "ada", 1, 0)
            .At(60).End();

        var ada = story.Row("ada");
        Assert.Equal((4, 2, 2, 3), (ada.Messages, ada.HandsRaised, ada.QuestionsAsked, ada.PollAnswers));
        var ben = story.Row("ben");
        Assert.Equal((0, 0, 0, 1), (ben.Messages, ben.HandsRaised, ben.QuestionsAsked, ben.PollAnswers));
    }

    [Fact]
    public void AnAnonymousQuestionThatNamesNobodyIsNotAttributed()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ben")
            .At(5).AskUnnamed().AskUnnamed()
            .At(60).End();

        var ben = story.Row("ben");
        Assert.Equal(0, ben.QuestionsAsked);
        Assert.Contains("never-speaks", Codes(ben));
    }

    // ---------------------------------------------------------------- flags

    [Fact]
    public void MissedSessionsIsRaisedWhenTheLastHeldSessionsWereAllMissed()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt3", "c1", "Closings", day: 3).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt4", "c1", "Encore", day: 4);

        var flag = Flag(story.Row("ada"), "missed-sessions");

        Assert.NotNull(flag);
        Assert.Contains("last 2 sessions", flag.Explanation);
        Assert.Contains("Stories", flag.Explanation);
        Assert.Contains("Closings", flag.Explanation);
        Assert.DoesNotContain("Openings", flag.Explanation);
        Assert.DoesNotContain("Encore", flag.Explanation);
        Assert.Null(Flag(story.Row("ben"), "missed-sessions"));
    }

    [Fact]
    public void MissedSessionsIsNotRaisedWithFewerHeldSessionsThanTheThreshold()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2);

        Assert.Null(Flag(story.Row("ada"), "missed-sessions"));
    }

    [Fact]
    public void ASessionStillLiveIsNotCountedAsMissed()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt3", "c1", "Closings", day: 3).At(0).Start().Join("ben");

        var flag = Flag(story.Row("cy"), "missed-sessions");
        Assert.NotNull(flag);
        Assert.DoesNotContain("Closings", flag.Explanation);
        Assert.Null(Flag(story.Row("ada"), "missed-sessions"));
    }

    [Fact]
    public void MissedSessionsIsNotRaisedWhenTheLatestSessionWasAttended()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt3", "c1", "Closings", day: 3).At(0).Start().Join("ada").At(60).End();

        Assert.Null(Flag(story.Row("ada"), "missed-sessions"));
        Assert.NotNull(Flag(story.Row("cy"), "missed-sessions"));
    }

    [Fact]
    public void ThresholdsSetForTheProgramChangeTheFlags()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt3", "c1", "Closings", day: 3).At(0).Start().Join("ben").At(60).End();
        Assert.NotNull(Flag(story.Row("ada"), "missed-sessions"));

        var thresholds = new DashboardThresholds(MissedSessionsInARow: 3);
        story.Thresholds("p1", thresholds);

        Assert.Null(Flag(story.Row("ada"), "missed-sessions"));
        var cy = Flag(story.Row("cy"), "missed-sessions");
        Assert.NotNull(cy);
        Assert.Contains("last 3 sessions", cy.Explanation);
        Assert.Equal(thresholds, story.Cohort().Thresholds);
        Assert.Equal(thresholds, story.Activity.ThresholdsOf("p1"));

        story.Thresholds("p1", DashboardThresholds.Default);
        Assert.NotNull(Flag(story.Row("ada"), "missed-sessions"));
    }

    [Fact]
    public void ZeroMissedSessionsAndOneDecliningPresentationTurnThoseFlagsOff()
    {
        var story = Presenting(5, 4, 3);
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt3", "c1", "Closings", day: 3).At(0).Start().Join("ben").At(60).End();
        Assert.Equal(["missed-sessions", "declining"], Codes(story.Row("ada")));

        story.Thresholds("p1", new DashboardThresholds(MissedSessionsInARow: 0, DecliningPresentations: 1));

        Assert.Empty(story.Row("ada").Flags);
    }

    [Fact]
    public void ThresholdsOfAnotherOrUnknownProgramDoNotApply()
    {
        var story = Spring().Program("p2", "Writing").Thresholds("p2", new DashboardThresholds(MissedSessionsInARow: 3));
        story.Thresholds("nope", new DashboardThresholds(MissedSessionsInARow: 5));
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ben").At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ben").At(60).End();

        Assert.Equal(DashboardThresholds.Default, story.Cohort().Thresholds);
        Assert.Equal(DashboardThresholds.Default, story.Activity.ThresholdsOf("nope"));
        Assert.NotNull(Flag(story.Row("ada"), "missed-sessions"));
    }

    /// <summary>Ada presents once per score, each rated by Ben alone on both criteria (so the overall is the score).</summary>
    private static ActivityStory Presenting(params int[] scores)
    {
        var story = Spring();
        var room = story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben").Say("ada");
        for (var i = 0; i < scores.Length; i++)
        {
            room.At(10 + i).Present($"p{i}", "ada").OpenFeedback($"p{i}").Peer($"p{i}", "ben", scores[i], scores[i]);
        }
        room.At(60).End();
        return story;
    }

    [Fact]
    public void DecliningIsRaisedWhenTheOverallFellAtEachOfTheLastPresentations()
    {
        var flag = Flag(Presenting(2, 5, 4, 3).Row("ada"), "declining");

        Assert.NotNull(flag);
        Assert.Contains("last 3 presentations", flag.Explanation);
        Assert.Contains($"{5.0:0.0} → {4.0:0.0} → {3.0:0.0}", flag.Explanation);
    }

    [Theory]
    [InlineData(new[] { 5, 3, 4 })]
    [InlineData(new[] { 5, 4, 4 })]
    [InlineData(new[] { 5, 4, 3, 4 })]
    [InlineData(new[] { 5, 4 })]
    public void DecliningIsNotRaisedWhenAnyOfTheLastPresentationsDidNotFall(int[] scores)
    {
        Assert.Null(Flag(Presenting(scores).Row("ada"), "declining"));
    }

    [Fact]
    public void DecliningFollowsTheThreshold()
    {
        var story = Presenting(5, 4).Thresholds("p1", new DashboardThresholds(DecliningPresentations: 2));

        Assert.Contains($"{5.0:0.0} → {4.0:0.0}", Flag(story.Row("ada"), "declining")?.Explanation);
    }

    [Fact]
    public void NoFeedbackIsRaisedOnlyWhenThereWereRounds()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben").Say("ada").Say("ben")
            .At(10).Present("p1", "ben")
            .At(60).End();
        Assert.Null(Flag(story.Row("ada"), "no-feedback"));

        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start().Join("ada", "ben").Say("ada").Say("ben")
            .At(10).Present("p2", "ben").OpenFeedback("p2")
            .At(60).End();
        Assert.Equal("Gave no feedback in the 1 feedback round they attended.", Flag(story.Row("ada"), "no-feedback")?.Explanation);
        Assert.Null(Flag(story.Row("ben"), "no-feedback"));
        Assert.Null(Flag(story.Row("cy"), "no-feedback"));
    }

    [Fact]
    public void NeverSpeaksIsRaisedOnlyForLearnersWhoAttended()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben")
            .At(5).RaiseHand("ben")
            .At(10).OpenPoll("Lunch?", ["Yes", "No"], out var poll).Vote(poll, "ada", 1, 0)
            .At(60).End();
        story.Schedule("rt2", "c1", "Stories", day: 2).At(0).Start().Join("ada").At(60).End();

        Assert.Equal(
            "Has not spoken up in the 2 sessions attended: no messages, raised hands or questions.",
            Flag(story.Row("ada"), "never-speaks")?.Explanation);
        Assert.Null(Flag(story.Row("ben"), "never-speaks"));
        Assert.Null(Flag(story.Row("cy"), "never-speaks"));
    }

    [Fact]
    public void NeverSpeaksFollowsTheMinimumContributions()
    {
        var story = Spring().Thresholds("p1", new DashboardThresholds(MinContributions: 3));
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben")
            .At(5).Say("ben").RaiseHand("ben").Say("ada").RaiseHand("ada").Ask("ada")
            .At(60).End();

        Assert.Contains("1 session attended", Flag(story.Row("ben"), "never-speaks")?.Explanation);
        Assert.Null(Flag(story.Row("ada"), "never-speaks"));
    }

    [Fact]
    public void ALearnerDoingWellHasNoFlags()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("ada", "ben")
            .At(5).Say("ada")
            .At(10).Present("p1", "ben").OpenFeedback("p1").Peer("p1", "ada", 4, 4)
            .At(60).End();

        Assert.Empty(story.Row("ada").Flags);
    }

    // ---------------------------------------------------------------- members

    [Fact]
    public void OnlyLearnersGetRowsInOrderOfName()
    {
        var story = new ActivityStory().Program("p1", "Speaking").Cohort("c1", "p1", "Spring")
            .Learners("c1", "cy", "ada")
            .User("cora").Member("c1", "cora", CohortRole.Coach)
            .User("max").Member("c1", "max", CohortRole.Manager)
            .Member("c1", "zed");

        var cohort = story.Cohort();

        Assert.Equal(("c1", "Spring", "p1", "Speaking"), (cohort.CohortId, cohort.CohortName, cohort.ProgramId, cohort.ProgramName));
        Assert.Equal(["ada", "cy", "zed"], cohort.Learners.Select(r => r.UserId));
        Assert.Equal(["Ada", "Cy", "Unknown"], cohort.Learners.Select(r => r.DisplayName));
        Assert.Null(story.Activity.Learner("c1", "cora", Later));
        Assert.Null(story.Activity.Learner("c1", "max", Later));
        Assert.Null(story.Activity.Learner("c9", "ada", Later));
    }

    [Fact]
    public void ARemovedMemberOrOneNoLongerALearnerDisappears()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada", "ben", "cy").At(60).End();

        story.Remove("c1", "cy").Member("c1", "ben", CohortRole.Coach);

        Assert.Equal(["ada"], story.Cohort().Learners.Select(r => r.UserId));
        Assert.Null(story.Activity.Learner("c1", "cy", Later));
        Assert.Null(story.Activity.Learner("c1", "ben", Later));

        story.Member("c1", "cy");
        Assert.Equal(["ada", "cy"], story.Cohort().Learners.Select(r => r.UserId));
        Assert.Equal(1, story.Row("cy").SessionsJoined);
    }

    // ---------------------------------------------------------------- program

    /// <summary>
    /// Program p1 with Spring (Ada, Ben, Cy; Cora coaches) and Autumn (Dee, Eli); program p2 with its own cohort.
    /// Spring: Openings (day 1), Stories (day 2), Closings (day 3, never held). Autumn: Welcome (day 4), Quiet (day 5).
    /// </summary>
    private static ActivityStory TwoCohorts()
    {
        var story = Spring().Cohort("c2", "p1", "Autumn").Learners("c2", "dee", "eli")
            .Program("p2", "Writing").Cohort("c3", "p2", "Solo").Learners("c3", "fay");

        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Start().Join("cora", "ada", "ben", "cy")
            .At(5).Say("ada", 2).Say("ben").Say("cora", 5)
            .At(10).Present("p1", "ada").OpenFeedback("p1").Peer("p1", "ben", 4, 2).Peer("p1", "cy", 2, 4)
            .At(60).End()
            .At(61).RateSession("ada", 4).RateSession("ben", 2).RateSession("cy", 3)
            .At(62).RateSession("ben", 5);
        story.Schedule("rt2", "c1", "Stories", day: 2)
            .At(0).Start().Join("ada", "ben")
            .At(5).Say("ada")
            .At(10).Present("p2", "ben").OpenFeedback("p2").Peer("p2", "ada", 5, 1)
            .At(60).End()
            .At(61).RateSession("ada", 2);
        story.Schedule("rt3", "c1", "Closings", day: 3);
        story.Schedule("rt4", "c2", "Welcome", day: 4)
            .At(0).Start().Join("dee", "eli")
            .At(5).Say("dee").Say("eli")
            .At(10).Present("p4", "dee").OpenFeedback("p4").Peer("p4", "eli", 1, 1)
            .At(60).End()
            .At(61).RateSession("dee", 5).RateSession("eli", 4);
        story.Schedule("rt5", "c2", "Quiet", day: 5)
            .At(0).Start().Join("dee")
            .At(5).Say("dee", 3)
            .At(60).End();
        story.Schedule("rt9", "c3", "Drafts", day: 3)
            .At(0).Start().Join("fay", "ada")
            .At(10).Present("p9", "fay").OpenFeedback("p9").Peer("p9", "ada", 1, 1)
            .At(60).End()
            .At(61).RateSession("fay", 1);
        return story;
    }

    [Fact]
    public void WeakestCriteriaComeFirstWithTheirMeanPerSession()
    {
        var program = TwoCohorts().Activity.Program("p1", Later)!;

        Assert.Equal(("p1", "Speaking"), (program.ProgramId, program.ProgramName));
        Assert.Equal(["delivery", "clarity"], program.WeakestCriteria.Select(c => c.CriterionId));
        var (delivery, clarity) = (program.WeakestCriteria[0], program.WeakestCriteria[1]);
        Assert.Equal(("Delivery", 2.0, 4), (delivery.Name, delivery.Mean, delivery.Ratings));
        Assert.Equal(
            [new SessionMean("rt1", "Openings", Time(1), 3), new SessionMean("rt2", "Stories", Time(2), 1), new SessionMean("rt4", "Welcome", Time(4), 1)],
            delivery.BySession);
        Assert.Equal(("Clarity", 3.0, 4), (clarity.Name, clarity.Mean, clarity.Ratings));
        Assert.Equal([3.0, 5.0, 1.0], clarity.BySession.Select(s => s.Mean));
    }

    [Fact]
    public void SessionHealthComparesAttendanceWithTheCohortAndCountsLearnersMessages()
    {
        var sessions = TwoCohorts().Activity.Program("p1", Later)!.Sessions;

        Assert.Equal(["rt1", "rt2", "rt4", "rt5"], sessions.Select(s => s.RoundtableId));
        var (openings, stories, welcome, quiet) = (sessions[0], sessions[1], sessions[2], sessions[3]);

        // Openings: all 3 learners, 3 learner messages (the coach's 5 do not count), rated 4, 5 (Ben's second rating) and 3.
        Assert.Equal(("Openings", Time(1), 3, 3, 1.0), (openings.Title, openings.At, openings.Attended, openings.Expected, openings.MessagesPerAttendee));
        Assert.Equal((4.0, 3), (openings.AverageRating!.Value, openings.Ratings));
        Assert.Equal(3.0, openings.PeerOverall!.Value, Precision);
        Assert.Equal((false, false), (openings.LowParticipation, openings.LowRating));

        // Stories: 2 of 3 is enough, but 1 message between 2 is not; rated 2.
        Assert.Equal((2, 3, 0.5), (stories.Attended, stories.Expected, stories.MessagesPerAttendee));
        Assert.Equal((2.0, 1), (stories.AverageRating!.Value, stories.Ratings));
        Assert.Equal(11 / 3.0, stories.PeerOverall!.Value, Precision);
        Assert.Equal((true, true), (stories.LowParticipation, stories.LowRating));

        Assert.Equal((2, 2, 1.0, 4.5, 2), (welcome.Attended, welcome.Expected, welcome.MessagesPerAttendee, welcome.AverageRating!.Value, welcome.Ratings));
        Assert.Equal((false, false), (welcome.LowParticipation, welcome.LowRating));

        // Quiet: Dee talks a lot, but alone: 1 of 2 is below 60 %. No ratings: no average, not low.
        Assert.Equal((1, 2, 3.0), (quiet.Attended, quiet.Expected, quiet.MessagesPerAttendee));
        Assert.Equal(((double?)null, 0, (double?)null), (quiet.AverageRating, quiet.Ratings, quiet.PeerOverall));
        Assert.Equal((true, false), (quiet.LowParticipation, quiet.LowRating));
    }

    [Fact]
    public void ASessionStillLiveIsNotJudgedForParticipationYet()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start();

        var live = Assert.Single(story.Activity.Program("p1", Later)!.Sessions);
        Assert.Equal(0, live.Attended);
        Assert.False(live.LowParticipation);

        story.Room("rt1", day: 1).At(60).End();
        Assert.True(Assert.Single(story.Activity.Program("p1", Later)!.Sessions).LowParticipation);
    }

    [Fact]
    public void CohortsAreComparedOnAttendancePeerScoresAndRatings()
    {
        var cohorts = TwoCohorts().Activity.Program("p1", Later)!.Cohorts;

        Assert.Equal(["Autumn", "Spring"], cohorts.Select(c => c.Name));
        var (autumn, spring) = (cohorts[0], cohorts[1]);

        Assert.Equal(("c1", 3, 2), (spring.CohortId, spring.Learners, spring.SessionsHeld));
        Assert.Equal((3 + 2) / 6.0, spring.AttendanceRate!.Value, Precision);
        Assert.Equal((3 + 11 / 3.0) / 2, spring.PeerOverall!.Value, Precision);
        Assert.Equal((4 + 5 + 3 + 2) / 4.0, spring.AverageSessionRating!.Value, Precision);

        Assert.Equal(("c2", 2, 2), (autumn.CohortId, autumn.Learners, autumn.SessionsHeld));
        Assert.Equal((2 + 1) / 4.0, autumn.AttendanceRate!.Value, Precision);
        Assert.Equal(1.0, autumn.PeerOverall!.Value, Precision);
        Assert.Equal(4.5, autumn.AverageSessionRating!.Value, Precision);
    }

    [Fact]
    public void AProgramShowsOnlyItsOwnCohortsAndSessions()
    {
        var story = TwoCohorts().Cohort("c4", "p2", "Empty");
        var program = story.Activity.Program("p2", Later)!;

        Assert.Equal("Writing", program.ProgramName);
        Assert.Equal(["rt9"], program.Sessions.Select(s => s.RoundtableId));
        Assert.Equal([1.0, 1.0], program.WeakestCriteria.Select(c => c.Mean));
        Assert.Equal(["Empty", "Solo"], program.Cohorts.Select(c => c.Name));
        var empty = program.Cohorts[0];
        Assert.Equal((0, 0, (double?)null, (double?)null, (double?)null), (empty.Learners, empty.SessionsHeld, empty.AttendanceRate, empty.PeerOverall, empty.AverageSessionRating));
        Assert.Null(story.Activity.Program("nope", Later));
    }

    // ---------------------------------------------------------------- roundtable

    [Fact]
    public void ARoundtableSummaryHasWhoCameForHowLongWhatWasSaidPresentedPolledAndRated()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1)
            .At(0).Join("cora").Start()
            .At(2).Join("ada")
            .At(5).Join("ben")
            .At(7).Join("cy")
            .At(8).Say("ada").Say("cora", 2)
            .At(10).Present("p-ada", "ada").OpenFeedback("p-ada").Peer("p-ada", "ben", 4, 2).Peer("p-ada", "cy", 2, 4).Release("p-ada")
            .At(12).OpenPoll("Lunch?", ["Yes", "No"], out var lunch).Vote(lunch, "ada", 1, 0).Vote(lunch, "ben", 1, 1).Vote(lunch, "cy", 2, 1).ClosePoll(lunch, 2, 1)
            .At(14).OpenPoll("Topic?", ["A", "B", "C"], out var topic).Vote(topic, "ada", 0, 1, 0)
            .At(20).Leave("ben")
            .At(25).Join("ben")
            .At(30).Present("p-ben", "ben")
            .At(60).End()
            .At(61).RateSession("ada", 5, "Great")
            .At(62).RateSession("ben", 3)
            .At(63).RateSession("ada", 4, "Good");

        var summary = story.Activity.Roundtable("rt1", Later)!;

        Assert.Equal(("rt1", "c1", "Openings", RoomStatus.Ended), (summary.RoundtableId, summary.CohortId, summary.Title, summary.Status));
        Assert.Equal((Time(1, 0), Time(1, 60)), (summary.StartedAt!.Value, summary.EndedAt!.Value));
        Assert.Equal(
            [
                new AttendanceView("cora", "Cora", RoomRole.Coach, TimeSpan.FromMinutes(60), Time(1, 0)),
                new AttendanceView("ada", "Ada", RoomRole.Learner, TimeSpan.FromMinutes(58), Time(1, 2)),
                new AttendanceView("ben", "Ben", RoomRole.Learner, TimeSpan.FromMinutes(15 + 35), Time(1, 5)),
                new AttendanceView("cy", "Cy", RoomRole.Learner, TimeSpan.FromMinutes(53), Time(1, 7)),
            ],
            summary.Attendance);
        Assert.Equal(3, summary.Messages);

        Assert.Equal(["p-ada", "p-ben"], summary.Presentations.Select(p => p.PresentationId));
        var (ada, ben) = (summary.Presentations[0], summary.Presentations[1]);
        Assert.Equal(("ada", "Ada", Time(1, 10), true), (ada.PresenterUserId, ada.PresenterName, ada.StartedAt, ada.Released));
        Assert.Equal(2, ada.PeerAggregate!.Submissions);
        Assert.Equal([3.0, 3.0], ada.PeerAggregate.Criteria.Select(c => c.Mean!.Value));
        Assert.Equal(3.0, ada.PeerAggregate.Overall!.Value, Precision);
        Assert.Equal(("ben", false), (ben.PresenterUserId, ben.Released));
        Assert.Null(ben.PeerAggregate);

        Assert.Equal(2, summary.Polls.Count);
        Assert.Equal(("Lunch?", true), (summary.Polls[0].Question, summary.Polls[0].Closed));
        Assert.Equal(["Yes", "No"], summary.Polls[0].Options);
        Assert.Equal([2, 1], summary.Polls[0].Counts);
        Assert.Equal(("Topic?", false), (summary.Polls[1].Question, summary.Polls[1].Closed));
        Assert.Equal([0, 1, 0], summary.Polls[1].Counts);

        Assert.Equal(
            [new RatingOfSession("ben", "Ben", 3, null, Time(1, 62)), new RatingOfSession("ada", "Ada", 4, "<p>Good</p>", Time(1, 63))],
            summary.Ratings);
        Assert.Equal(3.5, summary.AverageRating!.Value, Precision);
    }

    [Fact]
    public void ALiveRoundtableCountsOpenStaysUntilNowAndAnUnstartedOneIsEmpty()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada").At(10).OpenPoll("Lunch?", ["Yes", "No"], out _);
        story.Schedule("rt2", "c1", "Stories", day: 2);

        var live = story.Activity.Roundtable("rt1", Time(1, 45))!;
        Assert.Equal((RoomStatus.Live, Time(1), (DateTimeOffset?)null), (live.Status, live.StartedAt!.Value, live.EndedAt));
        Assert.Equal(TimeSpan.FromMinutes(45), Assert.Single(live.Attendance).TimePresent);
        Assert.Equal([0, 0], Assert.Single(live.Polls).Counts);
        Assert.False(live.Polls[0].Closed);
        Assert.Null(live.AverageRating);
        Assert.Empty(live.Ratings);

        var scheduled = story.Activity.Roundtable("rt2", Later)!;
        Assert.Equal((RoomStatus.Scheduled, (DateTimeOffset?)null, 0), (scheduled.Status, scheduled.StartedAt, scheduled.Messages));
        Assert.Empty(scheduled.Attendance);
        Assert.Empty(scheduled.Presentations);
        Assert.Null(story.Activity.Roundtable("nope", Later));
    }

    // ---------------------------------------------------------------- the fold

    [Fact]
    public void EventsOfUnknownRoomsAndCohortsAreIgnoredButPositionTracksTheLastEvent()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1).At(0).Start().Join("ada").Say("ada").At(60).End();
        story.Directory(new MemberAdded("c9", "ben", CohortRole.Learner, "admin")).Remove("c9", "ada");
        story.Room("ghost", day: 2).At(0).Start().Join("ada", "ben").Say("ada", 5).Present("px", "ada").OpenFeedback("px").Peer("px", "ben", 1, 1);

        Assert.False(story.Activity.HasRoundtable("ghost"));
        Assert.Null(story.Activity.Roundtable("ghost", Later));
        Assert.False(story.Activity.HasCohort("c9"));
        Assert.Null(story.Activity.Cohort("c9", Later));
        var ada = story.Row("ada");
        Assert.Equal((1, 1, 1, 0), (ada.SessionsJoined, ada.SessionsHeld, ada.Messages, ada.PresentationsGiven));
        Assert.Equal(0, story.Row("ben").SessionsJoined);

        Assert.Equal(story.Position, story.Activity.Position);
        Assert.Equal(story.Position, story.Cohort().AsOfPosition);
    }

    [Fact]
    public void PositionIsThatOfTheLastEventApplied()
    {
        var activity = new ProgramActivity();
        Assert.Equal(0, activity.Position);

        activity.Apply(new StoredEvent(StreamNames.Directory, 1, 7, Monday, new ProgramCreated("p1", "Speaking", "", "admin")));
        Assert.Equal(7, activity.Position);
        activity.Apply(new StoredEvent(StreamNames.Room("ghost"), 1, 9, Monday, new RoundtableStarted("cora")));
        Assert.Equal(9, activity.Position);
    }

    [Fact]
    public void LookupsSayWhereACohortAndARoundtableBelong()
    {
        var story = Spring();
        story.Schedule("rt1", "c1", "Openings", day: 1);

        Assert.Equal("p1", story.Activity.ProgramOf("c1"));
        Assert.Null(story.Activity.ProgramOf("c9"));
        Assert.Equal("c1", story.Activity.CohortOf("rt1"));
        Assert.Null(story.Activity.CohortOf("nope"));
        Assert.True(story.Activity.HasProgram("p1"));
        Assert.False(story.Activity.HasProgram("p9"));
        Assert.True(story.Activity.HasCohort("c1"));
        Assert.True(story.Activity.HasRoundtable("rt1"));
    }
}
