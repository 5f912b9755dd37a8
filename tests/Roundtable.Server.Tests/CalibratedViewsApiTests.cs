using System.Net;
using System.Net.Http.Json;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Feedback;
using Roundtable.Server.Accounts;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Feedback;

namespace Roundtable.Server.Tests;

/// <summary>
/// The calibrated aggregate where a presenter reads their feedback first: a roundtable's summary and an asynchronous
/// presentation, on the freshly seeded demo cohort (its coaches show it; a closed asynchronous round with a lenient, a
/// harsh and a middle rater). It is the presentation history's figure, for the presenter and the cohort's coaches only.
/// </summary>
public sealed class CalibratedViewsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string PitchesTitle = "Practice round: elevator pitches";

    private RoundtableFactory Server => fixture.Server;

    /// <summary>The same figures, criterion by criterion (means to nine places: the order of summing may differ).</summary>
    private static void AssertSameFigures(CalibratedAggregate? expected, CalibratedAggregate? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Criteria.Select(c => (c.CriterionId, c.Name, c.Count, c.Adjusted)), actual.Criteria.Select(c => (c.CriterionId, c.Name, c.Count, c.Adjusted)));
        foreach (var (e, a) in expected.Criteria.Zip(actual.Criteria))
        {
            Assert.Equal(e.Raw!.Value, a.Raw!.Value, 9);
            Assert.Equal(e.Calibrated!.Value, a.Calibrated!.Value, 9);
        }
        Assert.Equal(expected.RawOverall!.Value, actual.RawOverall!.Value, 9);
        Assert.Equal(expected.CalibratedOverall!.Value, actual.CalibratedOverall!.Value, 9);
        Assert.Equal(expected.MinimumPresentations, actual.MinimumPresentations);
    }

    private async Task<string> IdOfAsync(string email)
    {
        using var client = await Server.ClientAsAsync(email);
        return (await client.GetFromJsonAsync<UserDto>("/api/me", Json.Options))!.Id;
    }

    private async Task<RoundtableSummary> SummaryAsync(string email, string roundtableId)
    {
        using var client = await Server.ClientAsAsync(email);
        return (await client.GetFromJsonAsync<RoundtableSummary>($"/api/roundtables/{roundtableId}/summary", Json.Options))!;
    }

    private async Task<AsyncPresentationDetailDto> AsyncDetailAsync(string email, string presentationId)
    {
        using var client = await Server.ClientAsAsync(email);
        return (await client.GetFromJsonAsync<AsyncPresentationDetailDto>($"/api/async-presentations/{presentationId}", Json.Options))!;
    }

    private async Task ShowAsync(string cohortId, bool shown)
    {
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var response = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/calibration/calibrated-aggregate", new { shown });
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> PitchesIdAsync()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var home = (await admin.GetFromJsonAsync<HomeDto>("/api/home", Json.Options))!;
        return home.Cohorts.SelectMany(c => c.Roundtables).Single(r => r.Title == PitchesTitle).Id;
    }

    [Fact]
    public async Task TheSummaryGivesThePresenterAndTheCoachesTheHistorysCalibratedAggregateAndNoOneElse()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var pitches = await PitchesIdAsync();
        var (lenaId, liamId) = (await IdOfAsync(RoundtableFactory.LenaEmail), await IdOfAsync(RoundtableFactory.LiamEmail));
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var history = (await lena.GetFromJsonAsync<PresentationHistoryDto>($"/api/users/{lenaId}/presentations", Json.Options))!;

        var asLena = await SummaryAsync(RoundtableFactory.LenaEmail, pitches);
        var asCoach = await SummaryAsync(RoundtableFactory.CoachEmail, pitches);
        var asNoor = await SummaryAsync(RoundtableFactory.NoorEmail, pitches);
        var asManager = await SummaryAsync(RoundtableFactory.ManagerEmail, pitches);
        await ShowAsync(cohortId, false);
        var lenaSwitchedOff = await SummaryAsync(RoundtableFactory.LenaEmail, pitches);
        var coachSwitchedOff = await SummaryAsync(RoundtableFactory.CoachEmail, pitches);
        await ShowAsync(cohortId, true);

        // Lena's presentation and Liam's, both released.
        var lenas = Assert.Single(asLena.Presentations, p => p.PresenterUserId == lenaId);
        var liams = Assert.Single(asLena.Presentations, p => p.PresenterUserId == liamId);
        var fromHistory = Assert.Single(history.Presentations, p => p.RoundtableId == pitches && p.PresentationId == lenas.PresentationId).Calibrated;
        Assert.NotNull(lenas.Calibrated);
        AssertSameFigures(fromHistory, lenas.Calibrated);
        Assert.Equal(lenas.PeerAggregate!.Overall!.Value, lenas.Calibrated.RawOverall!.Value, 9);
        Assert.Equal(3, lenas.Calibrated.MinimumPresentations);
        // Another presenter's calibrated figures are theirs and their coaches' (Lena still sees Liam's raw aggregate).
        Assert.Null(liams.Calibrated);
        Assert.NotNull(liams.PeerAggregate);

        Assert.All(asCoach.Presentations, p => Assert.NotNull(p.Calibrated));
        AssertSameFigures(lenas.Calibrated, asCoach.Presentations.Single(p => p.PresenterUserId == lenaId).Calibrated);
        Assert.All(asNoor.Presentations, p => Assert.Null(p.Calibrated));
        Assert.All(asNoor.Presentations, p => Assert.NotNull(p.PeerAggregate));
        Assert.All(asManager.Presentations, p => Assert.Null(p.Calibrated));

        Assert.All(lenaSwitchedOff.Presentations.Concat(coachSwitchedOff.Presentations), p => Assert.Null(p.Calibrated));
        Assert.All(coachSwitchedOff.Presentations, p => Assert.NotNull(p.PeerAggregate));
    }

    [Fact]
    public async Task ManagersReadingAPresentersHistorySeeTheRawAggregateOnly()
    {
        var lenaId = await IdOfAsync(RoundtableFactory.LenaEmail);
        using var manager = await Server.ClientAsAsync(RoundtableFactory.ManagerEmail);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        var asManager = (await manager.GetFromJsonAsync<PresentationHistoryDto>($"/api/users/{lenaId}/presentations", Json.Options))!;
        var asCoach = (await coach.GetFromJsonAsync<PresentationHistoryDto>($"/api/users/{lenaId}/presentations", Json.Options))!;

        Assert.NotEmpty(asManager.Presentations);
        Assert.All(asManager.Presentations, p => Assert.NotNull(p.Feedback?.Aggregate));
        Assert.All(asManager.Presentations, p => Assert.Null(p.Calibrated));
        Assert.All(asCoach.Presentations, p => Assert.NotNull(p.Calibrated));
    }

    [Fact]
    public async Task AClosedAsynchronousRoundGivesThePresenterAndTheCoachesTheCalibratedAggregateOfTheCohortsLeniencies()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var overview = (await lena.GetFromJsonAsync<AsyncOverviewDto>("/api/async-presentations", Json.Options))!;
        var presentationId = overview.Mine.Single(p => p.Title == "Opening a discovery call").Id;
        var calibration = (await coach.GetFromJsonAsync<CohortCalibration>($"/api/cohorts/{cohortId}/calibration", Json.Options))!;

        var asLena = await AsyncDetailAsync(RoundtableFactory.LenaEmail, presentationId);
        var asCoach = await AsyncDetailAsync(RoundtableFactory.CoachEmail, presentationId);
        var asLiam = await AsyncDetailAsync(RoundtableFactory.LiamEmail, presentationId);
        await ShowAsync(cohortId, false);
        var lenaSwitchedOff = await AsyncDetailAsync(RoundtableFactory.LenaEmail, presentationId);
        await ShowAsync(cohortId, true);

        // What the formula gives from the reviews the coach reads and each reviewer's adjustment on the dashboard.
        var adjustments = calibration.Learners.SelectMany(l => l.Criteria).ToDictionary(c => (c.RaterId, c.CriterionId), c => c.Adjustment);
        var expected = Calibration.Aggregate(asCoach.Rubric!,
            asCoach.Reviews.ToDictionary(r => r.ReviewerId, r => r.Scores),
            (rater, criterion) => adjustments.GetValueOrDefault((rater, criterion)));
        Assert.NotNull(asLena.Calibrated);
        AssertSameFigures(expected, asLena.Calibrated);
        Assert.Equal(asLena.Aggregate!.Overall!.Value, asLena.Calibrated.RawOverall!.Value, 9);
        // Every reviewer's leniency is known (each reviewed three talks beside others), so every score was adjusted.
        Assert.All(asLena.Calibrated.Criteria, c => Assert.Equal((3, 3), (c.Count, c.Adjusted)));
        AssertSameFigures(asLena.Calibrated, asCoach.Calibrated);
        // A reviewer sees neither aggregate of someone else's presentation.
        Assert.Equal("reviewer", asLiam.Viewer);
        Assert.Null(asLiam.Calibrated);
        Assert.Null(lenaSwitchedOff.Calibrated);
        Assert.NotNull(lenaSwitchedOff.Aggregate);
    }

    [Fact]
    public async Task AnAsynchronousPresentationHasNoCalibratedAggregateUntilItsRoundCloses()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        using var submitted = await lena.PostAsJsonAsync($"/api/cohorts/{cohortId}/async-presentations",
            new { title = "Questions that open up", slidesMarkdown = "# Open questions\n\nAsk how, not whether." });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var presentationId = (await submitted.Content.ReadFromJsonAsync<AsyncPresentationDetailDto>(Json.Options))!.Presentation.Id;
        var rubricId = (await coach.GetFromJsonAsync<AsyncOverviewDto>("/api/async-presentations", Json.Options))!
            .Cohorts.Single(c => c.Id == cohortId).Rubrics[0].Id;
        using var opened = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/async-reviews",
            new { rubricId, deadline = DateTimeOffset.UtcNow.AddDays(3), choice = "AllPeers", presentationIds = new[] { presentationId } });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var roundId = (await opened.Content.ReadFromJsonAsync<AsyncRoundDto>(Json.Options))!.Id;
        var rubric = (await AsyncDetailAsync(RoundtableFactory.LiamEmail, presentationId)).Rubric!;
        using (var given = await liam.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback",
            new { scores = rubric.Criteria.ToDictionary(c => c.Id, _ => 4), answers = new Dictionary<string, string>() }))
        {
            given.EnsureSuccessStatusCode();
        }

        var whileOpen = await AsyncDetailAsync(RoundtableFactory.CoachEmail, presentationId);
        using (var closed = await coach.PostAsync($"/api/async-reviews/{roundId}/close", null))
        {
            closed.EnsureSuccessStatusCode();
        }
        var afterCoach = await AsyncDetailAsync(RoundtableFactory.CoachEmail, presentationId);
        var afterLena = await AsyncDetailAsync(RoundtableFactory.LenaEmail, presentationId);

        // The coaches see the raw aggregate as the reviews come in; the calibrated one only counts released feedback.
        Assert.NotNull(whileOpen.Aggregate);
        Assert.Null(whileOpen.Calibrated);
        Assert.NotNull(afterCoach.Calibrated);
        AssertSameFigures(afterCoach.Calibrated, afterLena.Calibrated);
        // Liam's known leniency is taken off his 4s.
        Assert.All(afterLena.Calibrated!.Criteria, c => Assert.Equal((1, 1), (c.Count, c.Adjusted)));
        Assert.True(afterLena.Calibrated.CalibratedOverall < afterLena.Calibrated.RawOverall);
    }
}
