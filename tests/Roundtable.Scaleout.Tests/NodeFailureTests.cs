using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;
using Roundtable.Server.Rooms;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>Two nodes of their own: this test kills one.</summary>
public sealed class NodeFailureCluster() : Cluster(2);

public sealed class NodeFailureTests(NodeFailureCluster cluster, ITestOutputHelper output) : IClassFixture<NodeFailureCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task KillingANodeMidSessionLosesNothing()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var run = Guid.NewGuid().ToString("N")[..8];
        var lena = await cluster.ConnectAsync(node1, Accounts.Learners[0]);
        var liam = await cluster.ConnectAsync(node1, Accounts.Learners[1]);
        var noor = await cluster.ConnectAsync(node2, Accounts.Learners[2]);
        var theo = await cluster.ConnectAsync(node2, Accounts.Learners[3]);
        // Max's only connection is on node 2 and never comes back: the room must mark him gone.
        var max = await cluster.ConnectAsync(node2, Accounts.Manager);
        RoomClient[] everyone = [lena, liam, noor, theo, max];
        try
        {
            var acknowledged = new List<(string Id, long Seq)>();
            async Task Post(RoomClient client, string text)
            {
                var id = $"{run}-{client.Name}-{text}";
                var seq = (await client.PostAsync(text, id)).Seq;
                lock (acknowledged)
                {
                    acknowledged.Add((id, seq));
                }
            }

            foreach (var client in everyone)
            {
                await Post(client, "before");
            }

            // Node 1's clients keep talking through the failure, at about 5 messages a second each.
            using var stop = new CancellationTokenSource();
            var talkers = new[] { lena, liam }.Select(client => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await Post(client, $"during-{i}");
                    await Task.Delay(200);
                }
            })).ToList();
            // Both are talking (each has had a message acknowledged) before node 2 dies.
            await Eventually.UntilAsync(() =>
            {
                lock (acknowledged)
                {
                    return new[] { lena, liam }.All(c => acknowledged.Any(a => a.Id.StartsWith($"{run}-{c.Name}-during-", StringComparison.Ordinal)));
                }
            }, "both talkers have had a message acknowledged", Patience);

            var killedAt = Stopwatch.StartNew();
            node2.Kill();
            output.WriteLine($"killed {node2.Describe()}");

            // Noor and Theo notice their connection closed and move to node 1: new connection, Join, Catchup from
            // the last seq they saw.
            var noticed = TimeSpan.Zero;
            await Task.WhenAll(new[] { noor, theo }.Select(async client =>
            {
                await client.Closed.WaitAsync(Patience);
                noticed = killedAt.Elapsed > noticed ? killedAt.Elapsed : noticed;
                var lastSeen = client.LastContiguousSeq;
                await client.ReconnectToAsync(node1);
                Assert.True(client.LastContiguousSeq >= lastSeen);
                await Post(client, "after");
            }));
            var recovered = killedAt.Elapsed;
            output.WriteLine($"recovery: clients of the killed node saw their connection close within {noticed.TotalMilliseconds:0} ms, then reconnected to node 1, caught up and had a message acknowledged {recovered.TotalMilliseconds:0} ms after the kill");

            // Max's leave: after the grace period, once node 2's heartbeat has lapsed and node 1's sweeper runs.
            var leaveDeadline = cluster.GracePeriod + cluster.NodeTimeout + cluster.GracePeriod + TimeSpan.FromSeconds(5);
            RoomEventEnvelope? maxLeft = null;
            while (maxLeft is null)
            {
                maxLeft = (await cluster.ReadLogAsync(node1)).FirstOrDefault(e => e.Event is ParticipantLeft l && l.UserId == max.UserId);
                if (maxLeft is null)
                {
                    Assert.True(killedAt.Elapsed < leaveDeadline, $"no ParticipantLeft for the killed node's participant within {leaveDeadline.TotalSeconds:0} s");
                    await Task.Delay(200);
                }
            }
            output.WriteLine($"the killed node's participant was marked left {killedAt.ElapsedMilliseconds} ms after the kill (grace {cluster.GracePeriod.TotalSeconds:0} s, node timeout {cluster.NodeTimeout.TotalSeconds:0} s)");
            Assert.Equal(LeaveReason.Disconnected, ((ParticipantLeft)maxLeft.Event).Reason);

            await stop.CancelAsync();
            await Task.WhenAll(talkers);

            var log = await cluster.ReadLogAsync(node1);
            Assert.Equal(Enumerable.Range(1, log.Count).Select(n => (long)n), log.Select(e => e.Seq));
            var posted = log.Select(e => e.Event).OfType<MessagePosted>().Where(m => m.ClientMessageId?.StartsWith(run) == true).ToList();
            Assert.Equal(posted.Count, posted.Select(m => m.ClientMessageId).Distinct().Count());
            var inLog = log.Where(e => e.Event is MessagePosted).ToDictionary(e => ((MessagePosted)e.Event).ClientMessageId ?? "", e => e.Seq);
            Assert.All(acknowledged, a => Assert.Equal(a.Seq, inLog.GetValueOrDefault(a.Id)));
            Assert.Equal(acknowledged.Count, posted.Count);

            // Everyone still connected ends with the log, exactly.
            foreach (var client in new[] { lena, liam, noor, theo })
            {
                await client.WaitForSeqAsync(log[^1].Seq, Patience, fillGaps: true);
                Assert.Equal(log, client.Events(log[^1].Seq));
            }

            // Noor and Theo moved rather than left: whatever happened in between, they end as participants.
            foreach (var client in new[] { noor, theo })
            {
                var last = log.Last(e => e.Event is ParticipantJoined j && j.UserId == client.UserId || e.Event is ParticipantLeft l && l.UserId == client.UserId);
                Assert.IsType<ParticipantJoined>(last.Event);
            }
            output.WriteLine($"{acknowledged.Count} acknowledged messages, all in the log once; {log.Count} events in the room");
        }
        finally
        {
            foreach (var client in everyone)
            {
                await client.DisposeAsync();
            }
        }
    }
}
