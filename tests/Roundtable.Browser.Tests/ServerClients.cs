using System.Net.Http.Json;
using System.Text.Json;

namespace Roundtable.Browser.Tests;

/// <summary>The server's HTTP API and room hub as a user, for setting up what a browser test then looks at.</summary>
public static class ServerClients
{
    public static async Task<string> TokenAsync(this RoundtableServer server, string email)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password = BrowserFixture.DemoPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>An HTTP client that calls the API as the user.</summary>
    public static async Task<HttpClient> HttpAsAsync(this RoundtableServer server, string email)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await server.TokenAsync(email));
        return http;
    }

    /// <summary>The user connected to the room hub and joined to the room.</summary>
    public static async Task<RoomClient> JoinAsync(this RoundtableServer server, string email, string roomId)
    {
        var client = await RoomClient.StartAsync(HubConnections.Build(server.BaseAddress, await server.TokenAsync(email)), roomId, email);
        await client.JoinAsync();
        return client;
    }

    /// <summary>A roundtable scheduled for now in the cohort; its id.</summary>
    public static async Task<string> ScheduleAsync(this HttpClient coach, string cohortId, string title)
    {
        using var scheduled = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables", new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 });
        scheduled.EnsureSuccessStatusCode();
        return (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The demo cohort as the coach sees it on the home page: its id and its program's.</summary>
    public static async Task<(string CohortId, string ProgramId)> DemoCohortAsync(this HttpClient coach)
    {
        var home = await coach.GetFromJsonAsync<JsonElement>("/api/home");
        var cohort = home.GetProperty("cohorts").EnumerateArray().Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == BrowserFixture.DemoCohortName);
        return (cohort.GetProperty("id").GetString()!, cohort.GetProperty("programId").GetString()!);
    }

    /// <summary>A rubric in the program with two five-level criteria, Clarity and Evidence (ids "clarity", "evidence"); its id.</summary>
    public static async Task<string> ClarityEvidenceRubricAsync(this HttpClient coach, string programId, string name)
    {
        using var rubric = await coach.PostAsJsonAsync($"/api/programs/{programId}/rubrics", new
        {
            name,
            criteria = new object[]
            {
                new { name = "Clarity", levels = new[] { "1", "2", "3", "4", "5" } },
                new { name = "Evidence", levels = new[] { "1", "2", "3", "4", "5" } },
            },
            prompts = new object[] { new { text = "What worked?" } },
        });
        rubric.EnsureSuccessStatusCode();
        return (await rubric.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rubric").GetProperty("rubricId").GetString()!;
    }

    /// <summary>A new account (the demo password) added to the cohort as a learner, by the admin; its id.</summary>
    public static async Task<string> NewLearnerAsync(this RoundtableServer server, string cohortId, string email, string displayName)
    {
        using var admin = await server.HttpAsAsync("admin@roundtable.local");
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, displayName, password = BrowserFixture.DemoPassword, isAdmin = false });
        created.EnsureSuccessStatusCode();
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{userId}", new { role = "Learner" });
        added.EnsureSuccessStatusCode();
        return userId;
    }
}
