using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Turns "the log is unavailable" and "the outcome is unknown" into messages the client can show; other failures stay generic.
/// </summary>
public sealed class RoomHubErrors : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (EventLogUnavailableException ex)
        {
            throw new HubException(ex.Message);
        }
        catch (EventLogOutcomeUnknownException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
