using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Roundtable.Server.Rooms;

/// <summary>
/// The tokens this node handed out: each is added to its media room's list of tokens that admit a join, and removed
/// after <see cref="MediaOptions.TokenLifetime"/> (or at once when its person is removed from the room). A token only
/// admits a join; who stays is the room's to say (kicks). Tokens another node issued expire there; what keeps a removed
/// person out meanwhile is the proxy, which asks the room log on every join.
/// </summary>
public sealed partial class MediaTokens(IMediaServer media, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<MediaTokens> logger)
{
    private readonly ConcurrentDictionary<(string JanusRoom, string UserId), ConcurrentDictionary<string, byte>> _issued = new();

    public async Task<string> IssueAsync(string janusRoom, string secret, string userId, TimeSpan lifetime)
    {
        var token = RandomNumberGenerator.GetHexString(40, lowercase: true);
        await media.SetAllowedAsync(janusRoom, secret, [token], allow: true);
        _issued.GetOrAdd((janusRoom, userId), _ => new()).TryAdd(token, 0);
        _ = ExpireAsync(janusRoom, secret, userId, token, lifetime);
        return token;
    }

    /// <summary>Removes every token this node issued to <paramref name="userId"/> for the media room.</summary>
    public async Task WithdrawAsync(string janusRoom, string secret, string userId)
    {
        if (_issued.TryRemove((janusRoom, userId), out var tokens) && !tokens.IsEmpty)
        {
            await media.SetAllowedAsync(janusRoom, secret, [.. tokens.Keys], allow: false);
        }
    }

    private async Task ExpireAsync(string janusRoom, string secret, string userId, string token, TimeSpan after)
    {
        try
        {
            await Task.Delay(after, time, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: Janus forgets the room's tokens with the room, and rooms are not permanent.
            return;
        }
        if (_issued.TryGetValue((janusRoom, userId), out var tokens) && tokens.TryRemove(token, out _))
        {
            try
            {
                await media.SetAllowedAsync(janusRoom, secret, [token], allow: false);
            }
            catch (MediaServerException ex)
            {
                // Gone with its room (ended), or Janus restarted and forgot it.
                LogExpiryNotSent(ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 7507, Level = LogLevel.Debug, Message = "An expired media token could not be removed: {Reason}")]
    private partial void LogExpiryNotSent(string reason);
}
