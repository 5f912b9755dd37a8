using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Rooms;

/// <summary>Which of a person's feeds: their camera and microphone, or their screen.</summary>
public enum MediaFeed
{
    Camera,
    Screen,
}

/// <summary>
/// Every id and secret of the media rooms, derived with HMAC-SHA256 from <see cref="MediaOptions.Key"/>: the same on
/// every node without being stored, and not guessable without the key. A media room's id carries its roundtable's id,
/// so the proxy can tell which room a request is for, and the HMAC after it, which proves the server made it.
/// </summary>
public sealed class MediaIds(IOptions<MediaOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Key ?? "");

    public string JanusRoom(string roomId) => $"{roomId}-{Mac("room", roomId)[..24]}";

    /// <summary>The roundtable a media room id names, when the id is one this server made; null otherwise.</summary>
    public string? RoomIdOf(string? janusRoom)
    {
        var dash = janusRoom?.LastIndexOf('-') ?? -1;
        if (dash <= 0)
        {
            return null;
        }
        var roomId = janusRoom![..dash];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(JanusRoom(roomId)), Encoding.ASCII.GetBytes(janusRoom)) ? roomId : null;
    }

    /// <summary>The media room's secret: what moderation, kicks, tokens and destroying need. Only this server holds it.</summary>
    public string RoomSecret(string roomId) => Mac("secret", roomId);

    /// <summary>The id this person's feed must have in the media room; the proxy refuses a publisher joining under any other.</summary>
    public string PublisherId(string roomId, string userId, MediaFeed feed) =>
        Mac("publisher", roomId, userId, feed == MediaFeed.Camera ? "camera" : "screen")[..24];

    private string Mac(params string[] parts) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
