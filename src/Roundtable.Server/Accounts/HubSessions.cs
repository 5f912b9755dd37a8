using Microsoft.AspNetCore.SignalR;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Accounts;

/// <summary>
/// This node's open connections of both hubs, by person, each with the sign-in it was opened under (its claims): what
/// <see cref="SessionEnds"/> closes when a session ends. As a hub filter it keeps that list, and it refuses any call
/// of a connection whose session has ended and closes the connection: the call may arrive before this node's
/// projection has the sign-out.
/// </summary>
public sealed class HubSessions(CohortAccess access) : IHubFilter
{
    private const string Ended = "This session has ended: sign in again.";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, HubCallerContext>> _byUser = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!IsCurrent(context.Context))
        {
            context.Context.Abort();
            throw new HubException(Ended);
        }
        return await next(context);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var connection = context.Context;
        if (connection.User?.UserId() is { } userId)
        {
            lock (_lock)
            {
                if (!_byUser.TryGetValue(userId, out var open))
                {
                    _byUser[userId] = open = new Dictionary<string, HubCallerContext>(StringComparer.Ordinal);
                }
                open[connection.ConnectionId] = connection;
            }
        }
        // Asked once it is listed: a sign-out projected since the request was authenticated found nothing here to close.
        // Closed, not thrown: an ended session is no failure of the server.
        if (!IsCurrent(connection))
        {
            connection.Abort();
            return;
        }
        try
        {
            await next(context);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            Remove(connection);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            Remove(context.Context);
        }
    }

    /// <summary>True when the person has an open hub connection on this node.</summary>
    public bool HasAny(string userId)
    {
        lock (_lock)
        {
            return _byUser.ContainsKey(userId);
        }
    }

    /// <summary>
    /// Closes the person's connections on this node whose session is no longer current; returns how many. Closing
    /// only starts here (SignalR finishes it on another thread), so this never waits.
    /// </summary>
    public int CloseEnded(string userId)
    {
        HubCallerContext[] open;
        lock (_lock)
        {
            open = _byUser.TryGetValue(userId, out var connections) ? [.. connections.Values] : [];
        }
        var closed = 0;
        foreach (var connection in open.Where(c => !IsCurrent(c)))
        {
            connection.Abort();
            closed++;
        }
        return closed;
    }

    private void Remove(HubCallerContext connection)
    {
        if (connection.User?.UserId() is { } userId)
        {
            lock (_lock)
            {
                if (_byUser.TryGetValue(userId, out var open) && open.Remove(connection.ConnectionId) && open.Count == 0)
                {
                    _byUser.Remove(userId);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="SessionService.IsCurrent(System.Security.Claims.ClaimsPrincipal, Storage.UserRecord?)"/>; the account's
    /// record comes from memory between directory changes, so a call costs no read.
    /// </summary>
    private bool IsCurrent(HubCallerContext connection) =>
        connection.User is { } user && user.UserId() is { } userId && SessionService.IsCurrent(user, access.User(userId));
}
