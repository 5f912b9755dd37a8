namespace Roundtable.Server.Storage;

/// <summary>
/// When the embedded log's writer holds a batch open for company. A LiteDB commit of one event costs about 170 µs of
/// CPU; four events in one commit cost about 90 µs each, because the walks through the two indexes copy the same
/// pages once per transaction (docs/BENCHMARKS.md). Group commit alone rarely forms batches: a commit is quicker
/// than the gap between appends. So when appends arrive fast from many streams (many rooms chatting at once), the
/// writer waits up to <see cref="Delay"/> after a batch's first append for others; at lower rates, or with one
/// busy stream (a seed, a replay), nothing waits. PostgreSQL's commit_delay and commit_siblings, for the same reason.
/// With each batch also fdatasynced (0.25-1 ms here), the delay still pays: at 16 busy streams it doubled the batch
/// (8 to 15 events) and the events per second, and lowered p50 (docs/BENCHMARKS.md, durable acknowledgements).
/// </summary>
/// <param name="busyAppendsPerSecond">The rate of appends, over the last <paramref name="window"/>, from which the writer waits.</param>
/// <param name="busyStreams">How many streams must have appended in that window.</param>
/// <param name="time">The clock the windows are measured with (the system's unless a test steps its own).</param>
public sealed class CommitDelay(
    double busyAppendsPerSecond = 1_000, int busyStreams = 8, TimeSpan? delay = null, int company = 16, TimeSpan? window = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _window = window ?? TimeSpan.FromMilliseconds(100);
    private readonly HashSet<string> _streams = new(StringComparer.Ordinal);
    private long _windowStart = (time ?? TimeProvider.System).GetTimestamp();
    private int _appends;
    private bool _busy;

    /// <summary>How long a batch's first append may wait for company.</summary>
    public TimeSpan Delay { get; } = delay ?? TimeSpan.FromMilliseconds(1);

    /// <summary>A batch this big goes at once.</summary>
    public int Company { get; } = company;

    /// <summary>Whether the last window was busy enough to wait for company, and is recent (not before a quiet spell).</summary>
    public bool IsBusy => _busy && _time.GetElapsedTime(_windowStart) < 2 * _window;

    /// <summary>Counts a batch about to be written (on the writer thread only).</summary>
    public void Observe(int appends, IEnumerable<string> streams)
    {
        _appends += appends;
        _streams.UnionWith(streams);
        var elapsed = _time.GetElapsedTime(_windowStart);
        if (elapsed < _window)
        {
            return;
        }
        _busy = _appends / elapsed.TotalSeconds >= busyAppendsPerSecond && _streams.Count >= busyStreams;
        _appends = 0;
        _streams.Clear();
        _windowStart = _time.GetTimestamp();
    }
}
