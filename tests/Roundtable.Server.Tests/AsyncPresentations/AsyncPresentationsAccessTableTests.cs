using System.Net.Http.Json;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Server.AsyncPresentations;

namespace Roundtable.Server.Tests.AsyncPresentations;

/// <summary>
/// Who may use asynchronous presentations and uploads: every endpoint × every kind of caller, with the exact status. The
/// same table is in docs/ACCESS.md under "Asynchronous presentations". Ana presents; one of Bo and Kai is drawn as her
/// reviewer (k = 1), the other is a learner not assigned; Nia is a manager member of the cohort; the outsider is a
/// learner of another cohort.
/// </summary>
public sealed class AsyncPresentationsAccessTableTests(AsyncPresentationsAccessTableTests.Fixture fixture) : IClassFixture<AsyncPresentationsAccessTableTests.Fixture>
{
    public enum Caller
    {
        Presenter,
        AssignedReviewer,
        OtherLearner,
        Manager,
        Coach,
        Admin,
        Outsider,
        SignedOut,
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        internal AsyncScene Scene { get; private set; } = null!;
        public string Open { get; private set; } = "";
        public string OpenUpload { get; private set; } = "";
        public string Released { get; private set; } = "";
        public string ReviewerEmail { get; private set; } = "";
        public string ReviewerId { get; private set; } = "";
        public string OtherEmail { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            Scene = await AsyncScene.CreateAsync(Server);
            (Open, OpenUpload) = await Scene.SubmitAsync(Server, "Open for feedback");
            var round = await Scene.OpenAsync(Server, DateTimeOffset.UtcNow.AddDays(7), ReviewerChoice.RandomPeers, 1);
            var boReviews = Assert.Single(Assert.Single(round.Assignments).ReviewerNames).StartsWith("Bo", StringComparison.Ordinal);
            (ReviewerEmail, ReviewerId, OtherEmail) = boReviews ? (Scene.BoEmail, Scene.Bo, Scene.KaiEmail) : (Scene.KaiEmail, Scene.Kai, Scene.BoEmail);

            // A second presentation, reviewed by the same reviewer and released by the coach: for the presenter's rows.
            (Released, _) = await Scene.SubmitAsync(Server, "Released");
            var second = await Scene.OpenAsync(Server, DateTimeOffset.UtcNow.AddDays(7), ReviewerChoice.AllPeers);
            using var reviewer = await Server.ClientAsAsync(ReviewerEmail);
            var rubric = (await reviewer.GetFromJsonAsync<AsyncPresentationDetailDto>($"/api/async-presentations/{Released}", Json.Options))!.Rubric!;
            (await reviewer.PutAsJsonAsync($"/api/async-presentations/{Released}/feedback", AsyncScene.Feedback(rubric, 2))).EnsureSuccessStatusCode();
            using var cy = await Server.ClientAsAsync(Scene.CyEmail);
            (await cy.PostAsync($"/api/async-reviews/{second.Id}/close", null)).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public string? EmailOf(Caller caller) => caller switch
        {
            Caller.Presenter => Scene.AnaEmail,
            Caller.AssignedReviewer => ReviewerEmail,
            Caller.OtherLearner => OtherEmail,
            Caller.Manager => Scene.NiaEmail,
            Caller.Coach => Scene.CyEmail,
            Caller.Admin => RoundtableFactory.AdminEmail,
            Caller.Outsider => Scene.OlaEmail,
            _ => null,
        };
    }

    // Columns: presenter, assigned reviewer, other learner, manager, coach, admin, outsider, signed out.
    private static readonly (string Operation, int[] Statuses)[] Rows =
    [
        ("GET /api/async-presentations", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("POST /api/async-presentations/preview", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("POST /api/cohorts/{id}/uploads", [201, 201, 201, 403, 201, 201, 404, 401]),
        ("GET /api/cohorts/{id}/uploads", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("GET /api/uploads/{id}", [200, 200, 403, 403, 200, 200, 404, 401]),
        ("DELETE /api/uploads/{unused}", [204, 404, 404, 404, 204, 204, 404, 401]),
        ("DELETE /api/uploads/{id}", [409, 403, 404, 404, 409, 409, 404, 401]),
        ("POST /api/cohorts/{id}/async-presentations", [201, 201, 201, 403, 403, 403, 404, 401]),
        ("GET /api/async-presentations/{id}", [200, 200, 403, 403, 200, 200, 404, 401]),
        ("PUT /api/async-presentations/{id}/feedback", [403, 200, 403, 403, 403, 403, 404, 401]),
        ("PUT /api/async-presentations/{released}/feedback/{reviewer}/helpfulness", [200, 403, 403, 403, 403, 403, 404, 401]),
        ("PUT /api/async-presentations/{released}/reflection", [200, 403, 403, 403, 403, 403, 404, 401]),
        ("POST /api/cohorts/{id}/async-reviews", [403, 403, 403, 403, 201, 201, 404, 401]),
        ("POST /api/async-reviews/{id}/close", [403, 403, 403, 403, 200, 200, 404, 401]),
        ("POST /api/async-presentations/{id}/comment-advice", [403, 200, 403, 403, 403, 403, 404, 401]),
        ("GET /api/users/{reviewer}/feedback-helpfulness", [404, 200, 404, 404, 200, 200, 404, 401]),
    ];

    public static TheoryData<string, Caller, int> Table() => AccessTable.Cases<Caller>(Rows);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, Caller caller, int expected)
    {
        var server = fixture.Server;
        var scene = fixture.Scene;
        var email = fixture.EmailOf(caller);
        using var client = email is null ? server.CreateClient() : server.ClientWithToken(await server.TokenAsync(email));
        using var response = operation switch
        {
            "GET /api/async-presentations" => await client.GetAsync("/api/async-presentations"),
            "POST /api/async-presentations/preview" => await client.PostAsJsonAsync("/api/async-presentations/preview", new { slidesMarkdown = "# A\n---\n# B" }),
            "POST /api/cohorts/{id}/uploads" => await AsyncScene.UploadAsync(client, scene.CohortId, AsyncScene.Png, "a.png", "image/png"),
            "GET /api/cohorts/{id}/uploads" => await client.GetAsync($"/api/cohorts/{scene.CohortId}/uploads"),
            "GET /api/uploads/{id}" => await client.GetAsync($"/api/uploads/{fixture.OpenUpload}"),
            "DELETE /api/uploads/{unused}" => await client.DeleteAsync($"/api/uploads/{await UnusedUploadAsync()}"),
            "DELETE /api/uploads/{id}" => await client.DeleteAsync($"/api/uploads/{fixture.OpenUpload}"),
            "POST /api/cohorts/{id}/async-presentations" => await client.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/async-presentations",
                new { title = "Another", slidesMarkdown = "# Slide" }),
            "GET /api/async-presentations/{id}" => await client.GetAsync($"/api/async-presentations/{fixture.Open}"),
            "PUT /api/async-presentations/{id}/feedback" => await client.PutAsJsonAsync($"/api/async-presentations/{fixture.Open}/feedback",
                AsyncScene.Feedback(await RubricAsync(), 3)),
            "PUT /api/async-presentations/{released}/feedback/{reviewer}/helpfulness" => await client.PutAsJsonAsync(
                $"/api/async-presentations/{fixture.Released}/feedback/{fixture.ReviewerId}/helpfulness", new { helpfulness = 2 }),
            "PUT /api/async-presentations/{released}/reflection" => await client.PutAsJsonAsync($"/api/async-presentations/{fixture.Released}/reflection",
                new { markdown = "What I take away." }),
            "POST /api/cohorts/{id}/async-reviews" => await OpenAsync(client, await WaitingPresentationAsync()),
            "POST /api/async-reviews/{id}/close" => await client.PostAsync($"/api/async-reviews/{await FreshRoundAsync()}/close", null),
            "POST /api/async-presentations/{id}/comment-advice" => await client.PostAsJsonAsync(
                $"/api/async-presentations/{fixture.Open}/comment-advice", new { text = "good job" }),
            "GET /api/users/{reviewer}/feedback-helpfulness" => await client.GetAsync($"/api/users/{fixture.ReviewerId}/feedback-helpfulness"),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        Assert.Equal(expected, (int)response.StatusCode);
    }

    private async Task<Core.Feedback.Rubric> RubricAsync()
    {
        using var admin = await fixture.Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        return (await admin.GetFromJsonAsync<AsyncPresentationDetailDto>($"/api/async-presentations/{fixture.Open}", Json.Options))!.Rubric!;
    }

    /// <summary>A fresh upload of Ana's that nothing uses.</summary>
    private async Task<string> UnusedUploadAsync()
    {
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        using var uploaded = await AsyncScene.UploadAsync(ana, fixture.Scene.CohortId, AsyncScene.Png, "unused.png", "image/png");
        return (await uploaded.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!.Id;
    }

    /// <summary>A presentation of Ana's not yet in any round, so opening one has something to open.</summary>
    private async Task<string> WaitingPresentationAsync() => (await fixture.Scene.SubmitAsync(fixture.Server, "Waiting")).PresentationId;

    private Task<HttpResponseMessage> OpenAsync(HttpClient client, string presentationId) =>
        client.PostAsJsonAsync($"/api/cohorts/{fixture.Scene.CohortId}/async-reviews", new
        {
            rubricId = fixture.Scene.RubricId,
            deadline = DateTimeOffset.UtcNow.AddDays(3),
            choice = "AllPeers",
            presentationIds = new[] { presentationId },
        });

    private async Task<string> FreshRoundAsync()
    {
        using var admin = await fixture.Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var opened = await OpenAsync(admin, await WaitingPresentationAsync());
        opened.EnsureSuccessStatusCode();
        return (await opened.Content.ReadFromJsonAsync<AsyncRoundDto>(Json.Options))!.Id;
    }
}
