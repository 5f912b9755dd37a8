using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;
using Roundtable.Server.Rooms;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>Two nodes on one Redis, used as a deployment is: these tests add traffic and nodes but break nothing.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class TwoNodeTests(TwoNodeCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ClientsOnTwoNodesSeeTheSameEventsInTheSameOrder()
    {
        await using var lena = await cluster.ConnectAsync(cluster[0], Accounts.Learners[0]);
        await using var liam = await cluster.ConnectAsync(cluster[1], Accounts.Learners[1]);
        var run = Guid.NewGuid().ToString("N")[..8];

        var seqs = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seqs.Add((await lena.PostAsync($"hello from node 1, #{i}", $"{run}-lena-{i}")).Seq);
            seqs.Add((await liam.PostAsync($"hello from node 2, #{i}", $"{run}-liam-{i}")).Seq);
        }
        var last = seqs.Max();

        // Pushed events only: each node's clients hear the other node's appends through the backplane.
        await lena.WaitForSeqAsync(last, Patience, fillGaps: false);
        await liam.WaitForSeqAsync(last, Patience, fillGaps: false);

        var seenByLena = lena.Events(last);
        var seenByLiam = liam.Events(last);
        Assert.Equal(Enumerable.Range(1, (int)last).Select(n => (long)n), seenByLena.Select(e => e.Seq));
        Assert.Equal(seenByLena, seenByLiam);
        Assert.Equal(seenByLena, (await cluster.ReadLogAsync(cluster[1])).Take((int)last));

        var posted = seenByLena.Select(e => e.Event).OfType<MessagePosted>().Where(m => m.ClientMessageId?.StartsWith(run) == true).ToList();
        Assert.Equal(10, posted.Count);
        Assert.Equal(seqs.Order(), seenByLena.Where(e => e.Event is MessagePosted m && m.ClientMessageId?.StartsWith(run) == true).Select(e => e.Seq));
        Assert.True(lena.PushedEvents >= 5 && liam.PushedEvents >= 5, "events were pushed, not only fetched");
    }

    [Fact]
    public async Task SignInOnOneNodeWorksOnTheOther()
    {
        var (node1, node2) = (cluster[0], cluster[1]);

        // A browser cookie from node 1 is read on node 2 (shared data-protection keys).
        using var login = await node1.Http.PostAsJsonAsync("api/auth/login", new { email = Accounts.Learners[2], password = Accounts.Password });
        login.EnsureSuccessStatusCode();
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using (var me = new HttpRequestMessage(HttpMethod.Get, "api/me"))
        {
            me.Headers.Add("Cookie", cookie);
            using var response = await node2.Http.SendAsync(me);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Accounts.Learners[2], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        }

        // A bearer token from node 2 is accepted on node 1 (shared signing key).
        var token = await node2.TokenAsync(Accounts.Learners[3]);
        using (var response = await node1.Http.SendAsync(node1.Request(HttpMethod.Get, "api/me", token)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Accounts.Learners[3], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        }

        // A write on node 1 reaches node 2's projection.
        var admin = await node1.TokenAsync(Accounts.Admin);
        var name = "Scale-out program " + Guid.NewGuid().ToString("N")[..8];
        using (var created = await node1.Http.SendAsync(node1.Request(HttpMethod.Post, "api/programs", admin, new { name })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var stopwatch = Stopwatch.StartNew();
        var adminOn2 = await node2.TokenAsync(Accounts.Admin);
        while (!(await ProgramNamesAsync(node2, adminOn2)).Contains(name))
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"'{name}' not on node 2 after 15 s");
            await Task.Delay(50);
        }
        output.WriteLine($"program created on node 1 readable on node 2 after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ConcurrentAppendsFromBothNodesAreGapFreeAndDuplicateFree()
    {
        const int perClient = 15; // 30 for the one person with two clients: under the per-person burst, so the limit never refuses
        var run = Guid.NewGuid().ToString("N")[..8];
        var people = Accounts.Learners.Append(Accounts.Coach).Append(Accounts.Manager).ToArray();
        var clients = new List<RoomClient>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                clients.Add(await cluster.ConnectAsync(cluster[i % 2], people[i % people.Length], name: $"client{i}"));
            }

            var stopwatch = Stopwatch.StartNew();
            var sends = clients.SelectMany((client, c) => Enumerable.Range(0, perClient).Select(async i =>
            {
                var id = $"{run}-{c}-{i}";
                return (Id: id, Seq: (await client.PostAsync($"message {i} from {client.Name}", id)).Seq);
            })).ToList();
            var acknowledged = await Task.WhenAll(sends);
            output.WriteLine($"{acknowledged.Length} concurrent messages from {clients.Count} clients on 2 nodes acknowledged in {stopwatch.ElapsedMilliseconds} ms");

            var log = await cluster.ReadLogAsync(cluster[0]);
            Assert.Equal(Enumerable.Range(1, log.Count).Select(n => (long)n), log.Select(e => e.Seq));

            var ours = log.Where(e => e.Event is MessagePosted m && m.ClientMessageId?.StartsWith(run + "-") == true)
                .ToDictionary(e => ((MessagePosted)e.Event).ClientMessageId!, e => e.Seq);
            Assert.Equal(acknowledged.Length, log.Count(e => e.Event is MessagePosted m && m.ClientMessageId?.StartsWith(run + "-") == true));
            Assert.Equal(acknowledged.Select(a => a.Id).Order(), ours.Keys.Order());
            Assert.All(acknowledged, a => Assert.Equal(a.Seq, ours[a.Id]));
            Assert.Equal(acknowledged.Length, acknowledged.Select(a => a.Seq).Distinct().Count());

            // And every client, on either node, ends up holding that same log.
            var last = acknowledged.Max(a => a.Seq);
            foreach (var client in clients)
            {
                await client.WaitForSeqAsync(last, Patience, fillGaps: true);
                Assert.Equal(log.Take((int)last), client.Events(last));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ANodeStartedLaterReplaysAndServesTheFullTranscript()
    {
        var node1 = cluster[0];
        var admin = await node1.TokenAsync(Accounts.Admin);
        var programName = "Replayed program " + Guid.NewGuid().ToString("N")[..8];
        using (var created = await node1.Http.SendAsync(node1.Request(HttpMethod.Post, "api/programs", admin, new { name = programName })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await using (var noor = await cluster.ConnectAsync(cluster[1], Accounts.Learners[2]))
        {
            for (var i = 0; i < 5; i++)
            {
                await noor.PostAsync($"before the new node, **{i}**", Guid.NewGuid().ToString("N"));
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var node3 = await cluster.StartNodeAsync();
        output.WriteLine($"third node ready (replayed the log into an empty LiteDB) in {stopwatch.ElapsedMilliseconds} ms");

        // Ready means replayed: the directory written before it started is there at once, no waiting.
        var adminOn3 = await node3.TokenAsync(Accounts.Admin);
        Assert.Contains(programName, await ProgramNamesAsync(node3, adminOn3));

        // Leaves of earlier tests' clients may still be landing; compare two reads that agree.
        var coach1 = await node1.TokenAsync(Accounts.Coach);
        var coach3 = await node3.TokenAsync(Accounts.Coach);
        string? expected = null, actual = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            expected = await TranscriptAsync(node1, coach1);
            actual = await TranscriptAsync(node3, coach3);
            if (expected == actual)
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.Equal(expected, actual);
        var transcript = JsonDocument.Parse(actual!).RootElement;
        Assert.Equal(Accounts.LiveRoomTitle, transcript.GetProperty("roundtable").GetProperty("title").GetString());
        Assert.Equal("Live", transcript.GetProperty("roundtable").GetProperty("status").GetString());
        Assert.Contains(transcript.GetProperty("events").EnumerateArray(), e => e.GetProperty("event").TryGetProperty("markdown", out var m) && m.GetString() == "before the new node, **4**");

        // Its hub serves the room too.
        await using var theo = await cluster.ConnectAsync(node3, Accounts.Learners[3]);
        var seq = (await theo.PostAsync("from the new node", Guid.NewGuid().ToString("N"))).Seq;
        Assert.Equal(seq, (await cluster.ReadLogAsync(node1)).Single(e => e.Event is MessagePosted { Markdown: "from the new node" }).Seq);
    }

    private async Task<string> TranscriptAsync(ServerNode node, string token)
    {
        using var response = await node.Http.SendAsync(node.Request(HttpMethod.Get, $"api/roundtables/{cluster.LiveRoomId}/transcript?format=json", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<string>> ProgramNamesAsync(ServerNode node, string token)
    {
        using var response = await node.Http.SendAsync(node.Request(HttpMethod.Get, "api/programs", token));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
    }
}
