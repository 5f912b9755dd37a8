using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Feedback;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Feedback;
using Roundtable.Server.Notifications;

namespace Roundtable.Server.Tests.AsyncPresentations;

public sealed class AsyncPresentationsTests
{
    private static async Task<AsyncPresentationDetailDto> DetailAsync(HttpClient client, string presentationId) =>
        (await client.GetFromJsonAsync<AsyncPresentationDetailDto>($"/api/async-presentations/{presentationId}", Json.Options))!;

    private static async Task<NotificationsDto> InboxAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options))!;

    [Fact]
    public async Task PeersReviewUntilTheDeadlineThenThePresenterSeesTheAggregateRatesAndReflects()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        var scene = await AsyncScene.CreateAsync(server);
        var (presentationId, uploadId) = await scene.SubmitAsync(server);
        using var ana = await server.ClientAsAsync(scene.AnaEmail);
        using var bo = await server.ClientAsAsync(scene.BoEmail);
        using var kai = await server.ClientAsAsync(scene.KaiEmail);
        using var cy = await server.ClientAsAsync(scene.CyEmail);

        var submitted = await DetailAsync(ana, presentationId);
        Assert.Equal(["<h1>The problem</h1>", "<h1>The <strong>plan</strong></h1>"], submitted.SlidesHtml);
        Assert.Equal(uploadId, Assert.Single(submitted.Files).Id);
        // Before a round, only the presenter and staff see it; the file likewise.
        Assert.Equal(HttpStatusCode.Forbidden, (await bo.GetAsync($"/api/async-presentations/{presentationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bo.GetAsync($"/api/uploads/{uploadId}")).StatusCode);

        var round = await scene.OpenAsync(server, clock.GetUtcNow().AddHours(1));
        var assignment = Assert.Single(round.Assignments);
        Assert.Equal(2, assignment.ReviewerNames.Count);
        Assert.Contains((await InboxAsync(bo)).Items, n => n.Kind == "async-review-assigned" && n.Link.Contains(presentationId));
        Assert.Equal(HttpStatusCode.OK, (await bo.GetAsync($"/api/uploads/{uploadId}")).StatusCode);

        var forBo = await DetailAsync(bo, presentationId);
        Assert.True(forBo.MayReview);
        Assert.Null(forBo.Aggregate);
        var rubric = forBo.Rubric!;
        Assert.Equal(HttpStatusCode.OK, (await bo.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 1, "Clear *problem*"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bo.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 2, "Clear *problem*"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kai.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 3))).StatusCode);
        var invalid = await kai.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", new { scores = new Dictionary<string, int>() });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 3))).StatusCode);

        // Not yet released: the presenter sees no feedback and may not rate.
        var early = await DetailAsync(ana, presentationId);
        Assert.Null(early.Aggregate);
        Assert.Empty(early.Reviews);
        Assert.Equal(HttpStatusCode.Conflict, (await ana.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback/{scene.Bo}/helpfulness", new { helpfulness = 3 })).StatusCode);

        clock.Advance(TimeSpan.FromHours(2));
        var late = await bo.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 5));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        var released = await DetailAsync(ana, presentationId);
        Assert.True(released.Presentation.Released);
        Assert.True(released.MayRate);
        var expected = new FeedbackTally(rubric);
        expected.Add(rubric.Criteria.Select((c, i) => (c.Id, i == 0 ? 2 : c.MaxScore)).ToDictionary(x => x.Id, x => x.Item2));
        expected.Add(rubric.Criteria.Select((c, i) => (c.Id, i == 0 ? 3 : c.MaxScore)).ToDictionary(x => x.Id, x => x.Item2));
        Assert.Equal(expected.ToAggregate().Overall, released.Aggregate!.Overall);
        Assert.Equal(2, released.Aggregate.Submissions);
        Assert.Equal(2.5, released.Aggregate.Criteria[0].Mean);
        Assert.Contains(released.Reviews, r => r.ReviewerId == scene.Bo && r.Answers.Single().Html == "<p>Clear <em>problem</em></p>");

        var rated = await ana.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback/{scene.Bo}/helpfulness", new { helpfulness = 3 });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var reflected = await ana.PutAsJsonAsync($"/api/async-presentations/{presentationId}/reflection", new { markdown = "Next time I **lead with the plan**." });
        var afterReflection = (await reflected.Content.ReadFromJsonAsync<AsyncPresentationDetailDto>(Json.Options))!;
        Assert.Equal(3, afterReflection.Reviews.Single(r => r.ReviewerId == scene.Bo).Helpfulness);
        Assert.Equal("<p>Next time I <strong>lead with the plan</strong>.</p>", afterReflection.ReflectionHtml);
        // The presenter's first action after the deadline recorded the close, which tells them it is released.
        Assert.Contains((await InboxAsync(ana)).Items, n => n.Kind == "async-feedback-released" && n.Link.Contains(presentationId));

        // Each reviewer reads what their review earned in this round: Bo's was rated 3, Kai's not at all.
        var bos = Assert.Single((await bo.GetFromJsonAsync<HelpfulnessDto>($"/api/users/{scene.Bo}/feedback-helpfulness", Json.Options))!.Rounds);
        Assert.Equal((HelpfulnessSource.AsyncRound, round.Id, 1, 1, (double?)3), (bos.Source, bos.Id, bos.Given, bos.Rated, bos.Mean));
        var kais = Assert.Single((await kai.GetFromJsonAsync<HelpfulnessDto>($"/api/users/{scene.Kai}/feedback-helpfulness", Json.Options))!.Rounds);
        Assert.Equal((1, 0, (double?)null), (kais.Given, kais.Rated, kais.Mean));
    }

    [Fact]
    public async Task TheDeadlineCloserReleasesTheFeedbackAndTellsThePresenter()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        var scene = await AsyncScene.CreateAsync(server);
        var (presentationId, _) = await scene.SubmitAsync(server);
        var round = await scene.OpenAsync(server, clock.GetUtcNow().AddMinutes(30));

        Assert.Equal(0, await server.Get<AsyncReviewDeadlines>().CloseDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(31));
        await server.Get<AsyncReviewDeadlines>().CloseDueAsync(CancellationToken.None);

        using var ana = await server.ClientAsAsync(scene.AnaEmail);
        Assert.Contains((await InboxAsync(ana)).Items, n => n.Kind == "async-feedback-released" && n.Link.Contains(presentationId));
        using var cy = await server.ClientAsAsync(scene.CyEmail);
        var overview = (await cy.GetFromJsonAsync<AsyncOverviewDto>("/api/async-presentations", Json.Options))!;
        Assert.True(overview.Rounds.Single(r => r.Id == round.Id).Closed);
    }

    [Fact]
    public async Task KRandomReviewersAreAssignedAndAnyoneElseIsRefused()
    {
        await using var server = await new RoundtableFactory().StartAsync();
        var scene = await AsyncScene.CreateAsync(server);
        var (presentationId, uploadId) = await scene.SubmitAsync(server);
        var round = await scene.OpenAsync(server, DateTimeOffset.UtcNow.AddDays(1), ReviewerChoice.RandomPeers, 1);
        Assert.Equal(1, round.ReviewersPerPresentation);
        var reviewerName = Assert.Single(Assert.Single(round.Assignments).ReviewerNames);
        var (reviewerEmail, otherEmail) = reviewerName.StartsWith("Bo", StringComparison.Ordinal) ? (scene.BoEmail, scene.KaiEmail) : (scene.KaiEmail, scene.BoEmail);

        using var reviewer = await server.ClientAsAsync(reviewerEmail);
        using var other = await server.ClientAsAsync(otherEmail);
        var rubric = (await DetailAsync(reviewer, presentationId)).Rubric!;
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/uploads/{uploadId}")).StatusCode);

        using var ola = await server.ClientAsAsync(scene.OlaEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync($"/api/async-presentations/{presentationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ola.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync($"/api/uploads/{uploadId}")).StatusCode);

        // A second round finds nothing waiting; asking for more reviewers than peers is refused by field.
        using var cy = await server.ClientAsAsync(scene.CyEmail);
        var again = await cy.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/async-reviews",
            new { rubricId = scene.RubricId, deadline = DateTimeOffset.UtcNow.AddDays(1), choice = "AllPeers" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var (second, _) = await scene.SubmitAsync(server, "Second");
        var tooMany = await cy.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/async-reviews",
            new { rubricId = scene.RubricId, deadline = DateTimeOffset.UtcNow.AddDays(1), choice = "RandomPeers", reviewersPerPresentation = 5 });
        var problem = (await tooMany.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>(Json.Options))!;
        Assert.Contains("reviewersPerPresentation", problem.Errors.Keys);
        var past = await cy.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/async-reviews",
            new { rubricId = scene.RubricId, deadline = DateTimeOffset.UtcNow.AddMinutes(-1), choice = "AllPeers", presentationIds = new[] { second } });
        Assert.Contains("deadline", (await past.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>(Json.Options))!.Errors.Keys);
    }
}
