using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Server.Accounts;
using Roundtable.Server.Discussions;

namespace Roundtable.Server.Notifications;

/// <summary>What the server pushes to a person's open pages.</summary>
public interface INotificationsClient
{
    Task NotificationArrived(NotificationDto notification);

    /// <summary>The watched thread changed (a reply, edit, reaction, removal, pin or lock): the thread as this reader sees it now.</summary>
    Task ThreadChanged(ThreadDetailDto thread);

    /// <summary>A thread of the watched list changed or started.</summary>
    Task DiscussionsChanged(DiscussionsChangedDto change);
}

/// <summary>
/// Per-person live notifications: a signed-in connection only listens. Every node follows the log and pushes a new
/// notification to the connections open on it (<see cref="Notifier"/>), so a page on any node hears of it once.
/// A discussion page also watches its thread or its thread list here (<see cref="DiscussionLiveUpdates"/>).
/// </summary>
[Authorize]
public sealed class NotificationsHub(NotificationConnections connections, DiscussionWatchers discussions) : Hub<INotificationsClient>
{
    public const string Path = "/hubs/notifications";

    public override Task OnConnectedAsync()
    {
        var userId = Context.User?.UserId() ?? throw new HubException("Sign in to receive notifications.");
        connections.Add(userId, Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>Keeps this page's thread current; a thread the caller may not read is answered as one that does not exist.</summary>
    public void WatchThread(string threadId)
    {
        if (!discussions.WatchThread(Context.ConnectionId, Context.User!.UserId()!, threadId ?? throw new HubException("Say which thread: give its id.")))
        {
            throw new HubException(DiscussionWriter.NotFound(threadId).Detail);
        }
    }

    /// <summary>Tells this page when the thread list of a cohort (or of one of its circles, <paramref name="circleId"/>) changes.</summary>
    public void WatchDiscussions(string cohortId, string? circleId)
    {
        var userId = Context.User!.UserId()!;
        if (!discussions.WatchPlace(Context.ConnectionId, userId, cohortId ?? throw new HubException("Say which cohort: give its id."), circleId))
        {
            throw new HubException($"There is no cohort '{cohortId}' (or circle of it) whose discussions you can see.");
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        discussions.Forget(Context.ConnectionId);
        if (Context.User?.UserId() is { } userId)
        {
            connections.Remove(userId, Context.ConnectionId);
        }
        return Task.CompletedTask;
    }
}
