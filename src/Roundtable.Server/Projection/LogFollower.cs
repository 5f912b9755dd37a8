using Roundtable.Core.Log;

namespace Roundtable.Server.Projection;

/// <summary>
/// Follows the global log from a position on, for as long as the node runs: each batch read goes to
/// <c>apply</c>, then it waits for more. A failure (e.g. Redis unreachable) is reported once and retried every second until it clears.
/// The read models and the dashboard both follow the log this way.
/// </summary>
public static class LogFollower
{
    public static async Task FollowAsync(
        IEventLog log, long position, int batchSize, Action<IReadOnlyList<StoredEvent>> apply, Action<Exception, long> onFailure, CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await log.ReadAllAsync(position, batchSize, stoppingToken);
                failing = false;
                if (batch.Count == 0)
                {
                    await log.WaitForEventsAfterAsync(position, stoppingToken);
                    continue;
                }
                apply(batch);
                position = batch[^1].Position;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Once per spell of failures (a Redis outage fails every retry until it ends), not once a second.
                if (!failing)
                {
                    onFailure(ex, position);
                }
                failing = true;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
