using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Benchmarks;

/// <summary>
/// What one append costs the embedded log's writer, by how many appends share a commit: fills a log with 100,000
/// chat events in 100 rooms, then appends chat messages from that many rooms at once, each batch held open until
/// all of them are in (<see cref="CommitDelay"/>), and reports the CPU time per event of the log's writer thread
/// (from /proc on Linux) and of the whole process (which includes the appending side's thread hops).
/// Usage: Roundtable.Benchmarks commits [events per batch size] [Flush|Os] (default Os: the CPU cost, without waiting on
/// the disk; with Flush every commit also waits for an fdatasync, and the 100,000-event fill alone takes minutes).
/// </summary>
public static class CommitBenchmark
{
    private const int Rooms = 100;
    private const int Prefill = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 24_000;
        var durability = args.Length > 1 ? Enum.Parse<LogDurability>(args[1]) : LogDurability.Os;
        Console.WriteLine($"{"appends per commit",18} | {"writer CPU us/event",19} | {"process CPU us/event",20} | {"wall us/event",13} | {"events per commit",17}");
        foreach (var batch in new[] { 1, 2, 3, 4, 8, 16 })
        {
            var dir = Path.Combine(Path.GetTempPath(), "roundtable-commits-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (writer, cpu, wall, perCommit) = await MeasureAsync(Path.Combine(dir, "log.db"), batch, events, durability);
                Console.WriteLine($"{batch,18} | {writer,19:0.0} | {cpu,20:0.0} | {wall,13:0.0} | {perCommit,17:0.00}");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        return 0;
    }

    private static async Task<(double WriterMicroseconds, double CpuMicroseconds, double WallMicroseconds, double EventsPerCommit)> MeasureAsync(string path, int batch, int events, LogDurability durability)
    {
        // Always busy, and a batch goes once `batch` appends are in: the size is set, not left to timing.
        var delay = new CommitDelay(busyAppendsPerSecond: 0, busyStreams: 1, delay: TimeSpan.FromSeconds(10), company: batch, window: TimeSpan.FromSeconds(1));
        using var db = new RoundtableDb(path);
        using var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance, delay,
            Microsoft.Extensions.Options.Options.Create(new StorageOptions { Durability = durability }));
        var versions = new long[Rooms];
        var room = 0;
        Task<AppendResult> Append()
        {
            var r = room++ % Rooms;
            var text = $"lt {r} {versions[r]} {Stopwatch.GetTimestamp()}";
            return log.AppendAsync($"room-bench{r:D4}", versions[r]++, [new MessagePosted($"user-{r}", $"Learner {r}", text, $"<p>{text}</p>", $"c-{room}")]);
        }

        for (var n = 0; n < Prefill / 500; n++)
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Append()));
        }
        var commitsBefore = log.Commits;
        var writerBefore = WriterCpu();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < events / batch; n++)
        {
            await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => Append()));
        }
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds;
        var writer = (WriterCpu() - writerBefore).TotalMicroseconds;
        var appended = events / batch * batch;
        return (writer / appended, cpu / appended, clock.Elapsed.TotalMicroseconds / appended, appended / (double)(log.Commits - commitsBefore));
    }

    /// <summary>CPU time of the thread named "event-log-writer" (the kernel keeps 15 characters of a name).</summary>
    private static TimeSpan WriterCpu()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            if (name == "event-log-write")
            {
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
            }
        }
        throw new InvalidOperationException("The log's writer thread was not found under /proc/self/task.");
    }
}
