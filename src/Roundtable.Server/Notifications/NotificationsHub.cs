using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Notifications;

/// <summary>What the server pushes to a person's open pages.</summary>
public interface INotificationsClient
{
    Task NotificationArrived(NotificationDto notification);
}

/// <summary>
/// Per-person live notifications: a signed-in connection only listens. Every node follows the log and pushes a new
/// notification to the connections open on it (<see cref="Notifier"/>), so a page on any node hears of it once.
/// </summary>
[Authorize]
public sealed class NotificationsHub(NotificationConnections connections) : Hub<INotificationsClient>
{
    public const string Path = "/hubs/notifications";

    public override Task OnConnectedAsync()
    {
        var userId = Context.User?.UserId() ?? throw new HubException("Sign in to receive notifications.");
        connections.Add(userId, Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.UserId() is { } userId)
        {
            connections.Remove(userId, Context.ConnectionId);
        }
        return Task.CompletedTask;
    }
}
