using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

public sealed class RestartTests : IDisposable
{
    // Long enough that no dropped connection leaves during a test: what is compared is only what was appended.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
    private readonly string _dataDirectory = RoundtableFactory.NewDataDirectory();

    public void Dispose() => RoundtableFactory.TryDelete(_dataDirectory);

    private async Task<RoundtableFactory> StartAsync() =>
        await new RoundtableFactory(_dataDirectory, Grace).StartAsync();

    private sealed record World(string Token, string CohortId, string[] RoomIds);

    /// <summary>Directory changes and room activity through the API and the hub.</summary>
    private static async Task<World> MakeHistoryAsync(RoundtableFactory server)
    {
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var program = await (await admin.PostAsJsonAsync("/api/programs", new { name = "Restart program" })).Content.ReadFromJsonAsync<ProgramDto>(Json.Options);
        var cohort = await (await admin.PostAsJsonAsync($"/api/programs/{program!.Id}/cohorts", new { name = "Restart cohort" })).Content.ReadFromJsonAsync<CohortDto>(Json.Options);
        var userId = await server.NewUserAsync($"restart-{Guid.NewGuid():N}@example.com", cohort!.Id);
        var (seededCohort, liveRoom) = await server.SeededCohortAsync();
        var endedRoom = await server.NewRoundtableAsync("Ended before the restart");

        var coachToken = await server.TokenAsync(RoundtableFactory.CoachEmail);
        await using (var coach = await RoomClient.JoinAsync(server, coachToken, endedRoom))
        await using (var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), endedRoom))
        {
            await coach.Connection.InvokeAsync("StartRoundtable", endedRoom);
            await lena.PostAsync("said before the end", "c1");
            await coach.PostAsync("closing words");
            await coach.Connection.InvokeAsync("EndRoundtable", endedRoom);
        }
        await using (var coach = await RoomClient.JoinAsync(server, coachToken, liveRoom))
        await using (var liam = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LiamEmail), liveRoom))
        {
            await liam.PostAsync("still **live**", "c2");
            await liam.Connection.InvokeAsync("Leave", liveRoom);
        }
        Assert.NotNull(userId);
        return new World(coachToken, seededCohort, [liveRoom, endedRoom]);
    }

    /// <summary>Everything the read models and rooms say, as JSON text, so two servers can be compared.</summary>
    private static async Task<string> DescribeAsync(RoundtableFactory server, World world)
    {
        var db = server.Get<RoundtableDb>();
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var description = new Dictionary<string, object?>
        {
            ["users"] = db.Users.FindAll().OrderBy(u => u.Id).ToList(),
            ["programs"] = db.Programs.FindAll().OrderBy(p => p.Id).ToList(),
            ["cohorts"] = db.Cohorts.FindAll().OrderBy(c => c.Id).ToList(),
            ["memberships"] = db.Memberships.FindAll().OrderBy(m => m.Id).ToList(),
            ["roundtables"] = db.Roundtables.FindAll().OrderBy(r => r.Id).ToList(),
            ["home"] = await admin.GetFromJsonAsync<JsonElement>("/api/home"),
            ["members"] = await admin.GetFromJsonAsync<JsonElement>($"/api/cohorts/{world.CohortId}/members"),
        };
        var runner = server.Get<RoomCommandRunner>();
        foreach (var roomId in world.RoomIds)
        {
            description[$"room {roomId}"] = await runner.ReadAsync(roomId, s => JsonSerializer.Serialize(s.ToSnapshot(1000, Viewer.Staff), Json.Options));
            description[$"transcript {roomId}"] = await admin.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=json");
        }
        return JsonSerializer.Serialize(description, Json.Options);
    }

    [Fact]
    public async Task AfterARestartOnTheSameDataTheReadModelsAndRoomsAreTheSame()
    {
        string before;
        World world;
        string cookie;
        await using (var first = await StartAsync())
        {
            world = await MakeHistoryAsync(first);
            before = await DescribeAsync(first, world);
            using var browser = first.CreateClient();
            using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = RoundtableFactory.LenaEmail, password = RoundtableFactory.DemoPassword });
            cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        await using var second = await StartAsync();
        Assert.Equal(before, await DescribeAsync(second, world));
        Assert.Contains("still **live**", before);

        // Sign-ins survive too: the token and the cookie from before the restart still work.
        using var withToken = second.ClientWithToken(world.Token);
        Assert.Equal("Cora Coach", (await withToken.GetFromJsonAsync<UserDto>("/api/me", Json.Options))!.DisplayName);
        using var browserAfter = second.CreateClient();
        browserAfter.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal("Lena Learner", (await browserAfter.GetFromJsonAsync<UserDto>("/api/me", Json.Options))!.DisplayName);

        // The rooms carry on where they were.
        await using var coach = await RoomClient.JoinAsync(second, world.Token, world.RoomIds[0]);
        var next = await coach.PostAsync("after the restart");
        Assert.Equal(coach.Joined!.Snapshot.Seq + 1, next.Seq);
        var retry = await coach.PostAsync("still **live**", "c2");
        Assert.Equal(next.Seq + 1, retry.Seq);
    }

    [Fact]
    public async Task ReadModelsRebuiltFromTheLogAloneMatchTheOriginals()
    {
        string before;
        World world;
        await using (var first = await StartAsync())
        {
            world = await MakeHistoryAsync(first);
            before = await DescribeAsync(first, world);
        }

        using (var db = new RoundtableDb(Path.Combine(_dataDirectory, "roundtable.db")))
        {
            db.Users.DeleteAll();
            db.Programs.DeleteAll();
            db.Cohorts.DeleteAll();
            db.Memberships.DeleteAll();
            db.Roundtables.DeleteAll();
            db.Checkpoints.DeleteAll();
        }

        await using var second = await StartAsync();
        Assert.Equal(before, await DescribeAsync(second, world));
        using var anonymous = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task ANodeWhoseLogLostEventsItHadProjectedStaysNotReady()
    {
        await using (var first = await StartAsync())
        {
            await MakeHistoryAsync(first);
        }

        // The log loses its tail (as a Redis restored from an old backup would); the projection is ahead of it.
        using (var db = new RoundtableDb(Path.Combine(_dataDirectory, "roundtable.db")))
        {
            var head = db.Events.Max(e => e.Id);
            Assert.True(db.Events.DeleteMany(e => e.Id > head - 5) == 5);
            // And its write-ahead segments, which would otherwise put the lost events back.
            Directory.Delete(db.SegmentDirectory, recursive: true);
        }

        await using var second = new RoundtableFactory(_dataDirectory, Grace);
        using var client = second.CreateClient();
        // Given time to replay, it still refuses to call itself ready, and stays alive.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
