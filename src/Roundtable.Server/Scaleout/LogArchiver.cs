using Roundtable.Core.Log;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Copies the shared log into this node's <see cref="LogArchive"/> in global order, a page at a time, and tells the
/// other nodes how far it got (<see cref="RedisKeys.Archived"/>), so that Redis may drop what every live node holds.
/// If Redis has already dropped events this node never archived (it was away longer than the retention, or it is a new
/// node with an empty data directory), it stops, says so once, and leaves the node not ready: skipping them would
/// serve rooms and read models with part of their history missing.
/// </summary>
public sealed partial class LogArchiver(
    RedisEventLog log, LogArchive archive, IConnectionMultiplexer redis, RedisKeys keys, NodeHeartbeat node, ILogger<LogArchiver> logger)
    : BackgroundService
{
    private const int PageSize = 1000;

    // Under steady load a short pause lets a page fill, so the archive costs a few transactions a second, not one per event.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var position = archive.Position;
        LogStarting(position);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var page = await log.ReadForArchiveAsync(position, PageSize);
                if (page.Count == 0)
                {
                    await ReportAsync();
                    await log.WaitForEventsAfterAsync(position, stoppingToken);
                    continue;
                }
                archive.Append(page);
                position = page[^1].Id;
                await ReportAsync();
                if (page.Count < PageSize)
                {
                    await Task.Delay(Gather, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (LogTrimmedException trimmed)
            {
                archive.MarkBehindLog();
                LogAwayTooLong(trimmed.After, trimmed.Oldest);
                return;
            }
            catch (Exception ex)
            {
                LogArchiveFailed(ex, position);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Publishes this node's archive position; also called by the trimmer, in case a lapse of Redis dropped it.</summary>
    internal async Task ReportAsync()
    {
        if (archive.IsBehindLog)
        {
            return;
        }
        try
        {
            await redis.GetDatabase().HashSetAsync(keys.Archived, node.NodeId, archive.Position);
        }
        catch (Exception ex) when (RedisReachability.IsOutage(ex))
        {
            // Reported again after the next page or trim pass; until then others trim behind the older position.
        }
    }

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Archiving the shared log from position {Position}")]
    private partial void LogStarting(long position);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Critical, Message = "This node has archived the log up to position {Position}, but Redis now holds it only from {Oldest}: the node was away longer than Redis keeps events (or started empty after trimming). It stays not ready. Stop it, copy a peer's data directory over its own (docs/SCALING.md, \"A node away too long\") and start it again")]
    private partial void LogAwayTooLong(long position, long oldest);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Archiving the log after position {Position} failed; retrying")]
    private partial void LogArchiveFailed(Exception ex, long position);
}
