using Microsoft.Extensions.Options;
using Roundtable.Core.Discussions;
using Roundtable.Core.Log;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Discussions;

/// <summary>
/// Emails the replies that came within a thread's quiet period (and so were not emailed at once) once the thread has
/// been quiet for <see cref="DiscussionsOptions.ReplyEmailQuietPeriod"/>, gathered in one email per thread and person.
/// What is pending comes from the reply notifications of the last quiet period and
/// <see cref="EmailOptions.SendEventsWithin"/>, and what each person was last emailed from the email's own stream, so it
/// survives a restart and goes once however many nodes wake for it.
/// </summary>
public sealed partial class DiscussionReplyDigests(
    RoundtableDb db, IServiceProvider services, TimeProvider time, IOptions<DiscussionsOptions> options, IOptions<EmailOptions> email,
    ILogger<DiscussionReplyDigests> logger) : DueMailService(services, time)
{
    // Resolved when first needed: the mailer sends through the log, whose projector is told of this listener.
    private DiscussionMailer? _mailer;
    private DiscussionWriter? _writer;
    // Gatherings this node has asked for (the key and how far it covered); the email's stream stops a second one anyway.
    private readonly HashSet<(string Key, long Mark)> _handled = [];

    protected override bool Concerns(StoredEvent stored) => stored.Event is ReplyPosted;

    protected override void OnFailed(Exception exception) => LogFailed(exception);

    protected override async Task<DateTime> SendDueAsync(DateTime now, CancellationToken cancellationToken)
    {
        _mailer ??= Services.GetRequiredService<DiscussionMailer>();
        _writer ??= Services.GetRequiredService<DiscussionWriter>();
        var quiet = options.Value.ReplyEmailQuietPeriod;
        var since = now - quiet - email.Value.SendEventsWithin;
        var pending = db.Notifications.Find(n => n.At >= since).ToList()
            .Where(n => n.Kind == DiscussionProjection.ReplyKind)
            .Select(n => (ThreadId: DiscussionProjection.ThreadIdOf(n.Link), Notification: n))
            .Where(p => p.ThreadId is not null)
            .GroupBy(p => (ThreadId: p.ThreadId!, p.Notification.UserId))
            .Select(g => (g.Key.ThreadId, g.Key.UserId, Latest: g.Max(p => p.Notification.At),
                First: g.Min(p => p.Notification.Position), Mark: g.Max(p => p.Notification.Position)))
            .ToList();
        DateTime? next = null;
        var current = new HashSet<(string, long)>();
        foreach (var (threadId, userId, latest, first, mark) in pending)
        {
            var dueAt = latest + quiet;
            if (dueAt > now)
            {
                next = next is { } soonest && soonest <= dueAt ? soonest : dueAt;
                continue;
            }
            var handled = ($"{threadId}:{userId}", mark);
            current.Add(handled);
            if (_handled.Contains(handled))
            {
                continue;
            }
            // Someone who has since left the cohort (or the circle) is not sent what they may no longer read.
            if (db.DiscussionThreads.FindById(threadId) is { } thread && _writer.Find(thread.Id, userId) is not null
                && await _mailer.SendRepliesAsync(thread, userId, new DateTimeOffset(now, TimeSpan.Zero), mark, first - 1, cancellationToken) == MailOutcome.Sent)
            {
                LogGathered(threadId);
            }
            _handled.Add(handled);
        }
        // What fell out of the window is never looked at again.
        _handled.IntersectWith(current);
        return next ?? now + quiet;
    }

    [LoggerMessage(EventId = 8330, Level = LogLevel.Information, Message = "Emailed the replies gathered in discussion thread {ThreadId} during its quiet period")]
    private partial void LogGathered(string threadId);

    [LoggerMessage(EventId = 8331, Level = LogLevel.Error, Message = "Emailing the replies gathered in discussion threads failed; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
