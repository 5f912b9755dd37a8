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
/// Per-person live notifications: a signed-in connection joins its person's group and only listens. Groups go through
/// the SignalR backplane when scaled out, so a notification sent on one node reaches the person's pages on any node.
/// </summary>
[Authorize]
public sealed class NotificationsHub : Hub<INotificationsClient>
{
    public const string Path = "/hubs/notifications";

    public static string GroupOf(string userId) => $"user:{userId}";

    public override Task OnConnectedAsync() =>
        Context.User?.UserId() is { } userId
            ? Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(userId))
            : throw new HubException("Sign in to receive notifications.");
}
