using System.Diagnostics;

namespace Roundtable.Load;

/// <summary>What one run against one target measured.</summary>
public sealed record ChatResult
{
    public required string Target { get; init; }
    public int Connections { get; init; }
    public int Rooms { get; init; }
    public double SecondsMeasured { get; init; }
    public long MessagesSent { get; init; }
    public double MessagesInPerSecond { get; init; }
    public long Deliveries { get; init; }
    public double DeliveriesPerSecond { get; init; }
    public double LatencyP50Ms { get; init; }
    public double LatencyP95Ms { get; init; }
    public double LatencyP99Ms { get; init; }
    public double LatencyMaxMs { get; init; }
    public double ConnectP50Ms { get; init; }
    public double ConnectMaxMs { get; init; }
    /// <summary>Events the connections should have received in all: for each, every seq after its join.</summary>
    public long ExpectedEvents { get; init; }
    /// <summary>Events a connection should have had live but did not (SignalR delivers at most once).</summary>
    public long MissedLive { get; init; }
    /// <summary>Of those, what catch-up from the log could not supply either: must be 0.</summary>
    public long Lost { get; init; }
    public long Duplicated { get; init; }
    public long Errors { get; init; }
    public string? FirstError { get; init; }
    /// <summary>How late sends left against their schedule (the tool falling behind shows here).</summary>
    public double SendLagP99Ms { get; init; }
    /// <summary>The load tool's own CPU use, as a share of all cores.</summary>
    public double ToolCpuPercent { get; init; }
    /// <summary>The server's CPU use over the same time, as a share of all cores (when the server's pid was given).</summary>
    public double? ServerCpuPercent { get; init; }
    public double? CatchupMs { get; init; }
    /// <summary>Server resident memory added per connected, joined, idle connection (when the server's pid was given).</summary>
    public double? KilobytesPerIdleConnection { get; init; }
    public int? CatchupEvents { get; init; }

    public bool DeliveredEverything => Lost == 0 && Duplicated == 0 && Errors == 0;
}

/// <summary>
/// N connections in M rooms, each sending at a set rate; every delivery is timed (send to receive, same clock)
/// and checked against the room's seq: what was missed live, what the log could not fill, what came twice.
/// </summary>
internal sealed class ChatScenario(LoadOptions options, TextWriter output, int? serverPid = null)
{
    private readonly MeasureWindow _window = new();

    public async Task<ChatResult> RunAsync(IChatTarget target, CancellationToken cancellationToken)
    {
        await target.PrepareAsync(cancellationToken);
        var before = await SettledResidentKilobytesAsync(cancellationToken);
        var participants = await ConnectAllAsync(target, cancellationToken);
        var after = await SettledResidentKilobytesAsync(cancellationToken);
        try
        {
            var result = await MeasureAsync(target, participants, cancellationToken);
            return before is null || after is null
                ? result
                : result with { KilobytesPerIdleConnection = Math.Round((after.Value - before.Value) / (double)participants.Count, 1) };
        }
        finally
        {
            await Task.WhenAll(participants.Select(p => p.Client!.DisposeAsync().AsTask()));
        }
    }

    /// <summary>The server's resident set (from /proc) after a moment's rest; null when its pid is unknown.</summary>
    private async Task<long?> SettledResidentKilobytesAsync(CancellationToken cancellationToken)
    {
        if (serverPid is not { } pid)
        {
            return null;
        }
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status", cancellationToken);
        var line = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<Participant>> ConnectAllAsync(IChatTarget target, CancellationToken cancellationToken)
    {
        var participants = Enumerable.Range(0, options.Connections).Select(i => new Participant(i, i / options.RoomSize, _window)).ToList();
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        await Task.WhenAll(participants.Select(async p =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var started = Stopwatch.GetTimestamp();
                p.Client = await target.ConnectAsync(p.Index, p.Room, p.Receive, cancellationToken);
                p.ConnectMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            finally
            {
                gate.Release();
            }
        }));
        return participants;
    }

    private async Task<ChatResult> MeasureAsync(IChatTarget target, List<Participant> participants, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = options.Warmup;
        var end = options.Warmup + options.Duration;
        var interval = TimeSpan.FromSeconds(1 / options.Rate);
        var acked = new long[options.Rooms];
        long errors = 0;
        string? firstError = null;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpuBefore = Stats.ProcessCpu(serverPid);
        var measuringSince = TimeSpan.Zero;

        using var progress = options.Progress ? new Timer(_ => Report(participants, clock.Elapsed, end), null, 1000, 1000) : null;
        await Task.WhenAll(participants.Select(async p =>
        {
            var next = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * interval.Ticks));
            var n = 0;
            while (next < end)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                var measuring = clock.Elapsed >= measureFrom;
                _window.Open |= measuring;
                if (measuring)
                {
                    p.SendLagMs.Add((clock.Elapsed - next).TotalMilliseconds);
                }
                try
                {
                    var seq = await p.Client!.SendAsync($"lt {p.Index} {++n} {Stopwatch.GetTimestamp()}", cancellationToken);
                    InterlockedMax(ref acked[p.Room], seq);
                    if (measuring)
                    {
                        p.SentMeasured++;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
                next += interval;
            }
        }));
        var measuredSeconds = (clock.Elapsed - measureFrom).TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds / Environment.ProcessorCount * 100;
        var serverCpu = Stats.ProcessCpu(serverPid) - serverCpuBefore;
        _window.Open = false;

        // Let the last deliveries arrive, then check every connection against its room's seq.
        var drainUntil = clock.Elapsed + TimeSpan.FromSeconds(10);
        while (clock.Elapsed < drainUntil && participants.Any(p => p.MaxSeen < Volatile.Read(ref acked[p.Room])))
        {
            await Task.Delay(50, cancellationToken);
        }
        var (expected, missed, lost) = await VerifyAsync(participants, acked, cancellationToken);

        var latencies = participants.SelectMany(p => p.LatenciesMs).ToArray();
        Array.Sort(latencies);
        var connects = participants.Select(p => p.ConnectMs).ToArray();
        Array.Sort(connects);
        var lags = participants.SelectMany(p => p.SendLagMs).ToArray();
        Array.Sort(lags);
        var sent = participants.Sum(p => (long)p.SentMeasured);
        return new ChatResult
        {
            Target = target.Name,
            Connections = options.Connections,
            Rooms = options.Rooms,
            SecondsMeasured = Math.Round(measuredSeconds, 1),
            MessagesSent = sent,
            MessagesInPerSecond = Math.Round(sent / measuredSeconds, 1),
            Deliveries = latencies.Length,
            DeliveriesPerSecond = Math.Round(latencies.Length / measuredSeconds, 1),
            LatencyP50Ms = Stats.Percentile(latencies, 0.50),
            LatencyP95Ms = Stats.Percentile(latencies, 0.95),
            LatencyP99Ms = Stats.Percentile(latencies, 0.99),
            LatencyMaxMs = latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 2),
            ConnectP50Ms = Stats.Percentile(connects, 0.50),
            ConnectMaxMs = connects.Length == 0 ? 0 : Math.Round(connects[^1], 1),
            ExpectedEvents = expected,
            MissedLive = missed,
            Lost = lost,
            Duplicated = participants.Sum(p => p.Duplicates),
            Errors = errors,
            FirstError = firstError,
            SendLagP99Ms = Stats.Percentile(lags, 0.99),
            ToolCpuPercent = Math.Round(cpu, 1),
            ServerCpuPercent = serverCpu is { } used ? Math.Round(used.TotalSeconds / clock.Elapsed.TotalSeconds / Environment.ProcessorCount * 100, 1) : null,
        };
    }

    /// <summary>Each connection should hold every seq after its join up to the room's last; the log fills what live delivery missed.</summary>
    private static async Task<(long Expected, long Missed, long Lost)> VerifyAsync(List<Participant> participants, long[] acked, CancellationToken cancellationToken)
    {
        long expected = 0, missed = 0, lost = 0;
        foreach (var p in participants)
        {
            var last = acked[p.Room];
            expected += Math.Max(0, last - p.Client!.JoinedAtSeq);
            var missing = new List<long>();
            for (var seq = p.Client!.JoinedAtSeq + 1; seq <= last; seq++)
            {
                if (!p.Seen(seq))
                {
                    missing.Add(seq);
                }
            }
            missed += missing.Count;
            if (missing.Count == 0)
            {
                continue;
            }
            var fromLog = await p.Client.CatchupAsync(p.Client.JoinedAtSeq, cancellationToken);
            lost += fromLog is null ? missing.Count : missing.Count(seq => !fromLog.Contains(seq));
        }
        return (expected, missed, lost);
    }

    private void Report(List<Participant> participants, TimeSpan elapsed, TimeSpan end)
    {
        var received = participants.Sum(p => (long)p.Received);
        output.Write($"\r  {elapsed.TotalSeconds,5:0}s / {end.TotalSeconds:0}s   sent {participants.Sum(p => p.SentMeasured),9:N0}   received {received,11:N0}   ");
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private sealed class MeasureWindow
    {
        public volatile bool Open;
    }

    private sealed class Participant(int index, int room, MeasureWindow window)
    {
        private readonly Lock _lock = new();
        private readonly HashSet<long> _seen = [];

        public int Index => index;
        public int Room => room;
        public IChatClient? Client { get; set; }
        public double ConnectMs { get; set; }
        public int SentMeasured;
        public int Received;
        public long Duplicates;
        public long MaxSeen;
        public List<double> LatenciesMs { get; } = [];
        public List<double> SendLagMs { get; } = [];

        public bool Seen(long seq)
        {
            lock (_lock)
            {
                return _seen.Contains(seq);
            }
        }

        public void Receive(Delivery delivery)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (!_seen.Add(delivery.Seq))
                {
                    Duplicates++;
                    return;
                }
                MaxSeen = Math.Max(MaxSeen, delivery.Seq);
                Received++;
                // "lt {sender} {n} {timestamp}": the sender's clock is this process's clock.
                if (window.Open && delivery.Payload is { } payload && payload.StartsWith("lt ", StringComparison.Ordinal)
                    && long.TryParse(payload.AsSpan(payload.LastIndexOf(' ') + 1), out var sentAt))
                {
                    LatenciesMs.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
                }
            }
        }
    }
}
