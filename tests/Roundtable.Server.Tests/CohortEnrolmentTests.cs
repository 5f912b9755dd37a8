using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

/// <summary>
/// Enrolling someone lets a coach read their profile and presentation history, so a coach may enrol only people the
/// program already has; an admin enrols anyone.
/// </summary>
public sealed class CohortEnrolmentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task CoachCannotEnrolSomeoneOutsideTheProgramNorReadTheirHistory()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var outsider = await Server.NewUserAsync($"outsider-{Guid.NewGuid():N}@example.org");
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        using (var enrol = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{outsider}", new { role = "Learner" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, enrol.StatusCode);
        }
        // An id that is no account gets the same answer: the refusal tells nothing about which ids exist.
        using (var unknown = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{Guid.NewGuid():N}", new { role = "Learner" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        }
        using (var manager = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{outsider}", new { role = "Manager" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, manager.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync($"/api/users/{outsider}/presentations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync($"/api/users/{outsider}/profile")).StatusCode);

        // An admin may; the coach then reads what a coach of that person's cohort reads.
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using (var byAdmin = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{outsider}", new { role = "Learner" }))
        {
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await coach.GetAsync($"/api/users/{outsider}/presentations")).StatusCode);
    }

    [Fact]
    public async Task CoachEnrolsSomeoneFromAnotherCohortOfTheProgram()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options);
        using var created = await admin.PostAsJsonAsync($"/api/programs/{cohort!.ProgramId}/cohorts", new { name = $"Spring cohort {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var spring = (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
        var learner = await Server.NewUserAsync($"spring-{Guid.NewGuid():N}@example.org", spring.Id);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        using var enrol = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{learner}", new { role = "Learner" });

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
    }

    [Fact]
    public async Task LearnerCannotEnrolAnyone()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var outsider = await Server.NewUserAsync($"outsider-{Guid.NewGuid():N}@example.org");
        using var learner = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);

        using var enrol = await learner.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{outsider}", new { role = "Learner" });

        Assert.Equal(HttpStatusCode.Forbidden, enrol.StatusCode);
    }

    /// <summary>The spec of docs/ACCESS.md's rows for enrolment and presentation history.</summary>
    [Fact]
    public async Task EnrolmentAndPresentationHistoryAccessTable()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programId = (await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options))!.ProgramId;
        var springId = await NewCohortAsync(admin, programId);
        using var otherProgram = await admin.PostAsJsonAsync("/api/programs", new { name = $"Other program {Guid.NewGuid():N}" });
        var otherCohortId = await NewCohortAsync(admin, (await otherProgram.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!.Id);
        var otherEmail = $"other-{Guid.NewGuid():N}@example.org";
        await Server.NewUserAsync(otherEmail, otherCohortId);
        var members = (await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options))!;
        var lena = members.Single(m => m.DisplayName == "Lena Learner").UserId;

        async Task Row(string what, HttpStatusCode[] expected, Func<HttpClient, Task<HttpResponseMessage>> call)
        {
            string?[] callers = [RoundtableFactory.AdminEmail, RoundtableFactory.CoachEmail, RoundtableFactory.LiamEmail, RoundtableFactory.ManagerEmail, otherEmail, null];
            for (var i = 0; i < callers.Length; i++)
            {
                using var client = callers[i] is { } email ? await Server.ClientAsAsync(email) : Server.CreateClient();
                using var response = await call(client);
                Assert.True(expected[i] == response.StatusCode, $"{what} as {callers[i] ?? "signed out"}: expected {expected[i]}, was {response.StatusCode}");
            }
        }
        const HttpStatusCode ok = HttpStatusCode.OK, forbidden = HttpStatusCode.Forbidden, notFound = HttpStatusCode.NotFound, signedOut = HttpStatusCode.Unauthorized;

        await Row("GET /api/users/{lena}/presentations", [ok, ok, notFound, ok, notFound, signedOut], c => c.GetAsync($"/api/users/{lena}/presentations"));
        using (var herself = await Server.ClientAsAsync(RoundtableFactory.LenaEmail))
        {
            Assert.Equal(HttpStatusCode.OK, (await herself.GetAsync($"/api/users/{lena}/presentations")).StatusCode);
        }
        // A fresh person for every call, so one caller's enrolment does not decide the next caller's.
        await Row("PUT members/{someone in no cohort of the program}", [ok, forbidden, forbidden, forbidden, notFound, signedOut], async c =>
            await c.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{await Server.NewUserAsync($"new-{Guid.NewGuid():N}@example.org")}", new { role = "Learner" }));
        await Row("PUT members/{someone in another cohort of the program}", [ok, ok, forbidden, forbidden, notFound, signedOut], async c =>
            await c.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{await Server.NewUserAsync($"spring-{Guid.NewGuid():N}@example.org", springId)}", new { role = "Learner" }));
    }

    private static async Task<string> NewCohortAsync(HttpClient admin, string programId)
    {
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = $"Cohort {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
    }
}
