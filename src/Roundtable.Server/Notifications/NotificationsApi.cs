using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Hubs;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Notifications;

public sealed record NotificationDto(string Id, string Kind, string Text, string Link, DateTimeOffset At, bool Read)
{
    public static NotificationDto From(NotificationRecord n) =>
        new(n.Id, n.Kind, n.Text, n.Link, n.At.AsUtc(), n.Read);
}

public sealed record NotificationsDto(int Unread, IReadOnlyList<NotificationDto> Items);

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
        string notificationId, ClaimsPrincipal principal, RoundtableDb db, EventStreamWriter writer, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (notificationId.Length > 200 || db.Notifications.FindById(notificationId) is not { } notification || notification.UserId != userId)
        {
            return Problems.NotFound("notification", notificationId);
        }
        if (!notification.Read)
        {
            await MarkReadAsync(writer, userId, notificationId, cancellationToken);
        }
        return TypedResults.Ok(NotificationDto.From(db.Notifications.FindById(notificationId)));
    }

    private static readonly StreamWriteOptions InboxWrites = new() { MaxAttempts = 3, ReadYourWrite = true };

    /// <summary>
    /// Appends that the person read the notification, unless their inbox already says so. Decided against the inbox as
    /// the log has it: when another of their pages marks it read at the same moment, the loser of the race reads that
    /// mark and appends nothing. The answer: whether this call marked it.
    /// </summary>
    internal static Task<StreamWriteResult<HashSet<string>, bool>> MarkReadAsync(
        EventStreamWriter writer, string userId, string notificationId, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(Inbox(userId), marked => marked.Contains(notificationId)
            ? StreamDecision.Nothing(false)
            : StreamDecision.Append(true, new NotificationRead(userId, notificationId)), InboxWrites, cancellationToken);

    /// <summary>The notifications a person has marked read, folded from their inbox stream.</summary>
    private static FoldedStream<HashSet<string>> Inbox(string userId) =>
        FoldedStream.Of<HashSet<string>>(StreamNames.Inbox(userId), new(StringComparer.Ordinal), (marked, stored) =>
        {
            if (stored.Event is NotificationRead read)
            {
                marked.Add(read.NotificationId);
            }
        });
}
