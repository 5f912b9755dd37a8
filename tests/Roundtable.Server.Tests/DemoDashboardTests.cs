using System.Net.Http.Json;
using Roundtable.Core.Dashboard;

namespace Roundtable.Server.Tests;

/// <summary>What a coach sees on the dashboard of a freshly seeded demo, before anyone has done anything.</summary>
public sealed class DemoDashboardTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task TheDemoCohortShowsTwoPastSessionsWithExplainedFlagsAndLenasRisingScores()
    {
        var (cohortId, _) = await fixture.Server.SeededCohortAsync();
        using var coach = await fixture.Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var dashboard = await coach.GetFromJsonAsync<CohortDashboard>($"/api/cohorts/{cohortId}/dashboard", Json.Options);

        // The two past roundtables and the live one.
        Assert.Equal(3, dashboard!.SessionsHeld);
        Assert.Equal(1, dashboard.LiveSessions);
        var lena = Assert.Single(dashboard.Learners, l => l.DisplayName == "Lena Learner");
        var liam = Assert.Single(dashboard.Learners, l => l.DisplayName == "Liam Learner");
        var noor = Assert.Single(dashboard.Learners, l => l.DisplayName == "Noor Learner");
        var theo = Assert.Single(dashboard.Learners, l => l.DisplayName == "Theo Learner");

        // Two live presentations and one in the asynchronous round three days ago.
        Assert.Equal(3, lena.PresentationsGiven);
        Assert.Equal(3, lena.Trend.Count);
        Assert.True(lena.Trend[1].Overall > lena.Trend[0].Overall, "Lena did better the second time");
        Assert.Equal(3, lena.HelpfulnessEarned);
        Assert.Equal(2, liam.PresentationsGiven);
        Assert.Equal(2, liam.Messages);
        Assert.Equal(1, liam.HandsRaised);
        Assert.Equal(2 + 3, noor.FeedbackGiven);
        Assert.Contains(noor.Flags, f => f.Code == "never-speaks");
        Assert.Contains(theo.Flags, f => f.Code == "missed-sessions" && f.Explanation.Contains("Orientation: meet your cohort"));
        Assert.DoesNotContain(lena.Flags, f => f.Code is "missed-sessions" or "never-speaks");
        Assert.Empty(lena.Flags);

        // The past sessions happened in the past, for an hour or so each: a week apart, and Lena was there most of both.
        var days = lena.Trend.Select(p => (int)Math.Round((DateTimeOffset.UtcNow - p.At).TotalDays)).ToList();
        Assert.Equal([14, 7, 3], days);
        // From the first minute to the end of both: 57 and 55 minutes, and the seconds the seeding itself took (the presence
        // sweep waits for the seed: its people have no connection).
        Assert.InRange(lena.TimePresent, TimeSpan.FromMinutes(111), TimeSpan.FromMinutes(118));
        Assert.Equal(TimeSpan.Zero, theo.TimePresent);

        // One planning exercise after the elevator pitches, due in five days, for all four: Lena has planned, nobody is done or overdue.
        Assert.All(dashboard.Learners, l => Assert.Equal((1, 0, 0), (l.PlansAssigned, l.PlansDone, l.PlansOverdue)));
        Assert.DoesNotContain(dashboard.Learners.SelectMany(l => l.Flags), f => f.Code == "plan-overdue");
    }
}
