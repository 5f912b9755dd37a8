using System.Net.Http.Json;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Plans;

namespace Roundtable.Server.Tests;

/// <summary>
/// A cohort of its own in the demo program, for the plans tests: learners Ana (reporting to Mo, who is not in the
/// cohort) and Bo (reporting to Nia, a manager member of the cohort), their coach Cy, and Ola, a learner of another cohort.
/// </summary>
internal sealed record PlanScene(
    string CohortId, string RoundtableId, string Ana, string Bo, string Mo, string Nia, string Cy, string Ola,
    string AnaEmail, string BoEmail, string MoEmail, string NiaEmail, string CyEmail, string OlaEmail)
{
    public static async Task<PlanScene> CreateAsync(RoundtableFactory server)
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
        var cohortId = await CohortAsync("Plans cohort");
        var otherCohortId = await CohortAsync("Other cohort");
        var ana = await server.NewUserAsync(Email("ana"), cohortId, displayName: $"Ana {token}");
        var bo = await server.NewUserAsync(Email("bo"), cohortId, displayName: $"Bo {token}");
        var mo = await server.NewUserAsync(Email("mo"), displayName: $"Mo {token}");
        var nia = await server.NewUserAsync(Email("nia"), cohortId, CohortRole.Manager, displayName: $"Nia {token}");
        var cy = await server.NewUserAsync(Email("cy"), cohortId, CohortRole.Coach, displayName: $"Cy {token}");
        var ola = await server.NewUserAsync(Email("ola"), otherCohortId, displayName: $"Ola {token}");
        foreach (var (report, manager) in new[] { (ana, mo), (bo, nia) })
        {
            using var set = await admin.PutAsJsonAsync($"/api/users/{report}/manager", new { managerId = manager });
            set.EnsureSuccessStatusCode();
        }
        using var scheduled = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables",
            new { title = "Discovery practice", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 });
        var roundtableId = (await scheduled.Content.ReadFromJsonAsync<RoundtableDto>(Json.Options))!.Id;
        return new PlanScene(cohortId, roundtableId, ana, bo, mo, nia, cy, ola, Email("ana"), Email("bo"), Email("mo"), Email("nia"), Email("cy"), Email("ola"));
    }

    /// <summary>The coach assigns an exercise (to everyone when no learners are named); its id.</summary>
    public async Task<string> AssignAsync(RoundtableFactory server, DateTimeOffset? dueAt = null, string[]? learnerIds = null, string title = "Plan your next discovery call")
    {
        using var coach = await server.ClientAsAsync(CyEmail);
        using var response = await coach.PostAsJsonAsync($"/api/cohorts/{CohortId}/plan-exercises", new
        {
            title,
            promptMarkdown = "Plan your next **customer discovery call** using today's model.",
            dueAt = dueAt ?? DateTimeOffset.UtcNow.AddDays(7),
            roundtableId = RoundtableId,
            learnerIds,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ExerciseDto>(Json.Options))!.Id;
    }

    public static string PlanPath(string exerciseId, string learnerId) => $"/api/plan-exercises/{exerciseId}/plans/{learnerId}";
}
