using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Opens a room's media room when the first person joins it (with media on), so the snapshot's <c>media.available</c>
/// is true from the start and pages know to offer voice and video. The join waits for it only briefly: a slow or
/// absent Janus never holds a join, and <c>GetMediaAccess</c> opens it anyway.
/// </summary>
public sealed partial class MediaRoomOpener(IMediaServer media, MediaAccessService access, RoomCommandRunner runner, ILogger<MediaRoomOpener> logger)
    : IRoomJoinStep
{
    private static readonly TimeSpan JoinPatience = TimeSpan.FromSeconds(2);

    // The room's media room is opened by the server itself, not by whoever happened to join first.
    private static readonly Actor Server = new("roundtable", "Roundtable", RoomRole.Admin);

    public Task BeforeResolveAsync(string? roomId) => Task.CompletedTask;

    public async Task BeforeJoinAsync(RoundtableRecord room)
    {
        if (!media.Enabled || await runner.ReadAsync(room.Id, s => s.Status == RoomStatus.Ended || s.Feature<MediaState>().JanusRoom is not null))
        {
            return;
        }
        try
        {
            await OpenAsync(room.Id).WaitAsync(JoinPatience);
        }
        catch (TimeoutException)
        {
            // Still opening; its event follows the join.
        }
    }

    private async Task OpenAsync(string roomId)
    {
        try
        {
            await access.OpenAsync(roomId, Server);
        }
        catch (MediaServerException ex)
        {
            LogNotOpened(roomId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 7513, Level = LogLevel.Warning, Message = "Room {RoomId}: its media room could not be opened at join: {Reason}")]
    private partial void LogNotOpened(string roomId, string reason);
}
