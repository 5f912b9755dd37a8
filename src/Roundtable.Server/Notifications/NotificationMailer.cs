using Roundtable.Core.Log;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Notifications;

/// <summary>
/// Emails the notifications that have an email counterpart, with the same words and a link to the same place: a
/// notification an event made becomes one email per person (sent once across nodes, only if they receive that kind).
/// </summary>
public sealed class NotificationMailer(RoundtableDb db, MailOutbox outbox) : IEventMailer
{
    /// <summary>Which notifications are also emailed, and as which kind of email.</summary>
    private static readonly Dictionary<string, string> EmailKindOf = new(StringComparer.Ordinal)
    {
        [PersonNotifications.MentorRequested] = EmailKinds.MentorRequests,
        [PersonNotifications.MentorRequestAnswered] = EmailKinds.MentorRequests,
        [PersonNotifications.MentorMatched] = EmailKinds.CirclePlacement,
        [PersonNotifications.CirclePlacement] = EmailKinds.CirclePlacement,
        [PersonNotifications.FeedbackReleased] = EmailKinds.FeedbackReleased,
        ["feedback-given"] = EmailKinds.PlanReviewed,
        ["async-feedback-released"] = EmailKinds.FeedbackReleased,
    };

    public async Task OnEventAsync(StoredEvent stored, CancellationToken cancellationToken)
    {
        var notifications = db.Notifications.Find(n => n.Position == stored.Position).ToList();
        foreach (var notification in notifications)
        {
            if (EmailKindOf.TryGetValue(notification.Kind, out var kind))
            {
                await outbox.SendOnceAsync($"notification:{notification.Id}", notification.UserId, kind, _ => new EmailMessage(
                    SubjectOf(notification.Text),
                    $"{notification.Text}\n\nSee it in Roundtable: {outbox.Link(notification.Link)}"), cancellationToken);
            }
        }
    }

    private static string SubjectOf(string text) => text.Length <= 120 ? text : text[..117] + "…";
}
