using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Limits;

/// <summary>
/// Refuses a hub connection beyond a person's limit with a 429 and problem details, before SignalR accepts it (a hub
/// can only refuse a connection it has already accepted, by closing it: the client sees a dropped connection).
/// A WebSocket or server-sent-events request lasts as long as its connection, so it is counted here, atomically, for
/// its whole length: connections opened all at once cannot slip past the limit together. Negotiation is only checked
/// (it is the earliest clear answer for the usual case). Long polling, whose requests come and go, is counted by
/// <see cref="HubLimits"/> once the hub has the connection.
/// </summary>
public sealed class ConnectionLimitGate(RequestDelegate next, UserLimits limits, IOptions<LimitsOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is not { } hub || http.User.UserId() is not { } userId)
        {
            await next(http);
            return;
        }
        var hubName = HubLimits.HubName(hub.HubType);
        if (http.Request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) == true)
        {
            if (await limits.HasRoomForConnectionAsync(hubName, userId))
            {
                await next(http);
            }
            else
            {
                await RefuseAsync(http);
            }
            return;
        }
        if (!LastsAsLongAsTheConnection(http))
        {
            await next(http);
            return;
        }
        var slot = Guid.NewGuid().ToString("N");
        if (!await limits.TryOpenConnectionAsync(hubName, userId, slot))
        {
            await RefuseAsync(http);
            return;
        }
        try
        {
            await next(http);
        }
        finally
        {
            await limits.CloseConnectionAsync(hubName, userId, slot);
        }
    }

    /// <summary>
    /// A WebSocket (before SignalR's own WebSocket middleware has run, so by its upgrade request's headers, or an
    /// HTTP/2 extended CONNECT; a test host provides WebSockets itself) or a server-sent-events stream.
    /// </summary>
    private static bool LastsAsLongAsTheConnection(HttpContext http) =>
        http.WebSockets.IsWebSocketRequest
        || http.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
        || http.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || (HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal));

    private Task RefuseAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many connections",
                Detail = $"Your account has {options.Value.ConnectionsPerUser} connections open here already, as many as it may. Close a page or a tab you no longer use, then reload this one.",
            },
        }).AsTask();
    }
}
