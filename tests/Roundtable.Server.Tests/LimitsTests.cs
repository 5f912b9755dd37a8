using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Rooms;
using Roundtable.Server.Limits;
using Roundtable.Server.Notes;
using Roundtable.Server.Notifications;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Per-person limits through the real server: one allowance for all of a person's connections, a cap on their open
/// connections, costlier catch-up and preview, HTTP writes, and refusals logged once.
/// Each test runs its own server with small limits on a clock that stands still unless the test moves it, so the
/// counts are exact and nothing waits on real time.
/// </summary>
public sealed class LimitsTests
{
    internal static async Task<(RoundtableFactory Server, FakeTimeProvider Clock)> StartAsync(Dictionary<string, string> limits, TestLogs? logs = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = limits.ToDictionary(kv => $"Limits:{kv.Key}", kv => kv.Value);
        var server = await new RoundtableFactory(settings: settings, time: clock, logs: logs).StartAsync();
        return (server, clock);
    }

    private static async Task<string> SlowDownAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<HubException>(call);
        Assert.Contains("Slow down", refused.Message);
        return refused.Message;
    }

    [Fact]
    public async Task APersonsConnectionsShareOneAllowanceAndOtherPeopleKeepTheirs()
    {
        var (server, clock) = await StartAsync(new() { ["CommandBurst"] = "6", ["CommandsPerSecond"] = "1", ["CatchupCost"] = "1" });
        await using var _ = server;
        var (_, roomId) = await server.SeededCohortAsync();
        var lenaToken = await server.TokenAsync(RoundtableFactory.LenaEmail);
        // Join and its catch-up: 2 tokens on each connection, 4 of Lena's 6.
        await using var first = await RoomClient.JoinAsync(server, lenaToken, roomId);
        await using var second = await RoomClient.JoinAsync(server, lenaToken, roomId);
        var before = await LogReader.RoomVersionAsync(server, roomId);

        await first.PostAsync("one from the first page");
        await second.PostAsync("one from the second page");
        // Each connection has made only four calls, but the person has used all six tokens.
        await SlowDownAsync(() => first.PostAsync("a third"));
        var message = await SlowDownAsync(() => second.PostAsync("a fourth"));
        Assert.Contains("try again in a second", message);
        Assert.Equal(before + 2, await LogReader.RoomVersionAsync(server, roomId));

        await using var liam = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        await liam.PostAsync("Liam is not held back by Lena");

        clock.Advance(TimeSpan.FromSeconds(1));
        await second.PostAsync("one more a second later");
        await SlowDownAsync(() => first.PostAsync("and no more than that"));
        Assert.Equal(HubConnectionState.Connected, first.Connection.State);
        Assert.Equal(HubConnectionState.Connected, second.Connection.State);
    }

    [Fact]
    public async Task AConnectionBeyondThePersonsCapIsRefusedWithAClearErrorOnEachHub()
    {
        var (server, _) = await StartAsync(new() { ["ConnectionsPerUser"] = "2" });
        await using var _ = server;
        var lenaToken = await server.TokenAsync(RoundtableFactory.LenaEmail);
        var lenaId = (await (await server.ClientAsAsync(RoundtableFactory.LenaEmail)).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
        var limits = server.Get<UserLimits>();
        await using var first = await RoomClient.ConnectAsync(server, lenaToken);
        await using var second = await RoomClient.ConnectAsync(server, lenaToken);
        // A connection is counted once the hub has accepted it, just after the client's start completes.
        await WaitUntilAsync(async () => await limits.OpenConnectionsAsync(nameof(RoomHub), lenaId) == 2, "both are counted");

        await using (var third = RoomClient.Build(server, lenaToken))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => third.StartAsync());
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }
        using (var http = server.ClientWithToken(lenaToken))
        using (var negotiate = await http.PostAsync($"{RoomsPaths.Hub}/negotiate?negotiateVersion=1", null))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, negotiate.StatusCode);
            Assert.Equal("application/problem+json", negotiate.Content.Headers.ContentType?.MediaType);
            var problem = await negotiate.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Too many connections", problem.GetProperty("title").GetString());
            Assert.Contains("Close a page", problem.GetProperty("detail").GetString());
        }

        // The other hub counts on its own, and other people are not affected.
        await using var notifications1 = RoomClient.Build(server, lenaToken, NotificationsHub.Path);
        await using var notifications2 = RoomClient.Build(server, lenaToken, NotificationsHub.Path);
        await using var notifications3 = RoomClient.Build(server, lenaToken, NotificationsHub.Path);
        await notifications1.StartAsync();
        await notifications2.StartAsync();
        await WaitUntilAsync(async () => await limits.OpenConnectionsAsync(nameof(NotificationsHub), lenaId) == 2, "both are counted");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Assert.ThrowsAsync<HttpRequestException>(() => notifications3.StartAsync())).StatusCode);
        await using var liam = await RoomClient.ConnectAsync(server, await server.TokenAsync(RoundtableFactory.LiamEmail));

        // A closed connection frees its place.
        await second.DisposeAsync();
        await WaitUntilAsync(async () => await limits.OpenConnectionsAsync(nameof(RoomHub), lenaId) == 1, "Lena's closed connection is no longer counted");
        await using var again = await RoomClient.ConnectAsync(server, lenaToken);
        Assert.Equal(HubConnectionState.Connected, again.Connection.State);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task ConnectionsOpenedAllAtOnceStillStopAtTheCap(HttpTransportType transport)
    {
        var (server, _) = await StartAsync(new() { ["ConnectionsPerUser"] = "3" });
        await using var _ = server;
        var lenaToken = await server.TokenAsync(RoundtableFactory.LenaEmail);
        var connections = Enumerable.Range(0, 12).Select(_ => Connection(server, lenaToken, transport)).ToList();
        try
        {
            // Started together, most get past negotiation before any is counted. A WebSocket beyond the cap is then
            // refused with 429 before it opens; a long-polling one is closed by the hub as soon as it connects.
            var refused = 0;
            await Task.WhenAll(connections.Select(async c =>
            {
                try
                {
                    await c.StartAsync();
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or AggregateException)
                {
                    Interlocked.Increment(ref refused);
                }
            }));
            if (transport == HttpTransportType.WebSockets)
            {
                Assert.Equal(9, refused);
            }
            await WaitUntilAsync(() => Task.FromResult(connections.Count(c => c.State == HubConnectionState.Connected) == 3), "three connections stay open");
            foreach (var open in connections.Where(c => c.State == HubConnectionState.Connected))
            {
                await open.InvokeAsync<string>("PreviewMarkdown", "still *working*");
            }
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static HubConnection Connection(RoundtableFactory factory, string token, HttpTransportType transport) =>
        RoomClient.Build(factory, token, transports: transport);

    [Fact]
    public async Task AFloodIsThrottledWithNothingPartialStoredAndTheConnectionRecovers()
    {
        var (server, clock) = await StartAsync(new() { ["CommandBurst"] = "20", ["CommandsPerSecond"] = "10" });
        await using var _ = server;
        var (_, roomId) = await server.SeededCohortAsync();
        await using var coach = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        var attempts = Enumerable.Range(0, 60).Select(async i =>
        {
            try
            {
                await lena.PostAsync($"flood {i}");
                return (Text: $"flood {i}", Error: (string?)null);
            }
            catch (HubException ex)
            {
                return (Text: $"flood {i}", Error: ex.Message);
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);

        // Join and its catch-up took 1 + 3 of Lena's 20 tokens.
        var accepted = results.Where(r => r.Error is null).Select(r => r.Text).ToHashSet();
        Assert.Equal(16, accepted.Count);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Contains("Slow down", r.Error));
        var stored = (await LogReader.RoomEventsAsync(server, roomId)).Of<MessagePosted>().Select(m => m.Markdown).Where(m => m.StartsWith("flood ")).ToList();
        Assert.Equal(accepted, stored.ToHashSet());
        Assert.Equal(accepted.Count, stored.Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HubConnectionState.Connected, lena.Connection.State);
        var after = await lena.PostAsync("after the pause");
        await coach.WaitForSeqAsync(after.Seq);
    }

    [Fact]
    public async Task ACatchupFloodIsThrottledForTheFlooderWhileOthersCarryOn()
    {
        var (server, _) = await StartAsync(new() { ["CommandBurst"] = "20", ["CommandsPerSecond"] = "1", ["CatchupCost"] = "5" });
        await using var _ = server;
        var (_, roomId) = await server.SeededCohortAsync();
        // Join (1) and its catch-up (5): 14 of Lena's 20 tokens are left.
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var liam = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LiamEmail), roomId);

        var served = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await lena.Connection.InvokeAsync<CatchupResult>("Catchup", roomId, 0L);
                served++;
            }
            catch (HubException ex)
            {
                Assert.Contains("Slow down", ex.Message);
            }
        }
        Assert.Equal(2, served);

        // The 4 tokens left still pay for 4 chat messages, a catch-up's worth of them costing one each.
        for (var i = 0; i < 4; i++)
        {
            await lena.PostAsync($"cheap call {i}");
        }
        await SlowDownAsync(() => lena.PostAsync("one too many"));

        await liam.CatchupAsync(0);
        var posted = await liam.PostAsync("Liam carries on");
        await lena.WaitForSeqAsync(posted.Seq);
    }

    [Fact]
    public async Task APreviewCostsByItsLength()
    {
        var (server, _) = await StartAsync(new() { ["CommandBurst"] = "20", ["CommandsPerSecond"] = "1", ["PreviewCharactersPerToken"] = "1024" });
        await using var _ = server;
        await using var lena = await RoomClient.ConnectAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail));
        var large = string.Join("\n\n", Enumerable.Repeat(new string('a', 78), 100)); // 7,998 characters: 1 + 7 tokens

        await lena.Connection.InvokeAsync<string>("PreviewMarkdown", large);
        await lena.Connection.InvokeAsync<string>("PreviewMarkdown", large);
        await SlowDownAsync(() => lena.Connection.InvokeAsync<string>("PreviewMarkdown", large));
        for (var i = 0; i < 4; i++)
        {
            await lena.Connection.InvokeAsync<string>("PreviewMarkdown", "*small*");
        }
        await SlowDownAsync(() => lena.Connection.InvokeAsync<string>("PreviewMarkdown", "*small*"));

        await using var liam = await RoomClient.ConnectAsync(server, await server.TokenAsync(RoundtableFactory.LiamEmail));
        Assert.Contains("<p>", await liam.Connection.InvokeAsync<string>("PreviewMarkdown", large));
    }

    [Fact]
    public async Task AnHttpWriteFloodGets429WithRetryAfterForThatPersonOnly()
    {
        var (server, clock) = await StartAsync(new() { ["ApiWriteBurst"] = "5", ["ApiWritesPerSecond"] = "1" });
        await using var _ = server;
        var (_, roomId) = await server.SeededCohortAsync();
        using var lena = await server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var liam = await server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var path = $"/api/roundtables/{roomId}/my-note";

        long version = 0;
        for (var i = 0; i < 5; i++)
        {
            version = await SaveNoteAsync(lena, path, version, $"note {i}");
        }
        using (var refused = await lena.PutAsJsonAsync(path, new { baseVersion = version, markdown = "one too many" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.Contains("try again in a second", problem.GetProperty("detail").GetString());
        }
        Assert.Equal("note 4", (await lena.GetFromJsonAsync<PrivateNoteDto>(path, Json.Options))!.Markdown);
        await SaveNoteAsync(liam, path, 0, "Liam's own note");

        clock.Advance(TimeSpan.FromSeconds(1));
        await SaveNoteAsync(lena, path, version, "a second later");
    }

    private static async Task<long> SaveNoteAsync(HttpClient client, string path, long baseVersion, string markdown)
    {
        using var response = await client.PutAsJsonAsync(path, new { baseVersion, markdown });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PrivateNoteDto>(Json.Options))!.Version;
    }

    [Fact]
    public async Task RefusalsAreLoggedOnceAWindowAtWarningNeverAsErrors()
    {
        var logs = new TestLogs();
        var (server, clock) = await StartAsync(new()
        {
            ["CommandBurst"] = "3", ["CommandsPerSecond"] = "0.01", ["ApiWriteBurst"] = "1", ["ApiWritesPerSecond"] = "0.01",
        }, logs);
        await using var _ = server;
        var (_, roomId) = await server.SeededCohortAsync();
        var lenaToken = await server.TokenAsync(RoundtableFactory.LenaEmail);
        await using var lena = await RoomClient.ConnectAsync(server, lenaToken);
        var lenaId = (await (await server.ClientAsAsync(RoundtableFactory.LenaEmail)).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
        var startUp = logs.Entries.Count; // before it is ready, the health check logs "unhealthy" at Error

        for (var i = 0; i < 3; i++)
        {
            await lena.Connection.InvokeAsync<string>("PreviewMarkdown", "fine");
        }
        for (var i = 0; i < 10; i++)
        {
            await SlowDownAsync(() => lena.Connection.InvokeAsync<string>("PreviewMarkdown", "refused"));
        }
        using var http = server.ClientWithToken(lenaToken);
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.PutAsJsonAsync($"/api/roundtables/{roomId}/my-note", new { baseVersion = 0, markdown = "x" });
            Assert.Equal(i == 0 ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        var refusals = Refusals(logs);
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.All(refusals, r => Assert.Equal($"user {lenaId}", r.Values["Who"]));
        Assert.Equal([LimitKind.Commands, LimitKind.ApiWrites], refusals.Select(r => (LimitKind)r.Values["Kind"]!));
        Assert.DoesNotContain(logs.Entries.Skip(startUp), e => e.Level >= LogLevel.Error);

        // The next window reports again, with the count of those that went unreported.
        clock.Advance(TimeSpan.FromMinutes(1));
        await SlowDownAsync(() => lena.Connection.InvokeAsync<string>("PreviewMarkdown", "refused again"));
        refusals = Refusals(logs);
        Assert.Equal(3, refusals.Count);
        Assert.Equal(9L, refusals[^1].Values["Unreported"]);
        Assert.DoesNotContain(logs.Entries.Skip(startUp), e => e.Level >= LogLevel.Error);
    }

    private static List<LogEntry> Refusals(TestLogs logs) => logs.Entries.Where(e => e.EventId.Id == 6001).ToList();

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(condition, what, RoomClient.Timeout);
}
