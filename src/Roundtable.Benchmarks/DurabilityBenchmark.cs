using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Storage.Segments;

namespace Roundtable.Benchmarks;

/// <summary>
/// What durable acknowledgements cost the embedded log.
/// <c>fsync [dir] [count]</c>: the latency of one append-and-fdatasync of a small record on the disk of <c>dir</c>
/// (what one batch of the log pays). <c>durability [seconds] [writers] [Flush|Os]</c>: the embedded log at
/// saturation: <c>writers</c> streams append one event at a time, each waiting for its acknowledgement; reports
/// events/s, segment writes (fdatasyncs) per second, events per batch and the append latency.
/// </summary>
public static class DurabilityBenchmark
{
    public static int MeasureSync(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : Path.GetTempPath();
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var path = Path.Combine(dir, "fsync-bench-" + Guid.NewGuid().ToString("N") + ".seg");
        try
        {
            foreach (var size in new[] { 300, 4096, 65536 })
            {
                var record = new byte[size];
                var latencies = new double[count];
                using (var file = new OsSegmentFile(path))
                {
                    file.Truncate(0);
                    long offset = 0;
                    for (var i = 0; i < count; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        file.Write(record, offset);
                        file.Sync();
                        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                        offset += size;
                    }
                }
                File.Delete(path);
                Array.Sort(latencies);
                Console.WriteLine($"append {size,6} B + fdatasync, {count} times: p50 {Percentile(latencies, 50):0} us, p90 {Percentile(latencies, 90):0} us, p99 {Percentile(latencies, 99):0} us, max {latencies[^1]:0} us");
            }
        }
        finally
        {
            File.Delete(path);
        }
        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var writers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var durability = args.Length > 2 ? Enum.Parse<LogDurability>(args[2]) : LogDurability.Flush;
        // nodelay: a commit delay that never starts (no batch held open for company).
        var delay = args.Length > 3 && args[3] == "nodelay" ? new CommitDelay(busyAppendsPerSecond: double.MaxValue) : null;
        var dir = Path.Combine(Path.GetTempPath(), "roundtable-durability-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var db = new RoundtableDb(Path.Combine(dir, "log.db"));
            using var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance, delay,
                Options.Create(new StorageOptions { Durability = durability }));
            var latencies = new List<double>[writers];
            using var stop = new CancellationTokenSource();
            var warmup = TimeSpan.FromSeconds(2);
            var measuring = false;
            long eventsBefore = 0, writesBefore = 0;
            var clock = new Stopwatch();
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var mine = latencies[w] = [];
                for (long version = 0; !stop.IsCancellationRequested; version++)
                {
                    var text = $"message {version} from {w}";
                    var start = Stopwatch.GetTimestamp();
                    var result = await log.AppendAsync($"room-{w:D4}", version, [new MessagePosted($"user-{w}", "Learner", text, $"<p>{text}</p>", $"c-{w}-{version}")]);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException("conflict");
                    }
                    if (Volatile.Read(ref measuring))
                    {
                        mine.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    }
                }
            })).ToList();
            await Task.Delay(warmup);
            eventsBefore = await log.GetHeadPositionAsync();
            writesBefore = log.SegmentWrites;
            Volatile.Write(ref measuring, true);
            clock.Start();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            Volatile.Write(ref measuring, false);
            var elapsed = clock.Elapsed.TotalSeconds;
            var events = await log.GetHeadPositionAsync() - eventsBefore;
            var writes = log.SegmentWrites - writesBefore;
            await stop.CancelAsync();
            await Task.WhenAll(tasks);
            var all = latencies.SelectMany(l => l).Order().ToArray();
            Console.WriteLine($"{durability}{(delay is null ? "" : ", no commit delay")}, {writers} writers, {elapsed:0.0} s: {events / elapsed:N0} events/s, {writes / elapsed:N0} segment writes/s, {events / (double)Math.Max(1, writes):0.0} events per write; append p50 {Percentile(all, 50) / 1000:0.00} ms, p99 {Percentile(all, 99) / 1000:0.00} ms, max {all[^1] / 1000:0.00} ms");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
