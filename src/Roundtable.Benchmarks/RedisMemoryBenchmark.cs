using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Scaleout;
using Roundtable.Server.Storage;
using StackExchange.Redis;

namespace Roundtable.Benchmarks;

/// <summary>
/// Redis memory per 100,000 events of the scaled log, without and with archiving and trimming. Rooms open, chat (one
/// message per append, 16 appends in flight) and end in sequence. "Kept" is the log as Redis held it before trimming
/// existed; "trimmed" runs this process as one node (heartbeat, archive into a temporary LiteDB file, trimmer) with
/// the given retention and waits until Redis is down to it. Reports MEMORY USAGE summed over the log's keys and the
/// change of INFO used_memory.
/// Usage: redis-memory &lt;redis host:port&gt; [events, default 100000] [retain events, default 10000] [events per room, default 500]
/// </summary>
public static class RedisMemoryBenchmark
{
    private const int InFlight = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("Usage: redis-memory <redis host:port> [events] [retain events] [events per room]");
            return 2;
        }
        var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var retain = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        var perRoom = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500;
        using var redis = await ConnectionMultiplexer.ConnectAsync(args[0] + ",allowAdmin=true");

        Console.WriteLine($"{events:N0} events, rooms of {perRoom} (started, chat, ended), message text {Text(0).Length} characters");
        var kept = await MeasureAsync(redis, "bench-kept", events, perRoom, trimRetain: null);
        Report("kept (no archive, no trimming)", kept, events);
        var trimmed = await MeasureAsync(redis, "bench-trimmed", events, perRoom, trimRetain: retain);
        Report($"trimmed (archived, RetainEvents={retain:N0}, RetainFor=0)", trimmed, events);
        return 0;
    }

    private static void Report(string what, Result r, int events) =>
        Console.WriteLine(
            $"  {what}: log keys {r.LogBytes / 1048576.0:0.0} MiB ({r.LogBytes / (double)events * 100_000 / 1048576.0:0.0} MiB per 100k events), " +
            $"used_memory +{r.UsedDelta / 1048576.0:0.0} MiB, global stream {r.GlobalLength:N0} entries, {r.StreamKeys:N0} stream keys, " +
            $"archive file {r.ArchiveBytes / 1048576.0:0.0} MiB; appended in {r.AppendSeconds:0.0} s, settled in {r.SettleSeconds:0.0} s");

    private sealed record Result(long LogBytes, long UsedDelta, long GlobalLength, long StreamKeys, long ArchiveBytes, double AppendSeconds, double SettleSeconds);

    private static async Task<Result> MeasureAsync(ConnectionMultiplexer redis, string prefix, int events, int perRoom, int? trimRetain)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var db = redis.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: prefix + ":*"))
        {
            await db.KeyDeleteAsync(key);
        }
        var usedBefore = await UsedMemoryAsync(server);
        var keys = new RedisKeys(prefix);
        var options = Options.Create(new RedisOptions
        {
            Prefix = prefix,
            RetainEvents = trimRetain ?? long.MaxValue,
            RetainFor = TimeSpan.Zero,
            TrimInterval = TimeSpan.FromSeconds(1),
        });
        var dir = Path.Combine(Path.GetTempPath(), "roundtable-redis-memory-" + Guid.NewGuid().ToString("N"));
        using var stop = new CancellationTokenSource();
        var file = new RoundtableDb(Path.Combine(dir, "node.db"));
        var archive = new LogArchive(file);
        var reachability = new RedisReachability(NullLogger<RedisReachability>.Instance);
        var log = new RedisEventLog(redis, keys, NullLogger<RedisEventLog>.Instance, reachability, archive);
        var services = new List<Microsoft.Extensions.Hosting.BackgroundService>();
        if (trimRetain is not null)
        {
            var heartbeat = new NodeHeartbeat(redis, keys, options, reachability);
            var archiver = new LogArchiver(log, archive, redis, keys, heartbeat, NullLogger<LogArchiver>.Instance);
            services.AddRange([heartbeat, archiver, new LogTrimmer(redis, keys, archive, archiver, options, NullLogger<LogTrimmer>.Instance)]);
        }
        foreach (var service in services)
        {
            await service.StartAsync(stop.Token);
        }
        try
        {
            var clock = Stopwatch.StartNew();
            var head = await FillAsync(log, events, perRoom);
            var appendSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            if (trimRetain is { } retain)
            {
                while (archive.Position < head || await db.StreamLengthAsync(keys.All) > retain)
                {
                    await Task.Delay(200);
                }
            }
            var settleSeconds = clock.Elapsed.TotalSeconds;
            long logBytes = 0, streamKeys = 0;
            await foreach (var key in server.KeysAsync(pattern: prefix + ":log*"))
            {
                logBytes += (long)await db.ExecuteAsync("MEMORY", "USAGE", (string)key!, "SAMPLES", "0");
                streamKeys += ((string)key!).StartsWith(keys.StreamPrefix, StringComparison.Ordinal) ? 1 : 0;
            }
            var used = await UsedMemoryAsync(server) - usedBefore;
            var length = await db.StreamLengthAsync(keys.All);
            await stop.CancelAsync();
            foreach (var service in services)
            {
                await service.StopAsync(CancellationToken.None);
            }
            file.Dispose();
            var archiveBytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            return new Result(logBytes, used, length, streamKeys, trimRetain is null ? 0 : archiveBytes, appendSeconds, settleSeconds);
        }
        finally
        {
            log.Dispose();
            file.Dispose();
            await foreach (var key in server.KeysAsync(pattern: prefix + ":*"))
            {
                await db.KeyDeleteAsync(key);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Rooms of <paramref name="perRoom"/> events, <see cref="InFlight"/> rooms at a time, each appending in order.</summary>
    private static async Task<long> FillAsync(IEventLog log, int events, int perRoom)
    {
        var rooms = (events + perRoom - 1) / perRoom;
        long head = 0;
        for (var first = 0; first < rooms; first += InFlight)
        {
            var heads = await Task.WhenAll(Enumerable.Range(first, Math.Min(InFlight, rooms - first)).Select(async room =>
            {
                var count = Math.Min(perRoom, events - room * perRoom);
                long last = 0;
                for (var seq = 0; seq < count; seq++)
                {
                    var n = room * perRoom + seq;
                    DomainEvent e = seq == 0 ? new RoundtableStarted("coach")
                        : seq == count - 1 ? new RoundtableEnded("coach")
                        : new MessagePosted($"user-{n % 20}", $"Person {n % 20}", Text(n), $"<p>{Text(n)}</p>", $"client-{n}");
                    var result = await log.AppendAsync(StreamNames.Room($"memory{room:D5}"), seq, [e]);
                    last = result.Succeeded ? result.LastPosition : throw new InvalidOperationException("Append conflict while filling the log.");
                }
                return last;
            }));
            head = Math.Max(head, heads.Max());
        }
        return head;
    }

    /// <summary>A chat message of about 120 characters.</summary>
    private static string Text(int n) => $"Message {n:D6}: I tried the feedback model with my team this week and it went better than I expected.";

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var info = await server.InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);
    }
}
