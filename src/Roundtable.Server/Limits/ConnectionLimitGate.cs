using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Limits;

/// <summary>
/// Refuses a new hub connection of a person who has as many open as they may, with a 429 and problem details, before
/// SignalR accepts it: at negotiation, or at the connect request of a client that skips negotiation. A SignalR hub
/// can only refuse a connection it has already accepted by closing it, which the client sees as a dropped connection.
/// <see cref="HubLimits"/> does the counting; this only looks.
/// </summary>
public sealed class ConnectionLimitGate(RequestDelegate next, UserLimits limits, IOptions<LimitsOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is { } hub
            && IsNewConnection(http.Request)
            && http.User.UserId() is { } userId
            && !await limits.HasRoomForConnectionAsync(HubLimits.HubName(hub.HubType), userId))
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many connections",
                    Detail = $"Your account has {options.Value.ConnectionsPerUser} connections open here already, as many as it may. Close a page or a tab you no longer use, then reload this one.",
                },
            });
            return;
        }
        await next(http);
    }

    /// <summary>Negotiation, or a transport request without a connection id (a client that skipped negotiation).</summary>
    private static bool IsNewConnection(HttpRequest request) =>
        request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) == true || !request.Query.ContainsKey("id");
}
