using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;
using Roundtable.Server.Rooms;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// Two nodes that keep little in Redis: the newest 150 events (a few more than the demo seed, so the second node
/// still finds the whole log when it starts), no age retention, trimmed every half second. A node counts as live for
/// 15 s after its last heartbeat, so a node paused for a few seconds still holds trimming back.
/// </summary>
public sealed class LogTrimCluster() : Cluster(2, nodeTimeout: TimeSpan.FromSeconds(15), settings: LogTrimSettings.Small);

internal static class LogTrimSettings
{
    public const int RetainEvents = 150;

    public static readonly Dictionary<string, string> Small = new()
    {
        ["Redis__RetainEvents"] = RetainEvents.ToString(),
        ["Redis__RetainFor"] = "00:00:00",
        ["Redis__TrimInterval"] = "00:00:00.500",
        // These tests write hundreds of messages as fast as they can; the per-person limit is not what they test.
        ["Limits__CommandsPerSecond"] = "10000",
        ["Limits__CommandBurst"] = "10000",
        ["Limits__ApiWritesPerSecond"] = "10000",
        ["Limits__ApiWriteBurst"] = "10000",
    };

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Waits for <paramref name="condition"/>, failing with <paramref name="what"/> and the last state seen.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? state = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Patience)
            {
                Assert.Fail($"Not within {Patience.TotalSeconds:0} s: {what}. {(state is null ? "" : await state())}");
            }
            await Task.Delay(100);
        }
    }

    public static async Task<string> StartedRoomAsync(Cluster cluster, ServerNode node, string title)
    {
        var roomId = await Cluster.NewRoundtableAsync(node, title);
        await using var coach = await cluster.ConnectAsync(node, Accounts.Coach, roomId);
        await coach.InvokeAsync<object>("StartRoundtable", roomId);
        return roomId;
    }
}

public sealed class LogTrimTests(LogTrimCluster cluster, ITestOutputHelper output) : IClassFixture<LogTrimCluster>
{
    [Fact]
    public async Task AnEndedRoomIsArchivedOnBothNodesTrimmedFromRedisAndStillReadInFull()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        await using var redis = new RedisLogProbe(cluster);
        var roomId = await LogTrimSettings.StartedRoomAsync(cluster, node1, "Archived session");
        var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
        var lena = await cluster.ConnectAsync(node2, Accounts.Learners[0], roomId);
        long ended;
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await lena.PostAsync($"archived message **{i}**", $"archived-{roomId}-{i}");
            }
            await coach.InvokeAsync<object>("EndRoundtable", roomId);
            ended = (await cluster.ReadLogAsync(node1, roomId))[^1].Seq;
        }
        finally
        {
            await lena.DisposeAsync();
            await coach.DisposeAsync();
        }

        // Later traffic elsewhere pushes the room behind the retained newest events.
        await using (var liam = await cluster.ConnectAsync(node2, Accounts.Learners[1]))
        {
            for (var i = 0; i < LogTrimSettings.RetainEvents + 10; i++)
            {
                await liam.PostAsync($"later {i}", Guid.NewGuid().ToString("N"));
            }
        }
        await LogTrimSettings.WaitForAsync(
            async () => !await redis.RoomStreamExistsAsync(roomId),
            "the ended room's stream trimmed from Redis",
            async () => $"oldest held {await redis.OldestPositionAsync()}, head {await redis.HeadAsync()}, archived {JsonSerializer.Serialize(await redis.ArchivedAsync())}");
        var trimmedVersion = await redis.TrimmedVersionAsync(roomId);
        Assert.True(trimmedVersion >= ended, $"Redis records the trimmed room at version {trimmedVersion}; it ended at {ended}");

        foreach (var node in new[] { node1, node2 })
        {
            // Catchup from 0: the whole room from this node's archive.
            var log = await cluster.ReadLogAsync(node, roomId);
            Assert.Equal(Enumerable.Range(1, (int)trimmedVersion!.Value).Select(i => (long)i), log.Select(e => e.Seq));
            Assert.Equal(20, log.Count(e => e.Event is MessagePosted m && m.Markdown.StartsWith("archived message", StringComparison.Ordinal)));
            Assert.Contains(log, e => e.Event is RoundtableEnded);

            // The transcript, from the same archive.
            var token = await node.TokenAsync(Accounts.Coach);
            using var response = await node.Http.SendAsync(node.Request(HttpMethod.Get, $"api/roundtables/{roomId}/transcript?format=json", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var transcript = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Ended", transcript.GetProperty("roundtable").GetProperty("status").GetString());
            Assert.Equal(log.Count, transcript.GetProperty("events").GetArrayLength());

            // A late joiner on this node gets the room in full.
            await using var late = await cluster.ConnectAsync(node, Accounts.Learners[3], roomId, $"late@{node.Name}");
            Assert.Equal(trimmedVersion, late.LastContiguousSeq);
        }

        // The room stays a room after trimming: an ended room still takes a session rating, and it continues the
        // room's seqs instead of starting a new history at 1.
        await using (var rater = await cluster.ConnectAsync(node2, Accounts.Learners[0], roomId, "lena-rates"))
        {
            await rater.InvokeAsync<object>("RateSession", roomId, 5, "archived and still here");
        }
        foreach (var node in new[] { node1, node2 })
        {
            var log = await cluster.ReadLogAsync(node, roomId);
            Assert.Equal(Enumerable.Range(1, (int)trimmedVersion!.Value + 1).Select(i => (long)i), log.Select(e => e.Seq));
        }
        output.WriteLine($"room ended at seq {ended}, trimmed from Redis at version {trimmedVersion}; both nodes read it in full from their archives");
    }

    [Fact]
    public async Task TheGlobalStreamIsTrimmedOnlyBehindTheSlowestLiveNode()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        await using var redis = new RedisLogProbe(cluster);
        await using var liam = await cluster.ConnectAsync(node1, Accounts.Learners[1]);

        // Node 2 stops for a few seconds (less than the node timeout): it stays live, and Redis must keep what it
        // has not archived, while node 1 goes on appending.
        var archivedBefore = await redis.ArchivedAsync();
        Signal(node2, "STOP");
        long node2Archived;
        long oldest;
        try
        {
            for (var i = 0; i < LogTrimSettings.RetainEvents * 2; i++)
            {
                await liam.PostAsync($"while node 2 sleeps {i}", Guid.NewGuid().ToString("N"));
            }
            var head = await redis.HeadAsync();
            var archived = await redis.ArchivedAsync();
            Assert.Equal(2, archived.Count);
            node2Archived = archived.Values.Min();
            Assert.True(head - node2Archived > LogTrimSettings.RetainEvents, "node 2 is behind by more than the retention");
            // Node 1 archives everything, so only node 2 holds trimming back: Redis trims up to node 2's position...
            await LogTrimSettings.WaitForAsync(
                async () => await redis.OldestPositionAsync() >= node2Archived + 1,
                "Redis trimmed up to the paused node's archive position",
                async () => $"oldest {await redis.OldestPositionAsync()}, head {head}, archived {JsonSerializer.Serialize(await redis.ArchivedAsync())}");
            // ...and not one event further, while node 2 is still live.
            oldest = await redis.OldestPositionAsync();
            Assert.Equal(node2Archived + 1, oldest);
            Assert.Equal(node2Archived, (await redis.ArchivedAsync()).Values.Min());
        }
        finally
        {
            Signal(node2, "CONT");
        }

        // Once node 2 has caught up, Redis keeps just the retention.
        await LogTrimSettings.WaitForAsync(
            async () => await redis.HeadAsync() - await redis.OldestPositionAsync() + 1 <= LogTrimSettings.RetainEvents + 5,
            "the global stream trimmed to the retention once node 2 caught up",
            async () => $"oldest {await redis.OldestPositionAsync()}, head {await redis.HeadAsync()}, archived {JsonSerializer.Serialize(await redis.ArchivedAsync())}");
        Assert.True(await redis.GlobalLengthAsync() >= Math.Min(LogTrimSettings.RetainEvents, await redis.HeadAsync()), "the newest events stay in Redis");
        output.WriteLine($"while node 2 was paused at {node2Archived} (archived before: {JsonSerializer.Serialize(archivedBefore)}), Redis held from {oldest}");

        // Both nodes still serve the live room in full.
        var on1 = await cluster.ReadLogAsync(node1);
        var on2 = await cluster.ReadLogAsync(node2);
        Assert.Equal(Enumerable.Range(1, on1.Count).Select(i => (long)i), on1.Select(e => e.Seq));
        Assert.True(on2.Count >= on1.Count - 5 && on2.Select(e => e.Seq).SequenceEqual(Enumerable.Range(1, on2.Count).Select(i => (long)i)));
    }

    [Fact]
    public async Task RedisMemoryStaysBoundedWhileRoomsOpenChatAndEnd()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        await using var redis = new RedisLogProbe(cluster);
        var rooms = new List<string>();
        var text = string.Concat(Enumerable.Repeat("A line of a long discussion about practice. ", 4));

        async Task RunRoomAsync(int index)
        {
            var roomId = await LogTrimSettings.StartedRoomAsync(cluster, node1, $"Session {index}");
            rooms.Add(roomId);
            await using var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
            await using var noor = await cluster.ConnectAsync(node2, Accounts.Learners[2], roomId);
            for (var i = 0; i < 40; i++)
            {
                await noor.PostAsync($"{text} {i}", $"{roomId}-{i}");
            }
            await coach.InvokeAsync<object>("EndRoundtable", roomId);
        }

        async Task<(long LogBytes, long RoomStreamBytes, long UsedMemory)> SettledAsync()
        {
            // Trimmed down to the retention: what the log keeps at rest.
            await LogTrimSettings.WaitForAsync(
                async () => await redis.GlobalLengthAsync() <= LogTrimSettings.RetainEvents + 10,
                "the log trimmed to the retention",
                async () => $"global stream holds {await redis.GlobalLengthAsync()} events; log keys use {(await redis.MemoryAsync()).LogBytes} bytes");
            return await redis.MemoryAsync();
        }

        // Five rooms first (210 events, more than the retention window), so that the window measured early holds
        // chat as the late one does, not whatever the cluster did before this test.
        for (var i = 0; i < 5; i++)
        {
            await RunRoomAsync(i);
        }
        var early = await SettledAsync();
        var headEarly = await redis.HeadAsync();
        for (var i = 5; i < 10; i++)
        {
            await RunRoomAsync(i);
        }
        var late = await SettledAsync();
        var headLate = await redis.HeadAsync();
        output.WriteLine($"after {headEarly} events: log keys {early.LogBytes} B ({early.RoomStreamBytes} B room streams), used_memory {early.UsedMemory} B; after {headLate} events: log keys {late.LogBytes} B ({late.RoomStreamBytes} B room streams), used_memory {late.UsedMemory} B");

        // Five more rooms (hundreds of events) add only their version records, not their history: the rooms that
        // ended before the newest 150 events are gone from Redis, and the rest of the log's keys stay the same size.
        // The streams of the newest rooms are left out of the comparison: how many of them are still inside the
        // window when it is measured depends on when the trimmer last ran (two or three rooms of 42 events each).
        foreach (var roomId in rooms[..^4])
        {
            Assert.False(await redis.RoomStreamExistsAsync(roomId), $"room {roomId} is still in Redis");
        }
        var (earlyRest, lateRest) = (early.LogBytes - early.RoomStreamBytes, late.LogBytes - late.RoomStreamBytes);
        Assert.True(lateRest <= earlyRest * 1.25 + 2_000,
            $"the log's keys other than the newest rooms' streams grew from {earlyRest} B to {lateRest} B over {headLate - headEarly} events");
        Assert.True(late.RoomStreamBytes <= 4 * 42 * 1_000,
            $"the newest rooms' streams hold {late.RoomStreamBytes} B, more than four rooms of 42 events");
    }

    private static void Signal(ServerNode node, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, node.ProcessId.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}

/// <summary>Two nodes keeping little in Redis, with the usual short node timeout: this test takes nodes away.</summary>
public sealed class AwayNodeCluster() : Cluster(2, settings: LogTrimSettings.Small);

public sealed class AwayNodeTests(AwayNodeCluster cluster, ITestOutputHelper output) : IClassFixture<AwayNodeCluster>
{
    [Fact]
    public async Task ANodeAwayPastTheRetentionStaysNotReadyUntilItsDataIsCopiedFromAPeer()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        await using var redis = new RedisLogProbe(cluster);
        var data3 = TestEnvironment.NewTempDirectory("node3-data");
        try
        {
            var node3 = await cluster.StartNodeAsync(data3);
            var awayFrom = await redis.HeadAsync();
            node3.Kill();

            // While node 3 is away, more than the retention is appended, archived by the live nodes and trimmed.
            await using (var liam = await cluster.ConnectAsync(node1, Accounts.Learners[1]))
            {
                for (var i = 0; i < LogTrimSettings.RetainEvents * 2; i++)
                {
                    await liam.PostAsync($"while node 3 is away {i}", $"away-{i}");
                }
            }
            await LogTrimSettings.WaitForAsync(
                async () => await redis.OldestPositionAsync() > awayFrom + 1,
                "Redis trimmed past where node 3 left",
                async () => $"oldest {await redis.OldestPositionAsync()}, node 3 left at {awayFrom}");

            // Back on its old data: it cannot catch up from Redis, says so, and stays not ready.
            var back = await cluster.StartNodeAsync(data3, waitUntilReady: false);
            await LogTrimSettings.WaitForAsync(
                () => Task.FromResult(back.Logs().Contains("away longer than Redis keeps events", StringComparison.Ordinal)),
                "node 3 logged that it was away too long",
                () => Task.FromResult(back.Logs()));
            HttpStatusCode? readiness = null;
            await LogTrimSettings.WaitForAsync(async () =>
            {
                try
                {
                    using var ready = await back.Http.GetAsync("health/ready");
                    readiness = ready.StatusCode;
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false; // still starting to listen
                }
            }, "node 3 answering its readiness check");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness);
            back.Kill();

            // The documented way back: copy a stopped peer's data directory over its own, then start it.
            var head = await redis.HeadAsync();
            await LogTrimSettings.WaitForAsync(async () => (await redis.ArchivedAsync()).Values.All(p => p >= head), "the live nodes archived everything");
            node2.Kill();
            Directory.Delete(data3, recursive: true);
            CopyDirectory(Path.Combine(node2.Directory, "data"), data3);
            var restored = await cluster.StartNodeAsync(data3);
            var log = await cluster.ReadLogAsync(restored);
            Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.Seq));
            Assert.Equal(LogTrimSettings.RetainEvents * 2, log.Count(e => e.Event is MessagePosted m && m.Markdown.StartsWith("while node 3 is away", StringComparison.Ordinal)));
            output.WriteLine($"node 3 left at position {awayFrom}; Redis then held from {await redis.OldestPositionAsync()}; restored from node 2's data it serves the room's {log.Count} events");
        }
        finally
        {
            TestEnvironment.DeleteTempDirectory(data3);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
