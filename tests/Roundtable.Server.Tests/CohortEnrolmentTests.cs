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
}
