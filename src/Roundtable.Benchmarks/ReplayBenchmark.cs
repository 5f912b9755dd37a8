using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Projection;
using Roundtable.Server.Scaleout;
using Roundtable.Server.Storage;
using StackExchange.Redis;

namespace Roundtable.Benchmarks;

/// <summary>
/// How fast a new node builds its read models from the log: fills a log with N room events (1,000 rooms), then
/// times a fresh node's projector replaying all of it into an empty LiteDB file.
/// Usage: Roundtable.Benchmarks [events] [litedb|redis host:port]; Roundtable.Benchmarks dashboard ... is <see cref="DashboardBenchmark"/>,
/// Roundtable.Benchmarks commits ... is <see cref="CommitBenchmark"/>, Roundtable.Benchmarks fsync|durability ... is
/// <see cref="DurabilityBenchmark"/>.
/// </summary>
public static class ReplayBenchmark
{
    private const int Rooms = 1000;
    private const int EventsPerAppend = 500;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["dashboard", .. var rest])
        {
            return await DashboardBenchmark.RunAsync(rest);
        }
        if (args is ["redis-memory", .. var memoryArgs])
        {
            return await RedisMemoryBenchmark.RunAsync(memoryArgs);
        }
        if (args is ["commits", .. var commitArgs])
        {
            return await CommitBenchmark.RunAsync(commitArgs);
        }
        if (args is ["fsync", .. var fsyncArgs])
        {
            return DurabilityBenchmark.MeasureSync(fsyncArgs);
        }
        if (args is ["durability", .. var durabilityArgs])
        {
            return await DurabilityBenchmark.RunAsync(durabilityArgs);
        }
        if (args is ["sendbuffer", .. var sendArgs])
        {
            return await SendBufferBenchmark.RunAsync(sendArgs);
        }
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var redis = args.Length > 2 && args[1] == "redis" ? args[2] : null;
        var dir = Path.Combine(Path.GetTempPath(), "roundtable-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"Filling a {(redis is null ? "LiteDB" : "Redis")} log with {events:N0} events in {Rooms} rooms...");
            var (fillSeconds, head) = redis is null
                ? await FillLiteDbAsync(Path.Combine(dir, "log.db"), events)
                : await FillRedisAsync(redis, events);
            Console.WriteLine($"  appended in {fillSeconds:0.0} s ({events / fillSeconds:N0} events/s), head {head:N0}");

            // A new node: an empty LiteDB for its read models; the log is the one just filled.
            using var nodeDb = new RoundtableDb(Path.Combine(dir, "node.db"));
            IEventLog log;
            RoundtableDb? logDb = null;
            if (redis is null)
            {
                // Embedded: the log lives in its own file here, so the node's file starts empty like a new node's.
                logDb = new RoundtableDb(Path.Combine(dir, "log.db"));
                log = new LiteDbEventLog(logDb, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance);
            }
            else
            {
                log = new RedisEventLog(await ConnectionMultiplexer.ConnectAsync(redis), new RedisKeys("replay-bench"), NullLogger<RedisEventLog>.Instance);
            }
            var projector = new Projector(log, nodeDb, new ReadModelCache(), NullLogger<Projector>.Instance);
            var clock = Stopwatch.StartNew();
            await projector.StartAsync(CancellationToken.None);
            await projector.WaitForAsync(head);
            var seconds = clock.Elapsed.TotalSeconds;
            await projector.StopAsync(CancellationToken.None);
            Console.WriteLine($"Replayed {head:N0} events into a new node's LiteDB in {seconds:0.00} s: {head / seconds:N0} events/s");
            (log as IDisposable)?.Dispose();
            logDb?.Dispose();
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static IEnumerable<(string Stream, DomainEvent[] Batch)> Batches(int events)
    {
        var perRoom = events / Rooms;
        for (var offset = 0; offset < perRoom; offset += EventsPerAppend)
        {
            for (var r = 0; r < Rooms; r++)
            {
                var count = Math.Min(EventsPerAppend, perRoom - offset);
                var batch = new DomainEvent[count];
                for (var i = 0; i < count; i++)
                {
                    var n = offset + i;
                    batch[i] = new MessagePosted($"user-{n % 20}", $"Person {n % 20}", $"Message {n} in room {r}", $"<p>Message {n} in room {r}</p>", null);
                }
                yield return (StreamNames.Room($"bench{r:D4}"), batch);
            }
        }
    }

    private static async Task<(double Seconds, long Head)> FillLiteDbAsync(string path, int events)
    {
        using var db = new RoundtableDb(path);
        using var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance);
        return await FillAsync(log, events);
    }

    private static async Task<(double Seconds, long Head)> FillRedisAsync(string redis, int events)
    {
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis);
        var keys = new RedisKeys("replay-bench");
        var server = mux.GetServer(mux.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: keys.Prefix + ":*"))
        {
            await mux.GetDatabase().KeyDeleteAsync(key);
        }
        var log = new RedisEventLog(mux, keys, NullLogger<RedisEventLog>.Instance);
        return await FillAsync(log, events);
    }

    private static async Task<(double Seconds, long Head)> FillAsync(IEventLog log, int events)
    {
        var clock = Stopwatch.StartNew();
        var versions = new Dictionary<string, long>();
        // A few appends in flight at once, as many rooms would produce.
        var inFlight = new List<Task<AppendResult>>();
        foreach (var (stream, batch) in Batches(events))
        {
            var expected = versions.GetValueOrDefault(stream);
            versions[stream] = expected + batch.Length;
            inFlight.Add(log.AppendAsync(stream, expected, batch));
            if (inFlight.Count >= 16)
            {
                foreach (var result in await Task.WhenAll(inFlight))
                {
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException("Append conflict while filling the log.");
                    }
                }
                inFlight.Clear();
            }
        }
        await Task.WhenAll(inFlight);
        return (clock.Elapsed.TotalSeconds, await log.GetHeadPositionAsync());
    }
}
