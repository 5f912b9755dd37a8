using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>Once per start, after the grace period: nobody stays "here" because the process that held their connection died.</summary>
public sealed partial class PresenceSweeper(
    Projector projector, RoundtableDb db, PresenceTracker presence, IOptions<RoomsOptions> options, TimeProvider time, ILogger<PresenceSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!projector.IsReady)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken);
            }
            // Clients of the previous process get the grace period to reconnect first.
            await Task.Delay(options.Value.PresenceGracePeriod, time, stoppingToken);
            var open = db.Roundtables.Find(r => r.Status != RoomStatus.Ended).Select(r => r.Id).ToList();
            await presence.SweepAsync(open, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSweepFailed(ex);
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Clearing stale presence after start-up failed")]
    private partial void LogSweepFailed(Exception ex);
}
