using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// What a browser needs to join a room's media, through the proxy. Null strings are empty when not
/// <see cref="Available"/>; <see cref="Reason"/> then says why, in words a person can read.
/// </summary>
public sealed record MediaAccess(
    bool Available,
    string? Reason,
    string JanusRoom,
    string Token,
    string PublisherId,
    string ScreenPublisherId,
    string ProxyPath,
    IReadOnlyList<MediaIceServer> IceServers,
    bool MicAllowed,
    bool CameraAllowed)
{
    public static MediaAccess Unavailable(string reason) => new(false, reason, "", "", "", "", MediaProxyApi.Path, [], false, false);
}

/// <summary>
/// Hands out media access: only to someone the room log says is in the room now (joined, not removed, not waiting)
/// while it has not ended. Opens the room's media room on first use (records <see cref="MediaRoomOpened"/> once) and
/// makes sure it exists on the media server on every call, so a restarted Janus gets it back.
/// </summary>
public sealed partial class MediaAccessService(
    IMediaServer media, MediaIds ids, MediaTokens tokens, RoomCommandRunner runner, IOptions<MediaOptions> options, ILogger<MediaAccessService> logger)
{
    public const string OffReason = "Voice and video are off on this server; everything else in the room works as usual.";
    public const string UnreachableReason = "The voice and video server is not answering right now; try again in a moment.";

    public async Task<(MediaAccess? Access, string? Refusal)> AccessAsync(Actor actor, RoundtableRecord room)
    {
        var refusal = await runner.ReadAsync(room.Id, state => Refusal(state, actor));
        if (refusal is not null)
        {
            return (null, refusal);
        }
        if (!media.Enabled)
        {
            return (MediaAccess.Unavailable(OffReason), null);
        }
        var janusRoom = ids.JanusRoom(room.Id);
        var secret = ids.RoomSecret(room.Id);
        string token;
        try
        {
            if (await OpenAsync(room.Id, actor) is { } notOpened)
            {
                return (null, notOpened);
            }
            token = await tokens.IssueAsync(janusRoom, secret, actor.UserId, options.Value.TokenLifetime);
        }
        catch (MediaServerException ex)
        {
            LogUnreachable(room.Id, ex.Message);
            return (MediaAccess.Unavailable(UnreachableReason), null);
        }
        // Asked again now that the token is in Janus's list: a removal meanwhile had no token of this call to withdraw.
        var (after, mic, camera) = await runner.ReadAsync(room.Id, state =>
            (Refusal(state, actor), state.Feature<MediaState>().MicAllowed(actor.UserId), state.Feature<MediaState>().CameraAllowed(actor.UserId)));
        if (after is not null)
        {
            await tokens.WithdrawAsync(janusRoom, secret, actor.UserId);
            return (null, after);
        }
        return (new MediaAccess(true, null, janusRoom, token,
            ids.PublisherId(room.Id, actor.UserId, MediaFeed.Camera), ids.PublisherId(room.Id, actor.UserId, MediaFeed.Screen),
            MediaProxyApi.Path, options.Value.IceServers, mic, camera), null);
    }

    /// <summary>
    /// Makes sure the room's media room exists on Janus (every node computes the same id; "already exists" is done) and
    /// that the room log records it, once. Null when it is open; otherwise why the room refused (e.g. it has ended).
    /// </summary>
    public async Task<string?> OpenAsync(string roomId, Actor actor)
    {
        await media.EnsureRoomAsync(ids.JanusRoom(roomId), ids.RoomSecret(roomId));
        var opened = await runner.ExecuteAsync(roomId, actor, new OpenMediaRoom(ids.JanusRoom(roomId), options.Value.ServerName));
        return opened.Decision.Accepted ? null : opened.Decision.Reason;
    }

    /// <summary>Why this person may not be in the room's media now; null when they may (the proxy asks this on every join too).</summary>
    public static string? Refusal(RoomState state, Actor actor)
    {
        if (state.Status == RoomStatus.Ended)
        {
            return "This roundtable has ended; its voice and video are closed.";
        }
        if (RoomEntry.Check(state, actor) is { } kept)
        {
            return kept.Reason;
        }
        return state.IsPresent(actor.UserId) ? null : "Join the roundtable before turning on voice and video.";
    }

    [LoggerMessage(EventId = 7508, Level = LogLevel.Warning, Message = "Room {RoomId}: media access could not be given: {Reason}")]
    private partial void LogUnreachable(string roomId, string reason);
}
