using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Janus's VideoRoom through its HTTP API, as its administrator: one Janus session with one VideoRoom handle, kept alive
/// and made again when Janus has forgotten it (it restarted, or the session timed out). Every request carries the API
/// secret; creating rooms needs the plugin's admin key; everything else about a room needs the room's secret.
/// </summary>
public sealed partial class JanusMediaServer : IMediaServer, IAsyncDisposable
{
    // Janus's own error codes (janus.h) and the VideoRoom's (janus_videoroom.c).
    private const int NoSuchSession = 458;
    private const int NoSuchHandle = 459;
    private const int NoSuchRoom = 426;
    private const int RoomExists = 427;
    private const int NoSuchFeed = 428;
    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(25);

    private readonly MediaOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger<JanusMediaServer> _logger;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _keepAlive;
    private (long Session, long Handle)? _admin;

    public JanusMediaServer(IOptions<MediaOptions> options, ILogger<JanusMediaServer> logger)
    {
        _options = options.Value;
        _logger = logger;
        _http = new HttpClient { BaseAddress = new Uri(_options.JanusUrl!.TrimEnd('/') + "/"), Timeout = _options.RequestTimeout };
        _keepAlive = KeepAliveAsync();
    }

    public bool Enabled => true;

    public string Description => _options.JanusUrl!;

    public async Task EnsureRoomAsync(string janusRoom, string secret, CancellationToken cancellationToken = default)
    {
        var (code, _) = await RequestAsync(new JsonObject
        {
            ["request"] = "create",
            ["room"] = janusRoom,
            ["admin_key"] = _options.AdminKey,
            ["secret"] = secret,
            ["is_private"] = true,
            // An empty list still turns the check on: nobody joins without a token the server added.
            ["allowed"] = new JsonArray(),
            // Subscriptions need the private id of their owner's publisher, so kicking a publisher ends what it watched too.
            ["require_pvtid"] = true,
            ["lock_record"] = true,
            ["audiolevel_event"] = true,
            ["publishers"] = _options.MaxPublishers,
            ["permanent"] = false,
        }, cancellationToken);
        if (code is not null and not RoomExists)
        {
            throw new MediaServerException($"Janus refused to create media room {janusRoom} (error {code}).", code);
        }
    }

    public async Task SetAllowedAsync(string janusRoom, string secret, IReadOnlyList<string> tokens, bool allow, CancellationToken cancellationToken = default)
    {
        var (code, data) = await RequestAsync(new JsonObject
        {
            ["request"] = "allowed",
            ["room"] = janusRoom,
            ["secret"] = secret,
            ["action"] = allow ? "add" : "remove",
            ["allowed"] = new JsonArray([.. tokens.Select(t => JsonValue.Create(t))]),
        }, cancellationToken);
        ThrowOn(code, data, $"change the tokens of media room {janusRoom}");
    }

    public async Task<bool> ModerateAsync(string janusRoom, string secret, string publisherId, string mid, bool mute, CancellationToken cancellationToken = default)
    {
        var (code, data) = await RequestAsync(new JsonObject
        {
            ["request"] = "moderate",
            ["room"] = janusRoom,
            ["secret"] = secret,
            ["id"] = publisherId,
            ["mid"] = mid,
            ["mute"] = mute,
        }, cancellationToken);
        return code is not (NoSuchFeed or NoSuchRoom) && ThrowOn(code, data, $"moderate a feed in media room {janusRoom}");
    }

    public async Task<bool> KickAsync(string janusRoom, string secret, string publisherId, CancellationToken cancellationToken = default)
    {
        var (code, data) = await RequestAsync(new JsonObject
        {
            ["request"] = "kick",
            ["room"] = janusRoom,
            ["secret"] = secret,
            ["id"] = publisherId,
        }, cancellationToken);
        return code is not (NoSuchFeed or NoSuchRoom) && ThrowOn(code, data, $"kick a feed from media room {janusRoom}");
    }

    public async Task DestroyAsync(string janusRoom, string secret, CancellationToken cancellationToken = default)
    {
        var (code, data) = await RequestAsync(new JsonObject { ["request"] = "destroy", ["room"] = janusRoom, ["secret"] = secret }, cancellationToken);
        if (code is not NoSuchRoom)
        {
            ThrowOn(code, data, $"destroy media room {janusRoom}");
        }
    }

    public async Task<bool> ExistsAsync(string janusRoom, CancellationToken cancellationToken = default)
    {
        var (code, data) = await RequestAsync(new JsonObject { ["request"] = "exists", ["room"] = janusRoom }, cancellationToken);
        ThrowOn(code, data, $"ask whether media room {janusRoom} exists");
        return data.TryGetProperty("exists", out var exists) && exists.GetBoolean();
    }

    private static bool ThrowOn(int? code, JsonElement data, string what) => code is null
        ? true
        : throw new MediaServerException(
            $"Janus would not {what}: error {code} ({(data.TryGetProperty("error", out var e) ? e.GetString() : "no reason given")}).", code);

    /// <summary>
    /// One synchronous VideoRoom request on the admin handle: its answer's data, and its error code when it has one.
    /// A session or handle that Janus no longer knows is made again once.
    /// </summary>
    private async Task<(int? Code, JsonElement Data)> RequestAsync(JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (session, handle) = await AdminAsync(cancellationToken);
            var answer = await PostAsync($"{session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = body.DeepClone() }, cancellationToken);
            if (JanusError(answer) is { } error)
            {
                Forget(session);
                if (error.Code is NoSuchSession or NoSuchHandle && attempt == 1)
                {
                    continue;
                }
                throw new MediaServerException($"Janus answered error {error.Code}: {error.Reason}", error.Code);
            }
            var data = answer.GetProperty("plugindata").GetProperty("data");
            return (data.TryGetProperty("error_code", out var code) ? code.GetInt32() : null, data.Clone());
        }
    }

    private async Task<(long Session, long Handle)> AdminAsync(CancellationToken cancellationToken)
    {
        if (_admin is { } known)
        {
            return known;
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_admin is { } made)
            {
                return made;
            }
            var session = Id(await PostAsync("", new JsonObject { ["janus"] = "create" }, cancellationToken), "create a session");
            var handle = Id(await PostAsync($"{session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }, cancellationToken), "attach to the VideoRoom plugin");
            _admin = (session, handle);
            LogAdminSession(session);
            return (session, handle);
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void Forget(long session)
    {
        if (_admin?.Session == session)
        {
            _admin = null;
        }
    }

    private static long Id(JsonElement answer, string what) =>
        JanusError(answer) is { } error
            ? throw new MediaServerException($"Janus would not {what}: error {error.Code} ({error.Reason}).", error.Code)
            : answer.GetProperty("data").GetProperty("id").GetInt64();

    private static (int Code, string Reason)? JanusError(JsonElement answer) =>
        answer.TryGetProperty("janus", out var kind) && kind.GetString() == "error" && answer.TryGetProperty("error", out var error)
            ? (error.GetProperty("code").GetInt32(), error.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "")
            : null;

    private async Task<JsonElement> PostAsync(string path, JsonObject message, CancellationToken cancellationToken)
    {
        message["transaction"] = RandomNumberGenerator.GetHexString(16, lowercase: true);
        message["apisecret"] = _options.ApiSecret;
        try
        {
            using var response = await _http.PostAsJsonAsync(path, message, cancellationToken);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MediaServerException($"Janus at {_options.JanusUrl} is not answering.", null, ex);
        }
    }

    /// <summary>Janus ends a session that says nothing for its session_timeout (60 s by default).</summary>
    private async Task KeepAliveAsync()
    {
        using var timer = new PeriodicTimer(KeepAliveEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (_admin is not { } admin)
                {
                    continue;
                }
                try
                {
                    if (JanusError(await PostAsync($"{admin.Session}", new JsonObject { ["janus"] = "keepalive" }, _stopping.Token)) is not null)
                    {
                        Forget(admin.Session);
                    }
                }
                catch (MediaServerException ex)
                {
                    Forget(admin.Session);
                    LogKeepAliveFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _keepAlive;
        _http.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 7501, Level = LogLevel.Debug, Message = "Janus admin session {Session} opened")]
    private partial void LogAdminSession(long session);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Warning, Message = "Janus keep-alive failed; the admin session is made again on next use: {Reason}")]
    private partial void LogKeepAliveFailed(string reason);
}
