using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.Notifications;
using Roundtable.Server.Plans;

namespace Roundtable.Server.Tests;

/// <summary>
/// Who may use planning exercises: every endpoint (and the notifications hub) × every kind of caller, with the exact
/// status. The same table is in docs/ACCESS.md under "Plans". The plan is Ana's; Mo is her manager (not in the cohort);
/// Nia manages Bo and is a manager member of the cohort; Kai, a learner of the cohort, has no manager; the outsider is a
/// learner of another cohort.
/// </summary>
public sealed class PlansAccessTableTests(PlansAccessTableTests.Fixture fixture) : IClassFixture<PlansAccessTableTests.Fixture>
{
    public enum Caller
    {
        LearnerSelf,
        OtherLearner,
        TheirManager,
        AnotherManager,
        Coach,
        Admin,
        Outsider,
        SignedOut,
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        internal PlanScene Scene { get; private set; } = null!;
        public string ExerciseId { get; private set; } = "";
        public string AnasNotificationId { get; private set; } = "";
        public string Kai { get; private set; } = "";
        public string KaisExerciseId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            Scene = await PlanScene.CreateAsync(Server);
            ExerciseId = await Scene.AssignAsync(Server);
            using var ana = await Server.ClientAsAsync(Scene.AnaEmail);
            using var written = await ana.PutAsJsonAsync($"{PlanScene.PlanPath(ExerciseId, Scene.Ana)}/plan", new { baseVersion = 0, markdown = "Ana's plan" });
            written.EnsureSuccessStatusCode();
            var inbox = await ana.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
            AnasNotificationId = inbox!.Items[0].Id;
            var kaiEmail = $"kai-{Guid.NewGuid():N}@example.com";
            Kai = await Server.NewUserAsync(kaiEmail, Scene.CohortId, displayName: "Kai");
            KaisExerciseId = await Scene.AssignAsync(Server, learnerIds: [Kai], title: "Kai's exercise");
            using var kai = await Server.ClientAsAsync(kaiEmail);
            using var kaisPlan = await kai.PutAsJsonAsync($"{PlanScene.PlanPath(KaisExerciseId, Kai)}/plan", new { baseVersion = 0, markdown = "Kai's plan" });
            kaisPlan.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public string? EmailOf(Caller caller) => caller switch
        {
            Caller.LearnerSelf => Scene.AnaEmail,
            Caller.OtherLearner => Scene.BoEmail,
            Caller.TheirManager => Scene.MoEmail,
            Caller.AnotherManager => Scene.NiaEmail,
            Caller.Coach => Scene.CyEmail,
            Caller.Admin => RoundtableFactory.AdminEmail,
            Caller.Outsider => Scene.OlaEmail,
            _ => null,
        };
    }

    // Columns: learner self, other learner, their manager, another manager, coach, admin, outsider, signed out.
    private static readonly (string Operation, int[] Statuses)[] Rows =
    [
        ("POST /api/cohorts/{id}/plan-exercises", [403, 403, 404, 403, 201, 201, 404, 401]),
        ("GET /api/cohorts/{id}/plan-exercises", [403, 403, 404, 403, 200, 200, 404, 401]),
        ("GET /api/my-plans", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/my-reports/plans", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/plan-exercises/{id}/plans/{ana}", [200, 403, 200, 403, 200, 200, 404, 401]),
        ("PUT /api/plan-exercises/{id}/plans/{ana}/plan", [200, 403, 403, 403, 403, 403, 404, 401]),
        ("PUT /api/plan-exercises/{id}/plans/{ana}/reflection", [200, 403, 403, 403, 403, 403, 404, 401]),
        ("POST /api/plan-exercises/{id}/plans/{ana}/feedback", [403, 403, 200, 403, 403, 403, 404, 401]),
        // Kai, a learner of the cohort with no manager: the cohort's coach reviews instead.
        ("POST /api/plan-exercises/{id}/plans/{kai}/feedback", [403, 403, 404, 403, 200, 403, 404, 401]),
        ("GET /api/notifications", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("POST /api/notifications/{ana's}/read", [200, 404, 404, 404, 404, 404, 404, 401]),
        ("POST /api/markdown/preview", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("hub /hubs/notifications", [200, 200, 200, 200, 200, 200, 200, 401]),
    ];

    public static TheoryData<string, Caller, int> Table() => AccessTable.Cases<Caller>(Rows);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, Caller caller, int expected)
    {
        var server = fixture.Server;
        var email = fixture.EmailOf(caller);
        var token = email is null ? null : await server.TokenAsync(email);
        Assert.Equal(expected, operation.StartsWith("hub ", StringComparison.Ordinal)
            ? await HubStatusAsync(server, token)
            : await HttpStatusAsync(server, token, operation));
    }

    private static async Task<int> HubStatusAsync(RoundtableFactory server, string? token)
    {
        await using var connection = RoomClient.Build(server, token, NotificationsHub.Path);
        try
        {
            await connection.StartAsync();
            return 200;
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status)
        {
            return (int)status;
        }
    }

    private async Task<int> HttpStatusAsync(RoundtableFactory server, string? token, string operation)
    {
        var scene = fixture.Scene;
        var plan = PlanScene.PlanPath(fixture.ExerciseId, scene.Ana);
        using var client = token is null ? server.CreateClient() : server.ClientWithToken(token);
        // Writes carry the version as it stands, so only who is calling decides the outcome.
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var version = (await admin.GetFromJsonAsync<PlanDetailDto>(plan, Json.Options))!.Plan.Version;
        var kaisPlan = PlanScene.PlanPath(fixture.KaisExerciseId, fixture.Kai);
        var kaisVersion = (await admin.GetFromJsonAsync<PlanDetailDto>(kaisPlan, Json.Options))!.Plan.Version;
        using var response = operation switch
        {
            "POST /api/cohorts/{id}/plan-exercises" => await client.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/plan-exercises",
                new { title = "Another exercise", promptMarkdown = "Plan it.", dueAt = DateTimeOffset.UtcNow.AddDays(3), learnerIds = new[] { scene.Bo } }),
            "GET /api/cohorts/{id}/plan-exercises" => await client.GetAsync($"/api/cohorts/{scene.CohortId}/plan-exercises"),
            "GET /api/my-plans" => await client.GetAsync("/api/my-plans"),
            "GET /api/my-reports/plans" => await client.GetAsync("/api/my-reports/plans"),
            "GET /api/plan-exercises/{id}/plans/{ana}" => await client.GetAsync(plan),
            "PUT /api/plan-exercises/{id}/plans/{ana}/plan" => await client.PutAsJsonAsync($"{plan}/plan", new { baseVersion = version, markdown = "Revised plan" }),
            "PUT /api/plan-exercises/{id}/plans/{ana}/reflection" => await client.PutAsJsonAsync($"{plan}/reflection", new { baseVersion = version, markdown = "How it went" }),
            "POST /api/plan-exercises/{id}/plans/{ana}/feedback" => await client.PostAsJsonAsync($"{plan}/feedback", new { baseVersion = version, markdown = "Feedback", requestRevision = false }),
            "POST /api/plan-exercises/{id}/plans/{kai}/feedback" => await client.PostAsJsonAsync($"{kaisPlan}/feedback", new { baseVersion = kaisVersion, markdown = "Feedback", requestRevision = false }),
            "GET /api/notifications" => await client.GetAsync("/api/notifications"),
            "POST /api/notifications/{ana's}/read" => await client.PostAsync($"/api/notifications/{fixture.AnasNotificationId}/read", null),
            "POST /api/markdown/preview" => await client.PostAsJsonAsync("/api/markdown/preview", new { markdown = "**hi**" }),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        return (int)response.StatusCode;
    }
}
