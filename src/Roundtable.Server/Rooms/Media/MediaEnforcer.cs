using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// The one place that makes the media server do what the room log says: after every append on this node it takes
/// the requests <see cref="MediaEnforcement"/> reads from the room (moderate, kick and withdraw tokens, stop a screen
/// feed, destroy) and sends them, per room in the order of the appends and off the room's gate, so a slow media server
/// never holds a room. Each request carries the room's current answer, so the last one sent is what the room says.
/// A node that dies between an append and its requests leaves the media server behind until the next change or the
/// person's next report (which re-applies what the room says).
/// </summary>
public sealed partial class MediaEnforcer(IMediaServer media, MediaIds ids, MediaTokens tokens, ILogger<MediaEnforcer> logger) : IRoomAppendObserver
{
    private readonly Dictionary<string, Task> _queues = new(StringComparer.Ordinal);

    public void Appended(RoomState room, IReadOnlyList<StoredEvent> appended)
    {
        if (!media.Enabled)
        {
            return;
        }
        var actions = MediaEnforcement.After(room, appended);
        if (actions.Count == 0)
        {
            return;
        }
        Enqueue(room.RoomId, () => Task.FromResult(actions));
    }

    /// <summary>
    /// Sends what <paramref name="read"/> answers, in the room's queue after every request queued so far. The read runs
    /// when its turn comes, so it sees every append whose requests went before it, and any later append queues after it:
    /// what was read last is still sent last. The proxy uses this when Janus says a feed was (re)published.
    /// </summary>
    public void Enqueue(string roomId, Func<Task<IReadOnlyList<MediaAction>>> read)
    {
        if (!media.Enabled)
        {
            return;
        }
        lock (_queues)
        {
            var previous = _queues.GetValueOrDefault(roomId) ?? Task.CompletedTask;
            Task next = null!;
            next = SendAfterAsync(previous, roomId, read).ContinueWith(_ =>
            {
                lock (_queues)
                {
                    if (_queues.GetValueOrDefault(roomId) == next)
                    {
                        _queues.Remove(roomId);
                    }
                }
            }, TaskScheduler.Default);
            _queues[roomId] = next;
        }
    }

    /// <summary>Waits until every request queued so far for the room was sent (tests, and an orderly stop).</summary>
    public Task IdleAsync(string roomId)
    {
        lock (_queues)
        {
            return _queues.GetValueOrDefault(roomId) ?? Task.CompletedTask;
        }
    }

    private async Task SendAfterAsync(Task previous, string roomId, Func<Task<IReadOnlyList<MediaAction>>> read)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        IReadOnlyList<MediaAction> actions;
        try
        {
            actions = await read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotRead(roomId, ex.Message);
            return;
        }
        var secret = ids.RoomSecret(roomId);
        foreach (var action in actions)
        {
            try
            {
                await SendAsync(roomId, secret, action);
            }
            catch (MediaServerException ex)
            {
                LogNotEnforced(roomId, action.GetType().Name, ex.Message);
            }
        }
    }

    private async Task SendAsync(string roomId, string secret, MediaAction action)
    {
        switch (action)
        {
            case ModerateMedia m:
                var moderated = await media.ModerateAsync(m.JanusRoom, secret, ids.PublisherId(roomId, m.UserId, MediaFeed.Camera), Mid(m.Kind), m.Mute);
                LogModerated(roomId, m.Kind.ToString(), m.Mute, moderated);
                break;
            case KickFromMedia k:
                await tokens.WithdrawAsync(k.JanusRoom, secret, k.UserId);
                await media.KickAsync(k.JanusRoom, secret, ids.PublisherId(roomId, k.UserId, MediaFeed.Camera));
                await media.KickAsync(k.JanusRoom, secret, ids.PublisherId(roomId, k.UserId, MediaFeed.Screen));
                LogKicked(roomId);
                break;
            case StopScreenFeed s:
                await media.KickAsync(s.JanusRoom, secret, ids.PublisherId(roomId, s.UserId, MediaFeed.Screen));
                break;
            case CloseMediaRoom c:
                await media.DestroyAsync(c.JanusRoom, secret);
                LogDestroyed(roomId);
                break;
        }
    }

    /// <summary>The browser adds its microphone's transceiver first and its camera's second, so their mids are "0" and "1".</summary>
    public static string Mid(MediaKind kind) => kind == MediaKind.Audio ? "0" : "1";

    [LoggerMessage(EventId = 7503, Level = LogLevel.Warning, Message = "Room {RoomId}: the media server did not take {Action}: {Reason}")]
    private partial void LogNotEnforced(string roomId, string action, string reason);

    [LoggerMessage(EventId = 7514, Level = LogLevel.Warning, Message = "Room {RoomId}: what to tell the media server could not be read: {Reason}")]
    private partial void LogNotRead(string roomId, string reason);

    [LoggerMessage(EventId = 7504, Level = LogLevel.Debug, Message = "Room {RoomId}: {Kind} moderated (muted: {Mute}); the feed was there: {Found}")]
    private partial void LogModerated(string roomId, string kind, bool mute, bool found);

    [LoggerMessage(EventId = 7505, Level = LogLevel.Information, Message = "Room {RoomId}: a removed person's feeds were kicked from its media room")]
    private partial void LogKicked(string roomId);

    [LoggerMessage(EventId = 7506, Level = LogLevel.Information, Message = "Room {RoomId}: its media room was destroyed")]
    private partial void LogDestroyed(string roomId);
}
