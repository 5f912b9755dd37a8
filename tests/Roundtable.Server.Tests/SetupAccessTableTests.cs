using System.Net;
using System.Net.Http.Json;
using System.Text;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

/// <summary>The spec of docs/ACCESS.md's rows for setting programs and cohorts up and inviting people.</summary>
public sealed class SetupAccessTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private const HttpStatusCode Ok = HttpStatusCode.OK, Forbidden = HttpStatusCode.Forbidden, NotFound = HttpStatusCode.NotFound,
        SignedOut = HttpStatusCode.Unauthorized;

    [Fact]
    public async Task SetupAccessTable()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = (await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options))!;
        var programId = cohort.ProgramId;
        // Another cohort of the program that the demo coach also coaches, to move learners to.
        var second = await SetupApiTests.NewCohortAsync(admin, programId);
        var coachId = (await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options))!
            .Single(m => m.Role == CohortRole.Coach).UserId;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/cohorts/{second.Id}/members/{coachId}", new { role = "Coach" })).StatusCode);
        // A member of a cohort of another program.
        var otherProgram = await SetupApiTests.NewProgramAsync(admin);
        var otherCohort = await SetupApiTests.NewCohortAsync(admin, otherProgram.Id);
        var otherEmail = $"other-{Guid.NewGuid():N}@example.org";
        await Server.NewUserAsync(otherEmail, otherCohort.Id);
        var manager = await Server.NewUserAsync($"mgr-{Guid.NewGuid():N}@example.org", cohortId, CohortRole.Manager);

        async Task Row(string what, HttpStatusCode[] expected, Func<HttpClient, Task<HttpResponseMessage>> call)
        {
            string?[] callers = [RoundtableFactory.AdminEmail, RoundtableFactory.CoachEmail, RoundtableFactory.LiamEmail, RoundtableFactory.ManagerEmail, otherEmail, null];
            for (var i = 0; i < callers.Length; i++)
            {
                using var client = callers[i] is { } email ? await Server.ClientAsAsync(email) : Server.CreateClient();
                using var response = await call(client);
                Assert.True(expected[i] == response.StatusCode,
                    $"{what} as {callers[i] ?? "signed out"}: expected {expected[i]}, was {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        HttpStatusCode[] adminOnly = [Ok, Forbidden, Forbidden, Forbidden, Forbidden, SignedOut];
        HttpStatusCode[] runsCohort = [Ok, Ok, Forbidden, Forbidden, NotFound, SignedOut];
        async Task<string> Fresh(string prefix) => await Server.NewUserAsync($"{prefix}-{Guid.NewGuid():N}@example.org", cohortId);
        StringContent Csv() => new($"email,name,role\nrow-{Guid.NewGuid():N}@example.org,Row,learner\n", Encoding.UTF8, "text/csv");

        await Row("GET /api/programs/{id}/setup", adminOnly, c => c.GetAsync($"/api/programs/{programId}/setup"));
        await Row("PUT /api/programs/{id}", adminOnly, c => c.PutAsJsonAsync($"/api/programs/{otherProgram.Id}", new { name = otherProgram.Name, description = "" }));
        await Row("PUT /api/programs/{id}/archived", adminOnly, async c =>
            await c.PutAsJsonAsync($"/api/programs/{(await SetupApiTests.NewProgramAsync(admin)).Id}/archived", new { archived = true }));
        await Row("PUT /api/programs/{id}/template", adminOnly, c =>
            c.PutAsJsonAsync($"/api/programs/{otherProgram.Id}/template", new { agendaItems = new[] { new { topic = "Check-in", minutes = 5 } } }));
        await Row("PUT /api/cohorts/{id}", runsCohort, c => c.PutAsJsonAsync($"/api/cohorts/{cohortId}", new { name = cohort.Name }));
        await Row("GET /api/cohorts/{id}/template", [Ok, Ok, Ok, Ok, NotFound, SignedOut], c => c.GetAsync($"/api/cohorts/{cohortId}/template"));
        await Row("PUT /api/cohorts/{id}/members/{userId}/manager", runsCohort, async c =>
            await c.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{await Fresh("report")}/manager", new { managerId = manager }));
        await Row("POST /api/cohorts/{id}/members/{userId}/move", runsCohort, async c =>
            await c.PostAsJsonAsync($"/api/cohorts/{cohortId}/members/{await Fresh("mover")}/move", new { toCohortId = second.Id }));
        await Row("POST /api/cohorts/{id}/invitations", runsCohort, c =>
            c.PostAsJsonAsync($"/api/cohorts/{cohortId}/invitations", new { email = $"one-{Guid.NewGuid():N}@example.org", name = "One", role = "learner" }));
        await Row("POST /api/cohorts/{id}/invitations/preview", runsCohort, c => c.PostAsync($"/api/cohorts/{cohortId}/invitations/preview", Csv()));
        await Row("POST /api/cohorts/{id}/invitations/import", runsCohort, c => c.PostAsync($"/api/cohorts/{cohortId}/invitations/import", Csv()));
    }
}
