using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Wiki;

namespace Roundtable.Server.Tests.Wiki;

/// <summary>
/// A cohort of its own in the demo program, for the wiki tests: learners Ana and Bo, coach Cy, Nia (a manager member),
/// Oz (an observer), Ola (a learner of another cohort) and one roundtable of the cohort.
/// </summary>
internal sealed record WikiScene(
    string CohortId, string OtherCohortId, string RoundtableId, string AnaEmail, string BoEmail, string CyEmail, string NiaEmail, string OzEmail, string OlaEmail)
{
    public static async Task<WikiScene> CreateAsync(RoundtableFactory server)
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
        var cohortId = await CohortAsync("Wiki cohort");
        var otherCohortId = await CohortAsync("Other wiki cohort");
        await server.NewUserAsync(Email("ana"), cohortId, displayName: $"Ana {token}");
        await server.NewUserAsync(Email("bo"), cohortId, displayName: $"Bo {token}");
        await server.NewUserAsync(Email("cy"), cohortId, CohortRole.Coach, displayName: $"Cy {token}");
        await server.NewUserAsync(Email("nia"), cohortId, CohortRole.Manager, displayName: $"Nia {token}");
        await server.NewUserAsync(Email("oz"), cohortId, CohortRole.Observer, displayName: $"Oz {token}");
        await server.NewUserAsync(Email("ola"), otherCohortId, displayName: $"Ola {token}");
        using var scheduled = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables",
            new { title = "Discovery practice", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 });
        var roundtableId = (await scheduled.Content.ReadFromJsonAsync<RoundtableDto>(Json.Options))!.Id;
        return new WikiScene(cohortId, otherCohortId, roundtableId, Email("ana"), Email("bo"), Email("cy"), Email("nia"), Email("oz"), Email("ola"));
    }

    public string Pages => $"/api/cohorts/{CohortId}/wiki";

    public string PagePath(string pageId) => $"/api/cohorts/{CohortId}/wiki/{pageId}";

    /// <summary>Writes a page as <paramref name="email"/>; the page as answered.</summary>
    public async Task<WikiPageDto> CreateAsync(RoundtableFactory server, string email, string title, string markdown)
    {
        using var client = await server.ClientAsAsync(email);
        using var response = await client.PostAsJsonAsync(Pages, new { title, markdown });
        return await WikiTests.OkAsync<WikiPageDto>(response);
    }

    /// <summary>Ana writes the roundtable's shared notes in the room.</summary>
    public async Task WriteSharedNotesAsync(RoundtableFactory server, long baseVersion, string markdown)
    {
        await using var ana = await RoomClient.JoinAsync(server, await server.TokenAsync(AnaEmail), RoundtableId);
        var result = await ana.Connection.InvokeAsync<SharedNoteResult>("EditSharedNote", RoundtableId, baseVersion, markdown);
        Assert.NotEqual(SharedNoteOutcome.Conflict, result.Outcome);
    }
}
