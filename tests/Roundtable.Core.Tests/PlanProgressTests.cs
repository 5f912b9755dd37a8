using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;

namespace Roundtable.Core.Tests;

/// <summary>A learner's status on one exercise, as the fold of their work's stream says it, at a given clock.</summary>
public sealed class PlanProgressTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 10, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Before = Due.AddDays(-2);
    private static readonly DateTimeOffset After = Due.AddHours(1);

    private static PlanWritten Plan(string text = "plan") => new("x1", "lena", text, $"<p>{text}</p>", "max");

    private static PlanReflectionWritten Reflection(string text = "went well") => new("x1", "lena", text, $"<p>{text}</p>", "max");

    private static PlanFeedbackGiven Feedback(bool revise) => new("x1", "lena", "max", "thoughts", "<p>thoughts</p>", revise);

    private static PlanProgress Fold(params DomainEvent[] events)
    {
        var progress = new PlanProgress();
        for (var i = 0; i < events.Length; i++)
        {
            Assert.True(progress.Apply(events[i], i + 1));
        }
        return progress;
    }

    [Fact]
    public void NothingWrittenIsNotStartedUntilTheDueDateAndOverdueAfter()
    {
        var progress = Fold();
        Assert.Equal(PlanStatus.NotStarted, progress.StatusAt(Due, Before));
        Assert.Equal(PlanStatus.NotStarted, progress.StatusAt(Due, Due));
        Assert.Equal(PlanStatus.Overdue, progress.StatusAt(Due, After));
    }

    [Fact]
    public void APlanWithoutAReflectionIsPlannedAndOverdueOnceTheDueDatePasses()
    {
        var progress = Fold(Plan());
        Assert.Equal(PlanStatus.Planned, progress.StatusAt(Due, Before));
        Assert.Equal(PlanStatus.Overdue, progress.StatusAt(Due, After));
    }

    [Fact]
    public void AReflectionMakesItDoneEvenWhenWrittenLateAndFeedbackMakesItReviewed()
    {
        var done = Fold(Plan(), Reflection());
        Assert.Equal(PlanStatus.Done, done.StatusAt(Due, After));
        Assert.True(done.IsDone);

        var reviewed = Fold(Plan(), Reflection(), Feedback(revise: false));
        Assert.Equal(PlanStatus.Reviewed, reviewed.StatusAt(Due, Before));
        Assert.Equal(PlanStatus.Reviewed, reviewed.StatusAt(Due, After));
    }

    [Fact]
    public void FeedbackOnThePlanAloneLeavesItPlanned()
    {
        Assert.Equal(PlanStatus.Planned, Fold(Plan(), Feedback(revise: false)).StatusAt(Due, Before));
    }

    [Fact]
    public void ARevisionCycleGoesRequestedThenBackToPlannedOrDoneUntilTheManagerReviewsAgain()
    {
        var asked = Fold(Plan(), Feedback(revise: true));
        Assert.Equal(PlanStatus.RevisionRequested, asked.StatusAt(Due, Before));
        // Asked to revise is what the coach needs to know, past the due date too.
        Assert.Equal(PlanStatus.RevisionRequested, asked.StatusAt(Due, After));

        var revised = Fold(Plan(), Feedback(revise: true), Plan("better"));
        Assert.Equal(PlanStatus.Planned, revised.StatusAt(Due, Before));

        var reflected = Fold(Plan(), Feedback(revise: true), Plan("better"), Reflection());
        Assert.Equal(PlanStatus.Done, reflected.StatusAt(Due, Before));

        var askedAgain = Fold(Plan(), Feedback(revise: true), Plan("better"), Reflection(), Feedback(revise: true));
        Assert.Equal(PlanStatus.RevisionRequested, askedAgain.StatusAt(Due, Before));

        var final = Fold(Plan(), Feedback(revise: true), Plan("better"), Reflection(), Feedback(revise: true), Reflection("again"), Feedback(revise: false));
        Assert.Equal(PlanStatus.Reviewed, final.StatusAt(Due, After));
    }

    [Fact]
    public void EverySaveIsANewVersionCountedPerKind()
    {
        var progress = Fold(Plan("one"), Plan("two"), Feedback(revise: true), Plan("three"), Reflection(), Reflection("again"));
        Assert.Equal(6, progress.Version);
        Assert.Equal(3, progress.PlanVersions);
        Assert.Equal(2, progress.ReflectionVersions);
        Assert.Equal(1, progress.FeedbackCount);
        Assert.Equal(6, progress.LastLearnerVersion);
        Assert.Equal(2, progress.CountOf(Reflection()));
    }

    [Fact]
    public void EventsOfOtherKindsChangeNothing()
    {
        var progress = Fold(Plan());
        Assert.False(progress.Apply(new NotificationRead("lena", "n1"), 2));
        Assert.Equal(1, progress.Version);
    }

    [Fact]
    public void TheStreamsOfPlansDoNotCollideWithOtherStreams()
    {
        Assert.Equal("plans-c1", StreamNames.PlanExercises("c1"));
        Assert.Equal("plan-x1.lena", StreamNames.Plan("x1", "lena"));
        Assert.False(StreamNames.IsRoom(StreamNames.Plan("x1", "lena")));
    }
}
