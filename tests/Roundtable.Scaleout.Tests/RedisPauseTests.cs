using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// Two nodes of their own, with a short gate timeout (2 s) so the bound on an answer is tight, and limits out of the way
/// (a dozen writers share five people). Redis keeps the default 3 s command timeout.
/// </summary>
public sealed class RedisPauseCluster() : Cluster(2, settings: new Dictionary<string, string>
{
    ["Rooms__GateTimeout"] = "00:00:02",
    ["Limits__CommandsPerSecond"] = "1000",
    ["Limits__CommandBurst"] = "1000",
})
{
    public static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(3);
}

/// <summary>
/// Redis frozen (SIGSTOP) for 40 s under a dozen writers on two nodes: longer than the client library takes to give up
/// on the silent socket and start refusing commands itself (four command timeouts), which is when nodes used to exit.
/// </summary>
public sealed class RedisPauseTests(RedisPauseCluster cluster, ITestOutputHelper output) : IClassFixture<RedisPauseCluster>
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a call may take while Redis is frozen: its limit check (one command timeout, then the node counts on
    /// its own), its wait for the room's turn, and up to two store commands under the gate (a call that was under way
    /// when Redis froze), plus slack for a busy 2-core machine.
    /// </summary>
    private static readonly TimeSpan AnswerBound =
        RedisPauseCluster.GateTimeout + RedisPauseCluster.CommandTimeout * 3 + TimeSpan.FromSeconds(4);

    private enum Outcome { Acknowledged, NothingSaved, Unknown, Other }

    private sealed record Call(string Id, string Text, RoomClient Client, DateTime Start, TimeSpan Took, Outcome Outcome, long Seq, string Message);

    [Fact]
    public async Task NodesOutliveALongRedisPauseAnswerWithinABoundAndStoreEachAcknowledgedMessageOnce()
    {
        var nodes = cluster.Nodes;
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] people = [.. Accounts.Learners, Accounts.Coach];
        var writers = new List<RoomClient>();
        for (var i = 0; i < 12; i++)
        {
            writers.Add(await cluster.ConnectAsync(nodes[i % 2], people[i % people.Length], name: $"w{i}@{nodes[i % 2].Name}"));
        }

        var calls = new ConcurrentQueue<Call>();
        var exits = new ConcurrentQueue<string>();
        var health = new ConcurrentQueue<(string Node, DateTime At, HttpStatusCode? Status)>();
        using var stop = new CancellationTokenSource();

        // Watch the processes the whole time, not only at the end: a node that dies is what this test is about.
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var node in nodes.Where(n => n.HasExited && !exits.Any(e => e.StartsWith(n.Name + " "))))
                {
                    exits.Enqueue($"{node.Name} exited at {DateTime.UtcNow:HH:mm:ss.fff}");
                }
                await Task.Delay(100);
            }
        });
        var healthPoller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var node in nodes)
                {
                    health.Enqueue((node.Name, DateTime.UtcNow, await ReadinessAsync(node)));
                }
                await Task.Delay(250);
            }
        });
        var talkers = writers.Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                calls.Enqueue(await PostAsync(writer, $"{run}-{writer.Name}-{i}", $"message {i} from {writer.Name}"));
                await Task.Delay(100);
            }
        })).ToList();

        try
        {
            await WaitUntilAsync(() => writers.All(w => calls.Any(c => c.Client == w && c.Outcome == Outcome.Acknowledged)), "every writer acknowledged before the pause");

            cluster.Redis.Pause();
            var pausedAt = DateTime.UtcNow;
            try
            {
                output.WriteLine($"redis-server paused (SIGSTOP) at {pausedAt:HH:mm:ss.fff} for {Pause.TotalSeconds:0} s");
                // The fault itself lasts a fixed time; everything after it waits on conditions.
                await Task.Delay(Pause);
            }
            finally
            {
                cluster.Redis.Resume();
            }
            var resumedAt = DateTime.UtcNow;
            output.WriteLine($"redis-server resumed (SIGCONT) at {resumedAt:HH:mm:ss.fff}");

            await WaitUntilAsync(() => nodes.All(n => calls.Any(c => c.Client.Node == n && c.Start > resumedAt && c.Outcome == Outcome.Acknowledged)),
                "both nodes acknowledging writes again after the pause");
            var recovered = DateTime.UtcNow;
            output.WriteLine($"both nodes acknowledged writes again {(recovered - resumedAt).TotalSeconds:0.0} s after SIGCONT");
            await WaitUntilAsync(() => nodes.All(n => health.Any(h => h.Node == n.Name && h.At > resumedAt && h.Status == HttpStatusCode.OK)),
                "both nodes ready again after the pause");
            await stop.CancelAsync();
            await Task.WhenAll([.. talkers, watcher, healthPoller]);

            Assert.True(exits.IsEmpty, $"{string.Join("; ", exits)}\n{Logs()}");
            Assert.All(nodes, n => Assert.False(n.HasExited, $"{n.Describe()} exited\n{Logs()}"));

            var all = calls.ToList();
            var slowest = all.OrderByDescending(c => c.Took).First();
            output.WriteLine($"{all.Count} calls: {Count(all, Outcome.Acknowledged)} acknowledged, {Count(all, Outcome.NothingSaved)} refused as not saved, "
                + $"{Count(all, Outcome.Unknown)} outcome unknown, {Count(all, Outcome.Other)} other; slowest answer {slowest.Took.TotalSeconds:0.00} s ({slowest.Outcome}: {slowest.Message})");
            var during = all.Where(c => c.Start >= pausedAt && c.Start < resumedAt).ToList();
            output.WriteLine($"during the pause: {during.Count} calls answered, slowest {during.Max(c => c.Took).TotalSeconds:0.00} s, "
                + $"median {during.OrderBy(c => c.Took).ElementAt(during.Count / 2).Took.TotalSeconds:0.00} s; "
                + string.Join(", ", during.GroupBy(c => Reason(c.Message)).Select(g => $"{g.Count()}× \"{g.Key}\"")));

            // Every call answered within the bound, and with one of the clear answers.
            Assert.All(all, c => Assert.True(c.Took <= AnswerBound, $"{c.Id} took {c.Took.TotalSeconds:0.0} s (bound {AnswerBound.TotalSeconds:0} s): {c.Outcome} {c.Message}"));
            var others = all.Where(c => c.Outcome == Outcome.Other).Select(c => $"{c.Id} at {c.Start:HH:mm:ss.fff}: {c.Message}").ToList();
            Assert.True(others.Count == 0, $"{string.Join("\n", others)}\n{Logs()}");
            // Each writer keeps being answered throughout: several answers per writer during the pause.
            Assert.All(writers, w => Assert.True(during.Count(c => c.Client == w) >= 3, $"{w.Name} had {during.Count(c => c.Client == w)} answers during the pause"));

            // Ready while Redis answered, unready while it was frozen, ready again once it answered again.
            foreach (var node in nodes)
            {
                var samples = health.Where(h => h.Node == node.Name).ToList();
                var unready = samples.Where(h => h.At > pausedAt && h.At < resumedAt && h.Status == HttpStatusCode.ServiceUnavailable).ToList();
                Assert.True(unready.Count > 0, $"{node.Name} never reported unready during the pause");
                var firstUnready = unready.Min(h => h.At);
                output.WriteLine($"{node.Name}: unready {(firstUnready - pausedAt).TotalSeconds:0.0} s into the pause, ready again "
                    + $"{(samples.Where(h => h.At > resumedAt && h.Status == HttpStatusCode.OK).Min(h => h.At) - resumedAt).TotalSeconds:0.0} s after it");
                Assert.True(firstUnready - pausedAt < TimeSpan.FromSeconds(15), $"{node.Name} reported unready only {(firstUnready - pausedAt).TotalSeconds:0.0} s into the pause");
                Assert.DoesNotContain(samples, h => h.At > firstUnready + TimeSpan.FromSeconds(1) && h.At < resumedAt && h.Status != HttpStatusCode.ServiceUnavailable);
                Assert.DoesNotContain(samples, h => h.Status is null);
            }

            // An unknown outcome is settled by sending again with the same client id: the stored seq if it was stored.
            var retried = new Dictionary<string, long>();
            foreach (var unknown in all.Where(c => c.Outcome == Outcome.Unknown))
            {
                retried[unknown.Id] = (await unknown.Client.PostAsync(unknown.Text, unknown.Id)).Seq;
            }

            var log = await cluster.ReadLogAsync(nodes[1]);
            Assert.Equal(Enumerable.Range(1, log.Count).Select(n => (long)n), log.Select(e => e.Seq));
            var stored = log.Where(e => e.Event is MessagePosted m && m.ClientMessageId?.StartsWith(run) == true)
                .GroupBy(e => ((MessagePosted)e.Event).ClientMessageId!)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Seq).ToList());
            Assert.All(stored, s => Assert.True(s.Value.Count == 1, $"{s.Key} stored {s.Value.Count} times: seqs {string.Join(", ", s.Value)}"));
            Assert.All(all.Where(c => c.Outcome == Outcome.Acknowledged), c => Assert.Equal([c.Seq], stored.GetValueOrDefault(c.Id)));
            Assert.All(all.Where(c => c.Outcome == Outcome.NothingSaved), c => Assert.False(stored.ContainsKey(c.Id), $"{c.Id} was stored at seq {stored.GetValueOrDefault(c.Id)?[0]} though its sender was told: {c.Message}"));
            Assert.All(retried, r => Assert.Equal([r.Value], stored.GetValueOrDefault(r.Key)));
            foreach (var node in nodes)
            {
                // What an operator sees: each area reports the outage once, not once per failed attempt.
                var lines = node.Logs().Split('\n').Where(l => l.StartsWith("warn:") || l.StartsWith("fail:") || l.StartsWith("crit:"));
                output.WriteLine($"{node.Name} log: " + string.Join(", ", lines.GroupBy(l => l).Select(g => $"{g.Count()}× {g.Key}")));
            }
            output.WriteLine($"audit: {stored.Count} messages of this run in the log, each once; {retried.Count} unknown outcomes settled by a retry with the same id");
        }
        finally
        {
            await stop.CancelAsync();
            if (cluster.Redis.IsRunning)
            {
                cluster.Redis.Resume();
            }
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private static async Task<Call> PostAsync(RoomClient writer, string id, string text)
    {
        var start = DateTime.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // Far past any bound: a call that hangs is recorded as such instead of stalling the writer forever.
            var seq = (await writer.PostAsync(text, id).WaitAsync(TimeSpan.FromSeconds(90))).Seq;
            return new Call(id, text, writer, start, stopwatch.Elapsed, Outcome.Acknowledged, seq, "");
        }
        catch (HubException ex)
        {
            var outcome = ex.Message.Contains("nothing was saved") || ex.Message.Contains("nothing was changed") ? Outcome.NothingSaved
                : ex.Message.Contains("could not confirm whether your change was saved") ? Outcome.Unknown
                : Outcome.Other;
            return new Call(id, text, writer, start, stopwatch.Elapsed, outcome, 0, ex.Message);
        }
        catch (Exception ex)
        {
            return new Call(id, text, writer, start, stopwatch.Elapsed, Outcome.Other, 0, $"{ex.GetType().Name}: {ex.Message} (connection {writer.State})");
        }
    }

    private static async Task<HttpStatusCode?> ReadinessAsync(ServerNode node)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await node.Http.GetAsync("health/ready", timeout.Token);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.UntilAsync(condition, what, Patience, () => cluster.Nodes.FirstOrDefault(n => n.HasExited) is { } dead ? $"{dead.Describe()} exited\n{Logs()}" : null);

    private static int Count(List<Call> calls, Outcome outcome) => calls.Count(c => c.Outcome == outcome);

    private static string Reason(string message)
    {
        const string Marker = "HubException: ";
        var at = message.LastIndexOf(Marker, StringComparison.Ordinal);
        return message.Length == 0 ? "acknowledged" : at < 0 ? message : message[(at + Marker.Length)..];
    }

    private string Logs() => string.Join("\n", cluster.Nodes.Select(n => n.Logs()));
}
