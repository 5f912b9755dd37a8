using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests.Feedback;

/// <summary>Rater calibration as the dashboard folds it from the log: released feedback only, coaches as the reference.</summary>
public sealed class CalibrationActivityTests
{
    /// <summary>
    /// Ada presents three times in three roundtables; Ben and Cy score her truthfully, Dee one higher on both criteria,
    /// and the coach gives the truth on the first two. <paramref name="released"/> presentations are released.
    /// </summary>
    /// <param name="presentationIdOf">The id each room gives its presentation (rooms number theirs on their own).</param>
    private static ActivityStory Story(int released = 3, Func<int, string>? presentationIdOf = null)
    {
        var story = new ActivityStory().Program("p1", "Speaking").Cohort("c1", "p1", "Spring")
            .Learners("c1", "ada", "ben", "cy", "dee")
            .User("cora").Member("c1", "cora", CohortRole.Coach);
        var truths = new[] { (3, 2), (4, 3), (2, 4) };
        for (var i = 0; i < truths.Length; i++)
        {
            var (clarity, delivery) = truths[i];
            var presentation = presentationIdOf?.Invoke(i) ?? $"pr{i}";
            var room = story.Schedule($"rt{i}", "c1", $"Session {i}", day: i + 1).Start().Join("ada", "ben", "cy", "dee")
                .Present(presentation, "ada").OpenFeedback(presentation)
                .Peer(presentation, "ben", clarity, delivery)
                .Peer(presentation, "cy", clarity, delivery)
                .Peer(presentation, "dee", clarity + 1, delivery + 1);
            if (i < 2)
            {
                room.Give(presentation, "cora", FeedbackKind.Coach, Rubrics.Scores(clarity, delivery));
            }
            if (i < released)
            {
                room.Release(presentation);
            }
            room.End();
        }
        return story;
    }

    [Fact]
    public void OnlyReleasedFeedbackCounts()
    {
        var twoReleased = Story(released: 2).Activity.Calibration("c1", CalibrationOptions.Default)!;
        var dee = twoReleased.Learners.Single(l => l.UserId == "dee").Criteria.Single(c => c.CriterionId == "clarity");

        Assert.Equal(2, dee.Leniency.Count);
        Assert.Null(dee.Leniency.Value);
        Assert.Empty(Story(released: 0).Activity.CalibrationOf("dee", CalibrationOptions.Default));
    }

    [Fact]
    public void CoachesSeeEveryLearnerWithFiguresOnceEnoughIsReleased()
    {
        var calibration = Story().Activity.Calibration("c1", CalibrationOptions.Default)!;

        var dee = calibration.Learners.Single(l => l.UserId == "dee").Criteria.Single(c => c.CriterionId == "clarity");
        Assert.Equal(1, dee.Leniency.Value!.Value, 9);
        Assert.Equal(3, dee.Leniency.Count);
        // The coach rated two of the three: against the coach, there is not enough yet.
        Assert.Equal(2, dee.LeniencyVsCoach.Count);
        Assert.Null(dee.LeniencyVsCoach.Value);
        Assert.Equal(["ada", "ben", "cy", "dee"], calibration.Learners.Select(l => l.UserId));
        Assert.Empty(calibration.Learners.Single(l => l.UserId == "ada").Criteria);
        Assert.DoesNotContain(calibration.Learners, l => l.UserId == "cora");
        Assert.Equal(["clarity", "delivery"], calibration.Criteria.Select(c => c.Id));
    }

    [Fact]
    public void ALearnersOwnCalibrationCarriesAnExampleAgainstAtLeastTwoOthers()
    {
        var own = Story().Activity.CalibrationOf("dee", CalibrationOptions.Default).Single();

        Assert.Equal("c1", own.CohortId);
        Assert.All(own.Figures, f => Assert.Equal("dee", f.RaterId));
        var example = own.Example!;
        // The latest presentation: Ada's third, where Ben and Cy gave the truth.
        Assert.Equal("Ada in Session 2", example.PresentationTitle);
        Assert.Equal(2, example.Others);
        Assert.Equal(example.YourScore - 1, example.OthersMean, 9);
    }

    [Fact]
    public void PresentersSeeACalibratedAggregateOnlyOnceTheCoachesChooseIt()
    {
        var story = Story();
        Assert.Null(story.Activity.CalibratedAggregateOf("rt2", "pr2", CalibrationOptions.Default));

        story.Directory(new CalibratedAggregateChosen("c1", true, "cora"));
        var aggregate = story.Activity.CalibratedAggregateOf("rt2", "pr2", CalibrationOptions.Default)!;

        // Dee's +1 comes off; Ben and Cy were half a point under the others' mean, so half a point goes on.
        var clarity = aggregate.Criteria.Single(c => c.CriterionId == "clarity");
        Assert.Equal((2 + 2 + 3) / 3.0, clarity.Raw!.Value, 9);
        Assert.Equal((2.5 + 2.5 + 2) / 3.0, clarity.Calibrated!.Value, 9);

        story.Directory(new CalibratedAggregateChosen("c1", false, "cora"));
        Assert.Null(story.Activity.CalibratedAggregateOf("rt2", "pr2", CalibrationOptions.Default));
    }

    [Fact]
    public void PresentationsOfDifferentRoomsWithTheSameIdCountApart()
    {
        var story = Story(presentationIdOf: _ => "presentation-1");
        story.Directory(new CalibratedAggregateChosen("c1", true, "cora"));

        var dee = story.Activity.Calibration("c1", CalibrationOptions.Default)!
            .Learners.Single(l => l.UserId == "dee").Criteria.Single(c => c.CriterionId == "clarity");
        var first = story.Activity.CalibratedAggregateOf("rt0", "presentation-1", CalibrationOptions.Default)!;
        var third = story.Activity.CalibratedAggregateOf("rt2", "presentation-1", CalibrationOptions.Default)!;

        Assert.Equal(3, dee.Leniency.Count);
        Assert.Equal(1, dee.Leniency.Value!.Value, 9);
        // Each room's own scores: the truths were 3 and 2 on clarity, Dee one more.
        Assert.Equal((3 + 3 + 4) / 3.0, first.Criteria.Single(c => c.CriterionId == "clarity").Raw!.Value, 9);
        Assert.Equal((2 + 2 + 3) / 3.0, third.Criteria.Single(c => c.CriterionId == "clarity").Raw!.Value, 9);
        Assert.Null(story.Activity.CalibratedAggregateOf("rt9", "presentation-1", CalibrationOptions.Default));
    }
}
