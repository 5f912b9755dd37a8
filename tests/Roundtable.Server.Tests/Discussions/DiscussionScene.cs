using System.Net.Http.Json;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Discussions;

namespace Roundtable.Server.Tests.Discussions;

/// <summary>
/// A cohort of its own in the demo program for the discussions tests: learners Ana and Bo, coach Cy, manager Nia,
/// observer Obi; and Ola, a learner of another cohort.
/// </summary>
internal sealed record DiscussionScene(
    string CohortId, string Token, string Ana, string Bo, string Cy, string Nia, string Obi, string Ola,
    string AnaEmail, string BoEmail, string CyEmail, string NiaEmail, string ObiEmail, string OlaEmail)
{
    public static async Task<DiscussionScene> CreateAsync(RoundtableFactory server)
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        string Email(string name) => $"{name}-{token}@example.com";
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var program = (await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options))![0];
        async Task<string> CohortAsync(string name)
        {
            using var created = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = $"{name} {token}" });
            return (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
        }
        var cohortId = await CohortAsync("Discussions cohort");
        var otherCohortId = await CohortAsync("Other cohort");
        var ana = await server.NewUserAsync(Email("ana"), cohortId, displayName: $"Ana Lima {token}");
        var bo = await server.NewUserAsync(Email("bo"), cohortId, displayName: $"Bo {token}");
        var cy = await server.NewUserAsync(Email("cy"), cohortId, CohortRole.Coach, displayName: $"Cy {token}");
        var nia = await server.NewUserAsync(Email("nia"), cohortId, CohortRole.Manager, displayName: $"Nia {token}");
        var obi = await server.NewUserAsync(Email("obi"), cohortId, CohortRole.Observer, displayName: $"Obi {token}");
        var ola = await server.NewUserAsync(Email("ola"), otherCohortId, displayName: $"Ola {token}");
        return new DiscussionScene(cohortId, token, ana, bo, cy, nia, obi, ola, Email("ana"), Email("bo"), Email("cy"), Email("nia"), Email("obi"), Email("ola"));
    }

    /// <summary>Ana (unless another author is given) starts a thread; its detail.</summary>
    public async Task<ThreadDetailDto> StartAsync(RoundtableFactory server, string title = "After week 1", string markdown = "What did you **try**?", string? email = null)
    {
        using var author = await server.ClientAsAsync(email ?? AnaEmail);
        using var response = await author.PostAsJsonAsync($"/api/cohorts/{CohortId}/discussions", new { title, markdown });
        return await Ok(response);
    }

    /// <summary>
    /// Cy publishes a circle on storytelling: Eve (a new learner of the cohort) mentors Ana and Fay (another new one).
    /// Bo, Nia and Obi are not in it. Its id, and Eve's id and email.
    /// </summary>
    public async Task<(string CircleId, string Eve, string EveEmail)> PublishCircleAsync(RoundtableFactory server)
    {
        var eveEmail = $"eve-{Token}@example.com";
        var eve = await server.NewUserAsync(eveEmail, CohortId, displayName: $"Eve {Token}");
        var fayEmail = $"fay-{Token}@example.com";
        var fay = await server.NewUserAsync(fayEmail, CohortId, displayName: $"Fay {Token}");
        foreach (var (email, offers, capacity) in new[] { (eveEmail, true, 2), (AnaEmail, false, 0), (fayEmail, false, 0) })
        {
            using var person = await server.ClientAsAsync(email);
            using var saved = await person.PutAsJsonAsync("/api/profile", new
            {
                offers = offers ? new[] { new { name = "Storytelling", level = 4 } } : [],
                wants = offers ? [] : new[] { new { name = "Storytelling", level = 1 } },
                goalsMarkdown = "",
                availability = new[] { new { day = "Monday", part = "Morning" } },
                mentorCapacity = capacity,
            });
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }
        using var cy = await server.ClientAsAsync(CyEmail);
        using var published = await cy.PostAsJsonAsync($"/api/cohorts/{CohortId}/matching/publish", new
        {
            kind = "Circles", minSize = 2, maxSize = 3,
            circles = new[] { new { mentorId = eve, focus = "Storytelling", memberIds = new[] { Ana, fay } } },
        });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        var list = await cy.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{CohortId}/discussions", Json.Options);
        return (Assert.Single(list!.Places, p => p.CircleId is not null).CircleId!, eve, eveEmail);
    }

    public static async Task<ThreadDetailDto> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ThreadDetailDto>(Json.Options))!;
    }
}
