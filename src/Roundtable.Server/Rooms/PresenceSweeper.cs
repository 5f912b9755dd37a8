using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;
using Roundtable.Server.Projection;
using Roundtable.Server.Seeding;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Every grace period: nobody stays "here" because the process that held their connection died (a restarted
/// embedded node, or a dead node of a scaled deployment).
/// </summary>
public sealed partial class PresenceSweeper(
    Projector projector, DemoSeeder seeder, RoundtableDb db, PresenceTracker presence, IOptions<RoomsOptions> options, TimeProvider time,
    ILogger<PresenceSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Not while the demo is seeded either: its people have no connection, and the sweep would count them gone in
            // the middle of the sessions the seed plays out. Readiness comes with real time passing, not the room
            // clock's (a clock that stands still must not keep the sweep from ever starting).
            while (!projector.IsReady || !seeder.IsDone)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
            }
            // Clients of a dead process get the grace period to reconnect before they count as gone.
            using var timer = new PeriodicTimer(options.Value.PresenceGracePeriod, time);
            var failing = false;
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var open = db.Roundtables.Find(r => r.Status != RoomStatus.Ended).Select(r => r.Id).ToList();
                    await presence.SweepAsync(open, stoppingToken);
                    failing = false;
                }
                // Anything but shutdown, including a cancellation from the Redis client while Redis is away: the sweep
                // must outlive an outage and resume by itself. Logged once per spell of failures.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                    {
                        LogSweepFailed(ex);
                    }
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Clearing stale presence failed; trying again each period (logged once until it succeeds)")]
    private partial void LogSweepFailed(Exception ex);
}
