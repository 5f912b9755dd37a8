using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.ActivityStory;

namespace Roundtable.Core.Tests.AsyncPresentations;

/// <summary>Feedback given asynchronously counts on the dashboard exactly as the same feedback given live.</summary>
public sealed class AsyncDashboardTests
{
    private static ActivityStory Spring() => new ActivityStory()
        .Program("p1", "Speaking")
        .Cohort("c1", "p1", "Spring")
        .Learners("c1", "ada", "ben", "cy", "dee");

    /// <summary>Ada presents live; Ben gives 4/2 and revises to 5/3, Cy gives 2/3; Dee attends but gives none; Ada rates Ben's as 3.</summary>
    private static ActivityStory Live()
    {
        var story = Spring();
        var room = story.Schedule("r1", "c1", "Week 1", 1).Start().Join("ada", "ben", "cy", "dee")
            .Present("presentation-1", "ada").OpenFeedback("presentation-1")
            .Peer("presentation-1", "ben", 4, 2, out var bens)
            .Peer("presentation-1", "cy", 2, 3);
        room.Revise("presentation-1", bens, "ben", 5, 3).RateFeedback("presentation-1", bens, 3).End();
        return story;
    }

    /// <summary>The same feedback, given asynchronously on a presentation Ada submitted.</summary>
    private static ActivityStory Asynchronous()
    {
        var story = Spring();
        var stream = AsyncPresentationStreams.Cohort("c1");
        story.Append(stream, new AsyncPresentationSubmitted("a1", "c1", "ada", "Pitch", "# Pitch", ["<h1>Pitch</h1>"], []), Time(1));
        story.Append(stream, new AsyncReviewOpened("round", "c1", Rubrics.V1, Time(3), ReviewerChoice.AllPeers, null, 1,
            [new ReviewAssignment("a1", ["ben", "cy", "dee"])], "cora"), Time(1, 5));
        story.Append(stream, new AsyncFeedbackGiven("round", "a1", "ben", 1, Rubrics.Scores(4, 2), []), Time(1, 10));
        story.Append(stream, new AsyncFeedbackGiven("round", "a1", "cy", 1, Rubrics.Scores(2, 3), []), Time(1, 20));
        story.Append(stream, new AsyncFeedbackGiven("round", "a1", "ben", 2, Rubrics.Scores(5, 3), []), Time(1, 30));
        story.Append(stream, new AsyncReviewClosed("round", null), Time(3));
        story.Append(stream, new AsyncFeedbackRated("a1", "ben", 3), Time(4));
        return story;
    }

    private static object Feedback(LearnerRow row) => new
    {
        row.PresentationsGiven,
        row.FeedbackReceivedOverall,
        ByCriterion = string.Join(";", row.FeedbackReceivedByCriterion.Select(c => $"{c.CriterionId}={c.Mean}/{c.Ratings}")),
        Trend = string.Join(";", row.Trend.Select(t => t.Overall)),
        row.FeedbackGiven,
        row.HelpfulnessEarned,
        row.HelpfulnessRatings,
        NoFeedbackFlag = row.Flags.FirstOrDefault(f => f.Code == "no-feedback")?.Explanation,
    };

    [Theory]
    [InlineData("ada")]
    [InlineData("ben")]
    [InlineData("cy")]
    [InlineData("dee")]
    public void EachLearnersFeedbackFiguresAreTheSameAsForTheSameFeedbackGivenLive(string learner)
    {
        var live = Live().Row(learner);
        var asynchronous = Asynchronous().Row(learner);

        Assert.Equal(Feedback(live), Feedback(asynchronous));
    }

    [Fact]
    public void ThePresentationAndItsFeedbackAreCounted()
    {
        var story = Asynchronous();
        var ada = story.Row("ada");
        Assert.Equal(1, ada.PresentationsGiven);
        Assert.Equal((3.5 * 2 + 3) / 3, ada.FeedbackReceivedOverall!.Value, 10);
        var ben = story.Row("ben");
        Assert.Equal((1, 3.0, 1), (ben.FeedbackGiven, ben.HelpfulnessEarned, ben.HelpfulnessRatings));
        Assert.Equal("Gave no feedback in the 1 feedback round they attended.", Assert.Single(story.Row("dee").Flags, f => f.Code == "no-feedback").Explanation);
    }
}
