namespace Roundtable.Server.Rooms;

/// <summary>A media server's refusal or failure, with its error code when it gave one (Janus VideoRoom: 4xx).</summary>
public sealed class MediaServerException(string message, int? code = null, Exception? inner = null) : Exception(message, inner)
{
    public int? Code { get; } = code;
}

/// <summary>
/// The media server as Roundtable controls it: rooms, the tokens that admit a join, moderation, kicks. Janus's
/// VideoRoom (<see cref="JanusMediaServer"/>), or nothing when media is off (<see cref="MediaOff"/>).
/// </summary>
public interface IMediaServer
{
    bool Enabled { get; }

    /// <summary>What the start-up log line says about it.</summary>
    string Description { get; }

    /// <summary>Creates the media room unless it exists already (then nothing changes).</summary>
    Task EnsureRoomAsync(string janusRoom, string secret, CancellationToken cancellationToken = default);

    /// <summary>Adds tokens to, or removes them from, the media room's list of tokens that admit a join.</summary>
    Task SetAllowedAsync(string janusRoom, string secret, IReadOnlyList<string> tokens, bool allow, CancellationToken cancellationToken = default);

    /// <summary>Stops (or lets through) one track of a publisher; false when the publisher or track is not there.</summary>
    Task<bool> ModerateAsync(string janusRoom, string secret, string publisherId, string mid, bool mute, CancellationToken cancellationToken = default);

    /// <summary>Takes a publisher (and the subscriptions it owns) out of the media room; false when it was not there.</summary>
    Task<bool> KickAsync(string janusRoom, string secret, string publisherId, CancellationToken cancellationToken = default);

    /// <summary>Destroys the media room (nothing when it is gone already).</summary>
    Task DestroyAsync(string janusRoom, string secret, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string janusRoom, CancellationToken cancellationToken = default);
}

/// <summary>Media is off (no Media:JanusUrl): there is no media server, and nothing asks one.</summary>
public sealed class MediaOff : IMediaServer
{
    public bool Enabled => false;

    public string Description => "off";

    public Task EnsureRoomAsync(string janusRoom, string secret, CancellationToken cancellationToken = default) => Off();

    public Task SetAllowedAsync(string janusRoom, string secret, IReadOnlyList<string> tokens, bool allow, CancellationToken cancellationToken = default) => Off();

    public Task<bool> ModerateAsync(string janusRoom, string secret, string publisherId, string mid, bool mute, CancellationToken cancellationToken = default) =>
        Task.FromResult(false);

    public Task<bool> KickAsync(string janusRoom, string secret, string publisherId, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task DestroyAsync(string janusRoom, string secret, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> ExistsAsync(string janusRoom, CancellationToken cancellationToken = default) => Task.FromResult(false);

    private static Task Off() => Task.FromException(new MediaServerException("Voice and video are off on this server."));
}
