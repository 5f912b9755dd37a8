using System.Net.Http.Json;
using Roundtable.Server.Scheduling;

namespace Roundtable.Server.Tests;

/// <summary>
/// Who may schedule, change and read the schedule: every endpoint × every kind of caller, with the exact status. The
/// same table is in docs/ACCESS.md under "Scheduling and calendars". Each call acts on a session of its own, so only the
/// caller decides the outcome.
/// </summary>
public sealed class ScheduleAccessTableTests(ScheduleAccessTableTests.Fixture fixture) : IClassFixture<ScheduleAccessTableTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        public string CohortId { get; private set; } = "";
        public string OutsiderEmail { get; } = $"outsider-{Guid.NewGuid():N}@example.org";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            (CohortId, _) = await Server.SeededCohortAsync();
            await Server.NewUserAsync(OutsiderEmail);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    // Columns: admin, coach of this cohort, learner, manager, a signed-in outsider, signed out.
    private static readonly (string Operation, int[] Statuses)[] Rows =
    [
        ("POST /api/cohorts/{id}/schedule", [201, 201, 403, 403, 404, 401]),
        ("PUT /api/roundtables/{id}/schedule", [200, 200, 403, 403, 404, 401]),
        ("POST /api/roundtables/{id}/cancel", [200, 200, 403, 403, 404, 401]),
        ("GET /api/roundtables/{id}/calendar.ics", [200, 200, 200, 200, 404, 401]),
        ("GET /api/me/calendar-feed", [200, 200, 200, 200, 200, 401]),
        ("POST /api/me/calendar-feed", [200, 200, 200, 200, 200, 401]),
        ("DELETE /api/me/calendar-feed", [204, 204, 204, 204, 204, 401]),
        ("PUT /api/me/time-zone", [200, 200, 200, 200, 200, 401]),
        ("GET /calendar/{token}.ics (a working address)", [200, 200, 200, 200, 200, 200]),
        ("GET /calendar/{token}.ics (revoked)", [404, 404, 404, 404, 404, 404]),
    ];

    public static TheoryData<string, int, int> Table()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var (operation, statuses) in Rows)
        {
            for (var i = 0; i < statuses.Length; i++)
            {
                data.Add(operation, i, statuses[i]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, int caller, int expected)
    {
        var server = fixture.Server;
        string?[] emails = [RoundtableFactory.AdminEmail, RoundtableFactory.CoachEmail, RoundtableFactory.LiamEmail, RoundtableFactory.ManagerEmail, fixture.OutsiderEmail, null];
        var email = emails[caller];
        using var client = email is null ? server.CreateClient() : server.ClientWithToken(await server.TokenAsync(email));
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var session = (await SchedulingTests.ScheduleAsync(admin, fixture.CohortId, new { title = "Access", start = "2027-11-02T10:00", timeZone = "UTC", durationMinutes = 30 }))[0];
        using var response = operation switch
        {
            "POST /api/cohorts/{id}/schedule" => await client.PostAsJsonAsync($"/api/cohorts/{fixture.CohortId}/schedule",
                new { title = "Access", start = "2027-11-02T10:00", timeZone = "UTC", durationMinutes = 30 }),
            "PUT /api/roundtables/{id}/schedule" => await client.PutAsJsonAsync($"/api/roundtables/{session.Id}/schedule",
                new { scope = "this", title = "Moved", start = "2027-11-03T10:00", timeZone = "UTC", durationMinutes = 30 }),
            "POST /api/roundtables/{id}/cancel" => await client.PostAsJsonAsync($"/api/roundtables/{session.Id}/cancel", new { scope = "this" }),
            "GET /api/roundtables/{id}/calendar.ics" => await client.GetAsync($"/api/roundtables/{session.Id}/calendar.ics"),
            "GET /api/me/calendar-feed" => await client.GetAsync("/api/me/calendar-feed"),
            "POST /api/me/calendar-feed" => await client.PostAsync("/api/me/calendar-feed", null),
            "DELETE /api/me/calendar-feed" => await client.DeleteAsync("/api/me/calendar-feed"),
            "PUT /api/me/time-zone" => await client.PutAsJsonAsync("/api/me/time-zone", new { timeZone = "Europe/Lisbon" }),
            "GET /calendar/{token}.ics (a working address)" => await client.GetAsync(await FeedPathAsync(RoundtableFactory.NoorEmail)),
            "GET /calendar/{token}.ics (revoked)" => await RevokedFeedAsync(client),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        Assert.Equal(expected, (int)response.StatusCode);
    }

    private async Task<string> FeedPathAsync(string email)
    {
        using var owner = await fixture.Server.ClientAsAsync(email);
        using var issued = await owner.PostAsync("/api/me/calendar-feed", null);
        return new Uri((await issued.Content.ReadFromJsonAsync<CalendarFeedDto>(Json.Options))!.HttpsUrl!).AbsolutePath;
    }

    private async Task<HttpResponseMessage> RevokedFeedAsync(HttpClient client)
    {
        var path = await FeedPathAsync(RoundtableFactory.TheoEmail);
        using var owner = await fixture.Server.ClientAsAsync(RoundtableFactory.TheoEmail);
        (await owner.DeleteAsync("/api/me/calendar-feed")).EnsureSuccessStatusCode();
        return await client.GetAsync(path);
    }
}
