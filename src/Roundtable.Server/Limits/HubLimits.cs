using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Limits;

/// <summary>
/// The per-person limits on every hub, in one place: each call costs tokens of the caller's allowance (shared by all
/// their connections, on every node) before the hub method runs. A refused call is a <see cref="HubException"/> saying
/// when to try again; nothing of it has run. Open connections are counted by <see cref="ConnectionLimitGate"/>, or
/// here for long polling.
/// </summary>
public sealed class HubLimits(UserLimits limits, IOptions<LimitsOptions> options) : IHubFilter
{
    private const string CountedKey = "limits:counted";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.Context.User?.UserId() is { } userId)
        {
            var decision = await limits.TakeCommandAsync(userId, CostOf(context));
            if (!decision.Allowed)
            {
                throw new HubException(
                    $"Slow down: your account is sending more than it may (all your pages together). Nothing was done; try again in {UserLimits.Describe(decision.RetryAfter)}.");
            }
        }
        return await next(context);
    }

    /// <summary>
    /// Counts a connection that <see cref="ConnectionLimitGate"/> did not (long polling). One beyond the limit (it got
    /// past the check at negotiation together with the person's other new connections) is closed at once, without an
    /// exception: SignalR would log each such exception at Error.
    /// </summary>
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.Features.Get<IHttpTransportFeature>()?.TransportType == HttpTransportType.LongPolling
            && context.Context.User?.UserId() is { } userId)
        {
            if (!await limits.TryOpenConnectionAsync(HubName(context.Hub), userId, context.Context.ConnectionId))
            {
                context.Context.Abort();
                return;
            }
            context.Context.Items[CountedKey] = true;
        }
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.ContainsKey(CountedKey) && context.Context.User?.UserId() is { } userId)
            {
                await limits.CloseConnectionAsync(HubName(context.Hub), userId, context.Context.ConnectionId);
            }
        }
    }

    /// <summary>The name connections are counted under, also for the check at negotiation (<see cref="ConnectionLimitGate"/>).</summary>
    public static string HubName(Type hub) => hub.Name;

    private static string HubName(Hub hub) => HubName(hub.GetType());

    /// <summary>What a call costs: 1, more where the work grows (a page of catch-up, a long preview).</summary>
    internal double CostOf(HubInvocationContext context) => context.Hub switch
    {
        RoomHub when context.HubMethodName == nameof(RoomHub.Catchup) => options.Value.CatchupCost,
        RoomHub when context.HubMethodName == nameof(RoomHub.PreviewMarkdown) =>
            1 + (context.HubMethodArguments is [string text, ..] ? text.Length / options.Value.PreviewCharactersPerToken : 0),
        _ => 1,
    };
}
