using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Limits;
using Roundtable.Server.Web;

namespace Roundtable.Server.Rooms;

/// <summary>
/// The browser's only way to Janus: a same-origin proxy for signed-in people that adds the API secret and forwards
/// the few requests a participant needs, answering with Janus's JSON unchanged. It refuses any other VideoRoom request
/// (creating, moderating, kicking, listing are the server's), any other plugin, recording, a publisher joining under an
/// id the server did not issue to this person for this room (or a screen feed while they are not the one sharing), and
/// any join while the room log says the person is not in the room.
/// </summary>
public static partial class MediaProxyApi
{
    public const string Path = "/media/janus";

    /// <summary>The rate-limiting policy that marks the proxy as limited by itself (<see cref="ProxyLimit"/>), not by API writes.</summary>
    public const string RateLimitPolicy = "media-proxy";

    // Janus's long-poll answers within 30 s; the cap only ends a request Janus never answers.
    private static readonly TimeSpan LongPollCap = TimeSpan.FromSeconds(70);
    private const int MaxBodyBytes = 256 * 1024;

    private static readonly HashSet<string> ParticipantRequests = new(StringComparer.Ordinal)
    {
        "join", "joinandconfigure", "configure", "publish", "unpublish", "start", "pause", "switch", "update", "leave",
    };

    // Fields only the room's administrator may use; a participant's request never needs them.
    private static readonly string[] AdministratorFields = ["record", "filename", "secret", "admin_key"];

    public static WebApplication MapMediaProxy(this WebApplication app)
    {
        var proxy = app.MapGroup(Path).WithTags("Media").RequireAuthorization().RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        proxy.MapPost("", CreateSession);
        proxy.MapPost("/{session:long}", SessionRequest);
        proxy.MapPost("/{session:long}/{handle:long}", HandleRequest);
        proxy.MapGet("/{session:long}", LongPoll);
        return app;
    }

    private static async Task<IResult> CreateSession(HttpContext http, MediaProxy proxy) =>
        await proxy.ForwardAsync(http, "", message => Kind(message) == "create" ? null : Refuse("Only {janus:\"create\"} makes a session here."));

    private static async Task<IResult> SessionRequest(long session, HttpContext http, MediaProxy proxy) =>
        await proxy.ForwardAsync(http, $"{session}", message => Kind(message) switch
        {
            "attach" => message["plugin"]?.GetValueKind() == JsonValueKind.String && (string?)message["plugin"] == "janus.plugin.videoroom"
                ? null
                : Refuse("Only the VideoRoom plugin (janus.plugin.videoroom) can be attached here."),
            "keepalive" or "destroy" => null,
            var other => Refuse($"{Named(other)} is not a session request the proxy forwards (attach, keepalive, destroy)."),
        });

    private static async Task<IResult> HandleRequest(long session, long handle, HttpContext http, MediaProxy proxy) =>
        await proxy.ForwardAsync(http, $"{session}/{handle}", message => Kind(message) switch
        {
            "message" => null,
            "trickle" or "hangup" or "detach" => null,
            var other => Refuse($"{Named(other)} is not a handle request the proxy forwards (message, trickle, hangup, detach)."),
        }, (session, handle));

    private static async Task<IResult> LongPoll(long session, int? maxev, HttpContext http, MediaProxy proxy) =>
        await proxy.LongPollAsync(http, session, Math.Clamp(maxev ?? 1, 1, 10));

    internal static string? KindOf(JsonObject message) => Kind(message);

    private static string? Kind(JsonObject message) =>
        message["janus"] is JsonValue value && value.TryGetValue<string>(out var kind) ? kind : null;

    private static string Named(string? kind) => kind is null ? "A request without \"janus\"" : $"\"{Truncate(kind)}\"";

    internal static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    internal static ProblemHttpResult Refuse(string detail) => ApiProblem.Forbidden(detail).ToResult();

    internal static int MaxBody => MaxBodyBytes;

    internal static TimeSpan PollCap => LongPollCap;

    internal static IReadOnlySet<string> Allowed => ParticipantRequests;

    internal static IReadOnlyList<string> AdminFields => AdministratorFields;
}

/// <summary>The proxy's work: limits, checks against the room log, and forwarding to Janus with the API secret.</summary>
public sealed partial class MediaProxy(
    IOptions<MediaOptions> options, MediaIds ids, RoomAccess access, RoomCommandRunner runner, ILimitStore limits, PublishedFeedWatch feeds,
    ILogger<MediaProxy> logger) : IDisposable
{
    private readonly HttpClient _janus = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <param name="onHandle">The session and handle of a handle request, whose VideoRoom messages are checked.</param>
    public async Task<IResult> ForwardAsync(HttpContext http, string path, Func<JsonObject, IResult?> check, (long Session, long Handle)? onHandle = null)
    {
        if (await Precheck(http) is { } refused)
        {
            return refused;
        }
        JsonObject? message;
        try
        {
            if (http.Request.ContentLength > MediaProxyApi.MaxBody)
            {
                return ApiProblem.Invalid("body", "The request is too large for the media proxy.").ToResult();
            }
            message = await JsonSerializer.DeserializeAsync<JsonNode>(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }
        if (message is null)
        {
            return ApiProblem.Invalid("body", "Send one JSON object, as Janus's HTTP API takes it.").ToResult();
        }
        var refusal = check(message);
        if (refusal is null && onHandle is { } on && MediaProxyApi.KindOf(message) == "message")
        {
            refusal = await CheckPluginMessageAsync(http, message, on);
        }
        if (refusal is not null)
        {
            LogRefused(http.User.UserId() ?? "", path);
            return refusal;
        }
        message["apisecret"] = options.Value.ApiSecret;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cancel.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var content = new StringContent(message.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var answer = await _janus.PostAsync(Url(path), content, cancel.Token);
            return Answer(http, await answer.Content.ReadAsStringAsync(cancel.Token));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !http.RequestAborted.IsCancellationRequested))
        {
            return Unreachable(ex);
        }
    }

    public async Task<IResult> LongPollAsync(HttpContext http, long session, int maxEvents)
    {
        if (await Precheck(http) is { } refused)
        {
            return refused;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cancel.CancelAfter(MediaProxyApi.PollCap);
        try
        {
            var url = $"{Url($"{session}")}?maxev={maxEvents}&rid={Environment.TickCount64}&apisecret={Uri.EscapeDataString(options.Value.ApiSecret!)}";
            using var answer = await _janus.GetAsync(url, cancel.Token);
            return Answer(http, await answer.Content.ReadAsStringAsync(cancel.Token));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !http.RequestAborted.IsCancellationRequested))
        {
            return Unreachable(ex);
        }
    }

    /// <summary>Janus's answer, unchanged; a feed it says was (re)published gets the room's mutes (queued, not awaited).</summary>
    private IResult Answer(HttpContext http, string answer)
    {
        feeds.Forwarded(answer, http.User.UserId()!);
        return Results.Content(answer, "application/json");
    }

    /// <summary>Media on, and the person within their allowance (shared by all nodes, like every per-person limit).</summary>
    private async Task<IResult?> Precheck(HttpContext http)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.Problem(MediaAccessService.OffReason, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
        var userId = http.User.UserId()!;
        var decision = await limits.TakeAsync(LimitKeys.MediaProxy(userId), 1,
            new TokenBucket(options.Value.ProxyRequestsPerSecond, options.Value.ProxyRequestBurst));
        if (decision.Allowed)
        {
            return null;
        }
        http.Response.Headers.RetryAfter = UserLimits.RetryAfterSeconds(decision.RetryAfter);
        return TypedResults.Problem($"Too many requests to the media server; try again in {UserLimits.Describe(decision.RetryAfter)}.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }

    /// <summary>A VideoRoom request: one of a participant's, with no administrator's fields; a join only into a room the person is in, under their own id.</summary>
    private async Task<IResult?> CheckPluginMessageAsync(HttpContext http, JsonObject message, (long Session, long Handle) on)
    {
        if (message["body"] is not JsonObject body || body["request"] is not JsonValue requestValue || !requestValue.TryGetValue<string>(out var request))
        {
            return MediaProxyApi.Refuse("A VideoRoom message needs a body with a \"request\".");
        }
        if (!MediaProxyApi.Allowed.Contains(request))
        {
            return MediaProxyApi.Refuse($"\"{MediaProxyApi.Truncate(request)}\" is not a request participants may make; the server runs the media rooms.");
        }
        if (MediaProxyApi.AdminFields.FirstOrDefault(body.ContainsKey) is { } field)
        {
            return MediaProxyApi.Refuse($"\"{field}\" is for the server only; recording and room settings are not available to participants.");
        }
        return request is "join" or "joinandconfigure" ? await CheckJoinAsync(http, body, request, on) : null;
    }

    private async Task<IResult?> CheckJoinAsync(HttpContext http, JsonObject body, string request, (long Session, long Handle) on)
    {
        var ptype = body["ptype"] is JsonValue p && p.TryGetValue<string>(out var t) ? t : null;
        if (ptype is not ("publisher" or "subscriber") || (request == "joinandconfigure" && ptype != "publisher"))
        {
            return MediaProxyApi.Refuse("A join says ptype \"publisher\" or \"subscriber\" (joinandconfigure: publisher only).");
        }
        var janusRoom = body["room"] is JsonValue r && r.TryGetValue<string>(out var room) ? room : null;
        if (ids.RoomIdOf(janusRoom) is not { } roomId)
        {
            return MediaProxyApi.Refuse("That is not a media room of this server; ask the room for access (GetMediaAccess) first.");
        }
        var userId = http.User.UserId()!;
        var admission = access.ByDirectory(userId, roomId);
        if (!admission.Allowed)
        {
            return MediaProxyApi.Refuse(admission.Reason!);
        }
        var actor = admission.Actor!;
        var (refusal, sharer) = await runner.ReadAsync(roomId, state => (MediaAccessService.Refusal(state, actor), state.Feature<MediaState>().ScreenSharer));
        if (refusal is not null)
        {
            return MediaProxyApi.Refuse(refusal);
        }
        if (ptype == "subscriber")
        {
            return null;
        }
        var id = body["id"] is JsonValue i && i.TryGetValue<string>(out var given) ? given : null;
        if (id == ids.PublisherId(roomId, userId, MediaFeed.Camera))
        {
            feeds.JoinForwarded(on.Session, on.Handle, roomId, userId);
            return null;
        }
        if (id == ids.PublisherId(roomId, userId, MediaFeed.Screen))
        {
            return sharer == userId ? null : MediaProxyApi.Refuse("Start sharing your screen in the room (StartScreenShare) before its feed joins.");
        }
        return MediaProxyApi.Refuse("A publisher joins with the id the room gave you (publisherId or screenPublisherId from GetMediaAccess).");
    }

    private string Url(string path) => options.Value.JanusUrl!.TrimEnd('/') + (path.Length > 0 ? "/" + path : "");

    private IResult Unreachable(Exception ex)
    {
        LogUnreachable(ex.Message);
        return TypedResults.Problem(MediaAccessService.UnreachableReason, statusCode: StatusCodes.Status502BadGateway, title: "Bad gateway");
    }

    public void Dispose() => _janus.Dispose();

    [LoggerMessage(EventId = 7509, Level = LogLevel.Debug, Message = "Media proxy refused a request of {UserId} to {Path}")]
    private partial void LogRefused(string userId, string path);

    [LoggerMessage(EventId = 7510, Level = LogLevel.Warning, Message = "Media proxy could not reach Janus: {Reason}")]
    private partial void LogUnreachable(string reason);
}
