using Roundtable.Core.Log;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Search;

/// <summary>
/// Keeps the search index following the log on this node: from the position the index holds (the start of the log
/// when the index is new), each batch once this node's read models hold it, through every <see cref="ISearchSource"/>.
/// </summary>
public sealed partial class SearchIndexer(
    IEventLog log, Projector projector, RoundtableDb db, SearchIndex index, IEnumerable<ISearchSource> sources, ILogger<SearchIndexer> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (index.Position == 0)
        {
            LogBuilding(logger);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var position = index.Position;
                var batch = await log.ReadAllAsync(position, BatchSize, stoppingToken);
                if (batch.Count == 0)
                {
                    await log.WaitForEventsAfterAsync(position, stoppingToken);
                    continue;
                }
                // Sources read the read models, so they must hold what the batch made.
                await projector.WaitForAsync(batch[^1].Position, stoppingToken);
                var changes = new List<SearchChange>();
                foreach (var stored in batch)
                {
                    foreach (var source in sources)
                    {
                        changes.AddRange(await source.ChangesOfAsync(stored, db, stoppingToken));
                    }
                }
                index.Apply(changes, batch[^1].Position);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, index.Position);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 8410, Level = LogLevel.Information, Message = "The search index is new: building it from the start of the log")]
    private static partial void LogBuilding(ILogger logger);

    [LoggerMessage(EventId = 8411, Level = LogLevel.Error, Message = "Indexing the log after position {Position} for search failed; trying again")]
    private static partial void LogFailed(ILogger logger, Exception exception, long position);
}
