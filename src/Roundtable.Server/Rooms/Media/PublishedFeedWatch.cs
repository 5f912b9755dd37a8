using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Closes the gap Janus leaves on a republished feed. Janus keeps a moderation on a publisher's streams, and a page that
/// hangs up and publishes again gets fresh, unmoderated ones. Every answer Janus gives a page passes through the proxy,
/// so the proxy reads them: when one says a camera feed joined or was published (VideoRoom "joined", or "configured"
/// with Janus's SDP answer: its streams exist from then on), the server applies the room's current answer for that
/// person's microphone and camera, in the room's queue of media requests (<see cref="MediaEnforcer"/>), whatever the
/// page reports. Nothing here delays the answer to the page.
/// </summary>
/// <remarks>
/// Whose feed it is: a "joined" event names the publisher id, which the server derived from (room, person), so it is
/// matched against the room's people without any stored state. A "configured" event names only the room and the
/// handle; the handle's person is remembered (on this node, for a while) when the proxy forwards the publisher's join
/// or a long-poll carries its "joined" event. A handle not remembered here (the join and its events went through
/// other nodes, or the memory expired) is taken to be the person polling, who is its publisher unless two accounts
/// share one Janus session on purpose; the room's next change or report then puts the other right.
/// </remarks>
public sealed partial class PublishedFeedWatch(MediaIds ids, MediaEnforcer enforcer, RoomCommandRunner runner, ILogger<PublishedFeedWatch> logger) : IDisposable
{
    private const string VideoRoomPlugin = "janus.plugin.videoroom";

    /// <summary>A page's publisher handle lives as long as the call; a handle not seen for this long is forgotten.</summary>
    private static readonly TimeSpan HandleMemory = TimeSpan.FromHours(4);

    private readonly MemoryCache _publishers = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    /// <summary>The proxy forwards a camera publisher's join on this handle, for this person.</summary>
    public void JoinForwarded(long session, long handle, string roomId, string userId) => Remember(session, handle, roomId, userId);

    /// <summary>Reads Janus's answer (one event or a long-poll's list) as forwarded to <paramref name="callerId"/>.</summary>
    public void Forwarded(string answer, string callerId)
    {
        // Most answers are keepalives, acks and trickles: only a VideoRoom join or configure is worth parsing.
        if (!answer.Contains(VideoRoomPlugin, StringComparison.Ordinal)
            || !(answer.Contains("\"joined\"", StringComparison.Ordinal) || answer.Contains("\"configured\"", StringComparison.Ordinal)))
        {
            return;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(answer);
        }
        catch (JsonException)
        {
            return;
        }
        foreach (var item in root is JsonArray list ? list : [root])
        {
            if (item is JsonObject e)
            {
                Seen(e, callerId);
            }
        }
    }

    private void Seen(JsonObject e, string callerId)
    {
        if (Text(e["janus"]) != "event" || e["plugindata"] is not JsonObject plugin || Text(plugin["plugin"]) != VideoRoomPlugin
            || plugin["data"] is not JsonObject data || ids.RoomIdOf(Text(data["room"])) is not { } roomId)
        {
            return;
        }
        var session = Number(e["session_id"]);
        var handle = Number(e["sender"]);
        if (Text(data["videoroom"]) == "joined" && Text(data["id"]) is { } publisherId)
        {
            LogSeen(roomId, "joined");
            enforcer.Enqueue(roomId, () => runner.ReadAsync(roomId, state =>
            {
                var owner = CameraOwner(state, roomId, publisherId, callerId);
                if (owner is null)
                {
                    // A screen feed: nothing of it is moderated.
                    return (IReadOnlyList<MediaAction>)[];
                }
                if (session is { } s && handle is { } h)
                {
                    Remember(s, h, roomId, owner);
                }
                return MediaEnforcement.ForPublishedFeed(state, owner);
            }));
        }
        else if (Text(data["videoroom"]) == "event" && Text(data["configured"]) == "ok"
            && e["jsep"] is JsonObject jsep && Text(jsep["type"]) == "answer")
        {
            var owner = session is { } s && handle is { } h && _publishers.TryGetValue((s, h), out (string RoomId, string UserId) known) && known.RoomId == roomId
                ? known.UserId
                : callerId;
            LogSeen(roomId, "configured");
            enforcer.Enqueue(roomId, () => runner.ReadAsync(roomId, state => MediaEnforcement.ForPublishedFeed(state, owner)));
        }
    }

    /// <summary>Whose camera feed has this id: the caller's most often, otherwise one of the room's people; null for a screen feed or no one's.</summary>
    private string? CameraOwner(RoomState state, string roomId, string publisherId, string callerId)
    {
        if (ids.PublisherId(roomId, callerId, MediaFeed.Camera) == publisherId)
        {
            return callerId;
        }
        return state.Participants.FirstOrDefault(p => ids.PublisherId(roomId, p.UserId, MediaFeed.Camera) == publisherId)?.UserId;
    }

    private void Remember(long session, long handle, string roomId, string userId) =>
        _publishers.Set((session, handle), (roomId, userId), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = HandleMemory });

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static long? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var number) ? number : null;

    public void Dispose() => _publishers.Dispose();

    [LoggerMessage(EventId = 7515, Level = LogLevel.Debug, Message = "Room {RoomId}: Janus says a camera feed {What}; the room's mutes are applied to it")]
    private partial void LogSeen(string roomId, string what);
}
