using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// A scaled deployment started without the demo: each node prints a set-up token, any node's token works on the other
/// node, and requests racing on both nodes create exactly one first admin.
/// </summary>
public sealed class FirstRunSetupTwoNodeTests
{
    private static readonly Regex PrintedToken = new(@"set-up token: (\S+)");

    [Fact]
    public async Task ATokenPrintedByOneNodeWorksOnTheOtherAndRacingRequestsCreateOneAdmin()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        var prefix = "rt-setup-" + Guid.NewGuid().ToString("N")[..8];
        var noDemo = new Dictionary<string, string> { ["Seed__DemoData"] = "false" };
        // Started together, as docker compose starts its replicas: both may reach for the shared keys at once.
        await using var node1 = ServerNode.Start("setup-node1", redis, prefix, noDemo);
        await using var node2 = ServerNode.Start("setup-node2", redis, prefix, noDemo);
        await node1.WaitUntilReadyAsync(Cluster.ReadyTimeout);
        await node2.WaitUntilReadyAsync(Cluster.ReadyTimeout);

        var token1 = await WaitForPrintedTokenAsync(node1);
        var token2 = await WaitForPrintedTokenAsync(node2);
        Assert.NotEqual(token1, token2);
        foreach (var node in new[] { node1, node2 })
        {
            Assert.True((await node.Http.GetFromJsonAsync<JsonElement>("api/setup")).GetProperty("open").GetBoolean());
            // Nothing known signs in: no demo, no default admin.
            using var demo = await node.Http.PostAsJsonAsync("api/auth/token", new { email = Accounts.Admin, password = Accounts.Password });
            Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        }

        // Node 1's token on node 2 and node 2's on node 1, at the same time, several times over.
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            var (node, token) = i % 2 == 0 ? (node2, token1) : (node1, token2);
            using var response = await node.Http.PostAsJsonAsync("api/setup",
                new { token, email = $"founder{i}@example.org", displayName = $"Founder {i}", password = "lantern orchard mosaic" });
            return (Index: i, response.StatusCode);
        });
        var outcomes = await Task.WhenAll(attempts);

        var created = Assert.Single(outcomes, o => o.StatusCode == HttpStatusCode.Created);
        Assert.All(outcomes.Where(o => o != created), o => Assert.Equal(HttpStatusCode.Conflict, o.StatusCode));
        foreach (var node in new[] { node1, node2 })
        {
            Assert.False((await node.Http.GetFromJsonAsync<JsonElement>("api/setup")).GetProperty("open").GetBoolean());
            // The one admin signs in on either node; the others were never created.
            using var admin = await node.Http.PostAsJsonAsync("api/auth/token", new { email = $"founder{created.Index}@example.org", password = "lantern orchard mosaic" });
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            foreach (var loser in outcomes.Where(o => o != created))
            {
                using var none = await node.Http.PostAsJsonAsync("api/auth/token", new { email = $"founder{loser.Index}@example.org", password = "lantern orchard mosaic" });
                Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            }
        }
    }

    private static async Task<string> WaitForPrintedTokenAsync(ServerNode node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (PrintedToken.Match(node.Logs()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{node.Describe()} printed no set-up token.\n{node.Logs()}");
    }
}
