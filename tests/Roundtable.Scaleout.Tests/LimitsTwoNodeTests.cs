using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>Two nodes of their own with small per-person limits. Each test uses its own demo account.</summary>
public sealed class LimitedCluster() : Cluster(2, settings: new Dictionary<string, string>
{
    ["Limits__CommandBurst"] = "10",
    ["Limits__CommandsPerSecond"] = "0.2",
    ["Limits__CatchupCost"] = "1",
    ["Limits__ConnectionsPerUser"] = "2",
    ["Limits__ApiWriteBurst"] = "4",
    ["Limits__ApiWritesPerSecond"] = "0.1",
    ["Limits__SignInFailuresBeforeLockout"] = "3",
});

/// <summary>A person's allowance, open connections, HTTP writes and failed sign-ins are counted once for the deployment, not per node.</summary>
public sealed class LimitsTwoNodeTests(LimitedCluster cluster) : IClassFixture<LimitedCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task OnePersonsConnectionsOnBothNodesShareOneAllowance()
    {
        // Join and catch-up on each node: 4 of Lena's 10 tokens.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var onNode1 = await cluster.ConnectAsync(cluster[0], Accounts.Learners[0]);
        await using var onNode2 = await cluster.ConnectAsync(cluster[1], Accounts.Learners[0]);
        var run = Guid.NewGuid().ToString("N")[..8];

        var results = await Task.WhenAll(new[] { onNode1, onNode2 }.SelectMany(client => Enumerable.Range(0, 10).Select(async i =>
        {
            var id = $"{run}-{client.Node.Name}-{i}";
            try
            {
                await client.PostAsync($"flood {i} via {client.Node.Name}", id);
                return (Id: id, Error: (string?)null);
            }
            catch (HubException ex)
            {
                return (Id: id, Error: ex.Message);
            }
        })));

        // 6 tokens, plus the 0.2 a second that came back while connecting and flooding (one more per 5 s on a busy
        // machine): per node, each connection would have had 10.
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 0.2);
        var accepted = results.Where(r => r.Error is null).Select(r => r.Id).ToHashSet();
        Assert.InRange(accepted.Count, 6, Math.Min(10, 6 + refilled));
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Contains("Slow down", r.Error));
        var log = await cluster.ReadLogAsync(cluster[1]);
        Assert.Equal(accepted, log.Select(e => e.Event).OfType<MessagePosted>().Select(m => m.ClientMessageId ?? "").Where(id => id.StartsWith(run)).ToHashSet());
    }

    [Fact]
    public async Task APersonsOpenConnectionsAreCountedOverBothNodes()
    {
        var liam = Accounts.Learners[1];
        var onNode1 = await cluster.ConnectAsync(cluster[0], liam);
        await using var onNode2 = await cluster.ConnectAsync(cluster[1], liam);
        try
        {
            foreach (var node in cluster.Nodes)
            {
                var refused = await Assert.ThrowsAsync<HttpRequestException>(() => RoomClient.ConnectAsync(node, liam, cluster.LiveRoomId, "one too many"));
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            }
        }
        finally
        {
            await onNode1.DisposeAsync();
        }

        // Closing the one on node 1 makes room on node 2.
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await using var again = await cluster.ConnectAsync(cluster[1], liam);
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task ConnectionsOpenedAllAtOnceOnBothNodesStopAtTheCap()
    {
        // Most get past negotiation together; the WebSocket requests are then counted one by one (across nodes, in
        // Redis) and those beyond the cap refused with 429 before they open.
        var token = await cluster[0].TokenAsync(Accounts.Manager);
        var connections = Enumerable.Range(0, 8).Select(i => HubConnections.Build(cluster[i % 2].BaseAddress, token)).ToList();
        var open = new List<HubConnection>();
        await Task.WhenAll(connections.Select(async connection =>
        {
            try
            {
                await connection.StartAsync();
                lock (open)
                {
                    open.Add(connection);
                }
            }
            catch (Exception ex) when (ex is not HubException)
            {
            }
        }));
        try
        {
            Assert.Equal(2, open.Count);
            foreach (var connection in open)
            {
                Assert.Contains("<strong>", await connection.InvokeAsync<string>("PreviewMarkdown", "**still open**"));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task APersonsHttpWritesAreCountedOverBothNodes()
    {
        var noor = new[] { await cluster[0].TokenAsync(Accounts.Learners[2]), await cluster[1].TokenAsync(Accounts.Learners[2]) };
        for (var i = 0; i < 4; i++)
        {
            using var ok = await PreviewAsync(cluster[i % 2], noor[i % 2]);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        foreach (var (node, token) in cluster.Nodes.Zip(noor))
        {
            using var refused = await PreviewAsync(node, token);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
            Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        }
        using var coach = await PreviewAsync(cluster[1], await cluster[1].TokenAsync(Accounts.Coach));
        Assert.Equal(HttpStatusCode.OK, coach.StatusCode);
    }

    private static Task<HttpResponseMessage> PreviewAsync(ServerNode node, string token) =>
        node.Http.SendAsync(node.Request(HttpMethod.Post, "api/markdown/preview", token, new { markdown = "**bold**" }));

    [Fact]
    public async Task FailedSignInsOnOneNodeLockTheAccountOnTheOther()
    {
        var theo = Accounts.Learners[3];
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await cluster[0].Http.PostAsJsonAsync("api/auth/token", new { email = theo, password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var right = await cluster[1].Http.PostAsJsonAsync("api/auth/login", new { email = theo, password = Accounts.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(int.Parse(right.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal("Sign-in paused", (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        using var other = await cluster[1].Http.PostAsJsonAsync("api/auth/login", new { email = Accounts.Manager, password = Accounts.Password });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}

/// <summary>One node of its own, whose Redis goes away.</summary>
public sealed class LimitedNodeCluster() : Cluster(1, settings: new Dictionary<string, string>
{
    ["Limits__CommandBurst"] = "10",
    ["Limits__CommandsPerSecond"] = "0.2",
});

public sealed class LimitsWithoutRedisTests(LimitedNodeCluster cluster) : IClassFixture<LimitedNodeCluster>
{
    [Fact]
    public async Task WhileRedisIsAwayTheNodeStillLimitsOnItsOwnAndSaysSoOnce()
    {
        var node = cluster[0];
        await using var lena = await RoomClient.ConnectAsync(node, Accounts.Learners[0], cluster.LiveRoomId, "lena");
        await cluster.Redis.KillAsync();
        try
        {
            var served = 0;
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await lena.PreviewAsync($"preview {i}");
                    served++;
                }
                catch (HubException ex)
                {
                    Assert.Contains("Slow down", ex.Message);
                }
            }
            Assert.InRange(served, 10, 11);
            // The console logger writes in the background: wait for the line, then check there is only the one.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Occurrences(node.Logs(), "Redis unreachable for limits") == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.Equal(1, Occurrences(node.Logs(), "Redis unreachable for limits"));
        }
        finally
        {
            await cluster.Redis.StartAsync();
        }
    }

    private static int Occurrences(string text, string what) => text.Split(what).Length - 1;
}
