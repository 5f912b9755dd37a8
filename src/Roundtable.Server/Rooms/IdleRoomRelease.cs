using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// A few times per <see cref="RoomsOptions.IdleStateRetention"/>: lets go of the ended rooms nobody has used for that
/// long (<see cref="RoomCommandRunner.ReleaseIdleRooms"/>), so a node's memory holds the rooms that are open and the
/// ones just looked back at, not every roundtable it ever served.
/// </summary>
public sealed class IdleRoomRelease(RoomCommandRunner runner, RoundtableDb db, IOptions<RoomsOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A room is let go between one and one and a quarter retentions after its last use.
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(options.Value.IdleStateRetention.Ticks / 4, TimeSpan.TicksPerSecond)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Only ended rooms: the presence sweep reads every open room each grace period, and would fold one that
                // was let go anew at once. Open rooms are as many as the schedule holds; ended ones grow without end.
                runner.ReleaseIdleRooms(roomId => db.Roundtables.FindById(roomId) is null or { Status: RoomStatus.Ended });
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
