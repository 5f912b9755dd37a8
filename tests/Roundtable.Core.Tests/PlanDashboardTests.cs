using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using static Roundtable.Core.Tests.ActivityStory;

namespace Roundtable.Core.Tests;

/// <summary>Planning exercises on the dashboard: done of assigned per learner, the overdue count, and the flag in words.</summary>
public sealed class PlanDashboardTests
{
    private static ActivityStory Spring() => new ActivityStory()
        .Program("p1", "Speaking")
        .Cohort("c1", "p1", "Spring")
        .Learners("c1", "ada", "ben", "cy");

    private static void Assign(ActivityStory story, string exerciseId, string title, DateTimeOffset due, params string[] learners) =>
        story.Append(StreamNames.PlanExercises("c1"), new PlanExerciseAssigned(exerciseId, "c1", null, title, "Plan it", "<p>Plan it</p>", due, learners, "cora"), Monday);

    private static void Work(ActivityStory story, string exerciseId, string learnerId, PlanWorkEvent e) =>
        story.Append(StreamNames.Plan(exerciseId, learnerId), e, Monday);

    [Fact]
    public void EachLearnerRowCountsAssignedDoneAndOverdueAtTheClockOfTheQuery()
    {
        var story = Spring();
        var due = Time(7);
        Assign(story, "x1", "Plan a discovery call", due, "ada", "ben", "cy");
        Assign(story, "x2", "Plan a follow-up", Time(14), "ada");
        Work(story, "x1", "ada", new PlanWritten("x1", "ada", "plan", "<p>plan</p>", null));
        Work(story, "x1", "ada", new PlanReflectionWritten("x1", "ada", "went", "<p>went</p>", null));
        Work(story, "x1", "ben", new PlanWritten("x1", "ben", "plan", "<p>plan</p>", null));

        var beforeDue = story.Row("ben", now: Time(6));
        Assert.Equal((1, 0, 0), (beforeDue.PlansAssigned, beforeDue.PlansDone, beforeDue.PlansOverdue));
        Assert.DoesNotContain(beforeDue.Flags, f => f.Code == "plan-overdue");

        var ada = story.Row("ada", now: Time(8));
        Assert.Equal((2, 1, 0), (ada.PlansAssigned, ada.PlansDone, ada.PlansOverdue));
        Assert.DoesNotContain(ada.Flags, f => f.Code == "plan-overdue");

        var ben = story.Row("ben", now: Time(8));
        Assert.Equal((1, 0, 1), (ben.PlansAssigned, ben.PlansDone, ben.PlansOverdue));
        var flag = Assert.Single(ben.Flags, f => f.Code == "plan-overdue");
        Assert.Equal("Planning exercise “Plan a discovery call” was due 10 Mar 2025 and has no reflection yet.", flag.Explanation);
    }

    [Fact]
    public void SeveralOverdueExercisesAreNamedInOneFlag()
    {
        var story = Spring();
        Assign(story, "x1", "First", Time(2), "cy");
        Assign(story, "x2", "Second", Time(3), "cy");

        var cy = story.Row("cy", now: Time(4));

        Assert.Equal(2, cy.PlansOverdue);
        Assert.Equal("2 planning exercises are past their due date without a reflection: “First” (due 5 Mar 2025), “Second” (due 6 Mar 2025).",
            Assert.Single(cy.Flags, f => f.Code == "plan-overdue").Explanation);
    }

    [Fact]
    public void WorkOnAnExerciseOfAnotherCohortOrBySomeoneNotAssignedCountsNowhere()
    {
        var story = Spring();
        Assign(story, "x1", "Only Ada", Time(7), "ada");
        Work(story, "x1", "ben", new PlanWritten("x1", "ben", "plan", "<p>plan</p>", null));

        Assert.Equal(0, story.Row("ben").PlansAssigned);
        Assert.Equal(1, story.Row("ada").PlansAssigned);
    }
}
