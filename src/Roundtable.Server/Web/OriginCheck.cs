using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Web;

/// <summary>
/// Refuses requests that a page of another origin makes with this site's cookie: every request to a hub (negotiate,
/// WebSocket, server-sent events, long polling) and every state-changing request (anything but GET, HEAD, OPTIONS and
/// TRACE). SameSite=Strict does not cover this: a page on another port of the same host or on a sibling subdomain is
/// the same site, so the browser sends the cookie along.
/// </summary>
/// <remarks>
/// A request with an Origin header is allowed only from the request's own origin or <see cref="WebOptions.AllowedOrigins"/>.
/// Without one, Sec-Fetch-Site says where a browser request came from: "cross-site" and "same-site" are refused;
/// "same-origin", "none" (typed or bookmarked) and a request with neither header (a non-browser client, whose cookie
/// no victim's browser attached) are let through. Bearer-token requests carry no ambient credential and pass untouched.
/// </remarks>
public sealed partial class OriginCheck(RequestDelegate next, IOptions<WebOptions> options, ILogger<OriginCheck> logger)
{
    private readonly HashSet<string> _allowed = options.Value.AllowedOrigins
        .Select(o => Normalise(o) ?? throw new InvalidOperationException($"Web:AllowedOrigins has '{o}', which is not an origin such as https://example.org."))
        .ToHashSet(StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!NeedsCheck(request) || UsesBearerToken(request) || IsAllowed(request))
        {
            return next(context);
        }
        var origin = request.Headers.Origin.ToString();
        LogRefused(request.Method, request.Path.Value ?? "", origin.Length == 0 ? "(none)" : origin[..Math.Min(origin.Length, 200)],
            request.Headers["Sec-Fetch-Site"].ToString());
        return Results.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Cross-origin request refused",
            Detail = "This request came from a page of another origin. Open Roundtable itself and try there.",
        }).ExecuteAsync(context);
    }

    private static bool NeedsCheck(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs")
        || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));

    // As the authentication scheme selector decides: with a bearer token the cookie is not used at all.
    private static bool UsesBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    private bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            return !(site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase));
        }
        if (origin.Count > 1 || Normalise(origin.ToString()) is not { } normalised)
        {
            return false;
        }
        return _allowed.Contains(normalised)
            || (request.Host.HasValue && normalised == Normalise($"{request.Scheme}://{request.Host.Value}"));
    }

    /// <summary>"scheme://host:port" in lower case with the port spelled out, or null when it is not an http(s) origin.</summary>
    internal static string? Normalise(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant()
            : null;

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information,
        Message = "Refused a cross-origin {Method} {Path} (Origin {Origin}, Sec-Fetch-Site '{FetchSite}')")]
    private partial void LogRefused(string method, string path, string origin, string fetchSite);
}
