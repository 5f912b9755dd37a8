using System.Net;
using System.Net.Http.Json;
using Roundtable.Core.Dashboard;
using Roundtable.Server.Accounts;
using Roundtable.Server.Feedback;

namespace Roundtable.Server.Tests;

/// <summary>Rater calibration over HTTP on the freshly seeded demo cohort (a lenient, a harsh and a middle rater).</summary>
public sealed class CalibrationApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<string> IdOfAsync(string email)
    {
        using var client = await Server.ClientAsAsync(email);
        return (await client.GetFromJsonAsync<UserDto>("/api/me", Json.Options))!.Id;
    }

    [Fact]
    public async Task CoachesSeeALenientAHarshAndAMiddleOfTheScaleRaterInTheDemoCohort()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        var calibration = (await coach.GetFromJsonAsync<CohortCalibration>($"/api/cohorts/{cohortId}/calibration", Json.Options))!;

        LearnerCalibration Learner(string name) => calibration.Learners.Single(l => l.DisplayName == name);
        Assert.Equal(5, calibration.Criteria.Count);
        Assert.All(Learner("Liam Learner").Criteria, c => Assert.True(c.Leniency.Value > 0.5, $"Liam is lenient on {c.CriterionId}: {c.Leniency.Value}"));
        // Noor's live ratings of Lena (each counted as its own presentation) soften her one point under on delivery to a half.
        Assert.All(Learner("Noor Learner").Criteria, c => Assert.True(c.Leniency.Value <= -0.5, $"Noor is harsh on {c.CriterionId}: {c.Leniency.Value}"));
        Assert.All(Learner("Theo Learner").Criteria, c => Assert.Equal(0, c.Spread.Value));
        Assert.All(Learner("Lena Learner").Criteria, c => Assert.True(c.Spread.Value > 0));
        Assert.True(calibration.CalibratedAggregateShown);
    }

    [Fact]
    public async Task ALearnerReadsTheirOwnCalibrationWithAnExampleButNotAnotherLearners()
    {
        var liamId = await IdOfAsync(RoundtableFactory.LiamEmail);
        var lenaId = await IdOfAsync(RoundtableFactory.LenaEmail);
        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);

        var own = (await liam.GetFromJsonAsync<OwnCalibrationDto>($"/api/users/{liamId}/calibration", Json.Options))!;
        using var lenas = await liam.GetAsync($"/api/users/{lenaId}/calibration");

        var cohort = Assert.Single(own.Cohorts);
        Assert.All(cohort.Figures, f => Assert.Equal(liamId, f.RaterId));
        var example = cohort.Example!;
        Assert.True(example.Others >= 2);
        Assert.True(example.YourScore > example.OthersMean);
        Assert.Equal(HttpStatusCode.NotFound, lenas.StatusCode);
    }

    [Fact]
    public async Task PresentersSeeTheCalibratedAggregateOnlyWhileTheCoachesChooseIt()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var lenaId = await IdOfAsync(RoundtableFactory.LenaEmail);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        async Task<PresentationHistoryDto> HistoryAsync() =>
            (await lena.GetFromJsonAsync<PresentationHistoryDto>($"/api/users/{lenaId}/presentations", Json.Options))!;

        var shown = await HistoryAsync();
        using (var off = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/calibration/calibrated-aggregate", new { shown = false }))
        {
            off.EnsureSuccessStatusCode();
        }
        var hidden = await HistoryAsync();
        using var invalid = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/calibration/calibrated-aggregate", new { });
        using (var on = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/calibration/calibrated-aggregate", new { shown = true }))
        {
            on.EnsureSuccessStatusCode();
        }

        Assert.Equal(2, shown.Presentations.Count);
        Assert.All(shown.Presentations, p => Assert.NotNull(p.Calibrated));
        // Each presentation's own: rooms number their presentations alone, so the history's two share an id.
        Assert.All(shown.Presentations, p => Assert.Equal(p.Feedback!.Aggregate!.Overall!.Value, p.Calibrated!.RawOverall!.Value, 9));
        Assert.All(hidden.Presentations, p => Assert.Null(p.Calibrated));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("shown", await invalid.Content.ReadAsStringAsync());
    }
}
