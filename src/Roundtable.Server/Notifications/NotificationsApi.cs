using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Hubs;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Notifications;

public sealed record NotificationDto(string Id, string Kind, string Text, string Link, DateTimeOffset At, bool Read)
{
    public static NotificationDto From(NotificationRecord n) =>
        new(n.Id, n.Kind, n.Text, n.Link, n.At.AsUtc(), n.Read);
}

public sealed record NotificationsDto(int Unread, IReadOnlyList<NotificationDto> Items);

/// <summary>Sends the notifications an appended event made to their people's open pages, once this node has projected them.</summary>
public sealed class Notifier(RoundtableDb db, Projector projector, IHubContext<NotificationsHub, INotificationsClient> hub)
{
    public async Task PublishAsync(AppendResult appended, CancellationToken cancellationToken)
    {
        await projector.WaitForAsync(appended.LastPosition, cancellationToken);
        foreach (var stored in appended.Events)
        {
            // Read out first: LiteDB's read lock belongs to the thread, and the await below may resume on another.
            foreach (var notification in db.Notifications.Find(n => n.Position == stored.Position).ToList())
            {
                await hub.Clients.Group(NotificationsHub.GroupOf(notification.UserId)).NotificationArrived(NotificationDto.From(notification));
            }
        }
    }
}

/// <summary>Each person's notifications, newest first; only their own, and only they mark them read.</summary>
public static class NotificationsApi
{
    private const int MaxListed = 50;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notifications");
        api.MapGet("", List).WithDescription("The caller's latest notifications, newest first, with how many are unread.");
        api.MapPost("/{notificationId}/read", MarkRead).WithDescription("Marks one of the caller's notifications read.");
        app.MapBufferedHub<NotificationsHub>(NotificationsHub.Path);
        return app;
    }

    private static Ok<NotificationsDto> List(ClaimsPrincipal principal, RoundtableDb db)
    {
        var userId = principal.UserId()!;
        var all = db.Notifications.Find(n => n.UserId == userId).ToList();
        var items = all.OrderByDescending(n => n.Position).Take(MaxListed).Select(NotificationDto.From).ToList();
        return TypedResults.Ok(new NotificationsDto(all.Count(n => !n.Read), items));
    }

    private static async Task<Results<Ok<NotificationDto>, ProblemHttpResult>> MarkRead(
        string notificationId, ClaimsPrincipal principal, RoundtableDb db, IEventLog log, Projector projector, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (notificationId.Length > 200 || db.Notifications.FindById(notificationId) is not { } notification || notification.UserId != userId)
        {
            return CohortsApi.NotFound("notification", notificationId);
        }
        // The inbox stream takes one mark at a time; another of their pages marking something at the same moment is a
        // conflict, and the next attempt goes after it.
        for (var attempt = 0; attempt < 3 && !notification.Read; attempt++)
        {
            var inbox = StreamNames.Inbox(userId);
            var appended = await log.AppendAsync(inbox, await log.GetStreamVersionAsync(inbox, cancellationToken), [new NotificationRead(userId, notificationId)], cancellationToken);
            if (appended.Succeeded)
            {
                await projector.WaitForAsync(appended.LastPosition, cancellationToken);
                break;
            }
        }
        return TypedResults.Ok(NotificationDto.From(db.Notifications.FindById(notificationId)));
    }
}
