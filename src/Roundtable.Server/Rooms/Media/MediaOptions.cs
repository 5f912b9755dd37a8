using Microsoft.Extensions.Options;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Voice, video and screen sharing, through a Janus WebRTC Server's VideoRoom plugin. Bound from the "Media" section.
/// Without <see cref="JanusUrl"/> media is off and every room works text-only.
/// </summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Janus's HTTP API as this server reaches it (e.g. http://janus:8088/janus); browsers never see it.</summary>
    public string? JanusUrl { get; set; }

    /// <summary>Janus's <c>api_secret</c>: every request to Janus carries it, so only this server (and its proxy) can talk to Janus.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>The VideoRoom plugin's <c>admin_key</c>, needed to create rooms.</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// A server secret, the same on every node: media room ids, room secrets and publisher ids are derived from it with
    /// HMAC, so every node computes the same ones and nobody can guess them. No default.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>How long a media token admits a join; it only admits, it does not keep anyone in.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>STUN/TURN servers for the browser (RTCIceServer objects); none by default.</summary>
    public List<MediaIceServer> IceServers { get; set; } = [];

    /// <summary>Feeds one media room carries at once (a camera per person, plus one screen).</summary>
    public int MaxPublishers { get; set; } = 100;

    /// <summary>
    /// The name recorded with each room's media room (<c>MediaRoomOpened</c>), so any node hands out tokens for the
    /// Janus instance that holds it.
    /// </summary>
    public string ServerName { get; set; } = "janus";

    /// <summary>How long a request to Janus's API may take (long-polls through the proxy excepted).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests to the proxy a person may make per second, sustained: far above trickle and long-poll traffic.</summary>
    public double ProxyRequestsPerSecond { get; set; } = 50;

    public int ProxyRequestBurst { get; set; } = 400;

    public bool Enabled => !string.IsNullOrWhiteSpace(JanusUrl);

    /// <summary>Null when the settings make sense; otherwise what is wrong, for the start-up error.</summary>
    internal string? Problem()
    {
        if (!Enabled)
        {
            return null;
        }
        var missing = new[] { (nameof(Key), Key), (nameof(ApiSecret), ApiSecret), (nameof(AdminKey), AdminKey) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => "Media:" + s.Item1).ToList();
        if (missing.Count > 0)
        {
            return $"Media:JanusUrl is set, so {string.Join(", ", missing)} must be set too (Media:Key is a secret of at least 32 characters, the same on every node).";
        }
        if (Key!.Length < 32)
        {
            return "Media:Key must be at least 32 characters long.";
        }
        if (!Uri.TryCreate(JanusUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return $"Media:JanusUrl must be Janus's HTTP API address, such as http://janus:8088/janus.";
        }
        return TokenLifetime <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero ? "Media:TokenLifetime and Media:RequestTimeout must be above 0."
            : MaxPublishers < 2 ? "Media:MaxPublishers must be at least 2."
            : ProxyRequestsPerSecond <= 0 || ProxyRequestBurst < 1 ? "Media:ProxyRequestsPerSecond must be above 0 and Media:ProxyRequestBurst at least 1."
            : string.IsNullOrWhiteSpace(ServerName) ? "Media:ServerName cannot be empty."
            : null;
    }
}

/// <summary>One STUN or TURN server as the browser's RTCPeerConnection takes it.</summary>
public sealed class MediaIceServer
{
    public List<string> Urls { get; set; } = [];

    // Left out when unset: the browser takes a missing username, not a null one.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Username { get; set; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Credential { get; set; }
}

/// <summary>Refuses to start with media half configured: a Janus address without the secrets to use it safely.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
