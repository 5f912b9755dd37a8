using Roundtable.Core.Dashboard;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Dashboard;

/// <summary>
/// Keeps this node's <see cref="ProgramActivity"/> folded up to the log's head: from the start of the global log when
/// the node starts (it lives in memory), then event by event as they are appended, on any node. Readers get a
/// consistent view under a lock; <see cref="ReadAsync"/> first waits for what was in the log when they asked.
/// </summary>
public sealed partial class DashboardProjection(IEventLog log, TimeProvider time, ILogger<DashboardProjection> logger) : BackgroundService
{
    private const int BatchSize = 2000;
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(2);

    private readonly ProgramActivity _activity = new();
    private readonly Lock _lock = new();
    private readonly PositionSignal _position = new(0);

    public long Position => _position.Position;

    /// <summary>
    /// Reads the fold once it has reached the log's head as of now (or after a short wait, whatever it has then), so a
    /// roundtable that ended a moment ago is in the figures.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<ProgramActivity, DateTimeOffset, T> read, CancellationToken cancellationToken)
    {
        var head = await log.GetHeadPositionAsync(cancellationToken);
        if (!await _position.WaitForAsync(head, FreshnessWait, cancellationToken))
        {
            LogBehind(Position, head);
        }
        lock (_lock)
        {
            return read(_activity, time.GetUtcNow());
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LogFollower.FollowAsync(log, 0, BatchSize, batch =>
        {
            lock (_lock)
            {
                foreach (var stored in batch)
                {
                    _activity.Apply(stored);
                }
            }
            _position.Advance(batch[^1].Position);
        }, LogFailed, stoppingToken);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "Dashboard projection failed after position {Position}; retrying")]
    private partial void LogFailed(Exception ex, long position);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Dashboard answered at position {Position}; the log was at {Head}")]
    private partial void LogBehind(long position, long head);
}
