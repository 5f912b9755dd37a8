using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Email;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scheduling;

/// <summary>
/// Sends the reminders a day and 15 minutes before each session, to each of its people, with the way in. Runs on every
/// node: the due reminders are a read model projected from the log (so they survive a restart and follow a moved or
/// cancelled session), and each email is claimed through <see cref="MailOutbox"/> under a key naming the roundtable,
/// the reminder and the session's calendar sequence, so it goes once however many nodes wake for it. Sleeps until the
/// next reminder falls due (or the schedule changes), never polling.
/// </summary>
public sealed partial class ReminderService(
    RoundtableDb db, IServiceProvider services, TimeProvider time, ILogger<ReminderService> logger) : BackgroundService, IProjectionListener
{
    private readonly Lock _lock = new();
    // Resolved when first needed: the outbox writes through the projector, which is told of this listener.
    private MailOutbox? _outbox;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // What this node has already handled; after a restart, MailOutbox's claims keep it from sending again.
    private readonly HashSet<string> _handled = [];

    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        if (batch.Any(e => e.Event is RoundtableScheduled or RoundtableRescheduled or RoundtableCancelled or RoundtableStarted))
        {
            lock (_lock)
            {
                _changed.TrySetResult();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: the projector is told of this listener.
        var projector = services.GetRequiredService<Projector>();
        _outbox = services.GetRequiredService<MailOutbox>();
        while (!projector.IsReady)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }
            TimeSpan wait;
            try
            {
                wait = await SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
                wait = TimeSpan.FromMinutes(1);
            }
            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(Task.Delay(wait, time, sleep.Token), changed);
            await sleep.CancelAsync();
            lock (_lock)
            {
                if (_changed.Task.IsCompleted)
                {
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    /// <summary>Sends what is due now; answers how long until the next reminder falls due.</summary>
    private async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = db.DueReminders.Find(r => r.DueAt <= now && r.StartsAt > now).ToList();
        foreach (var reminder in due)
        {
            var key = $"reminder:{reminder.RoundtableId}:{reminder.Kind}:{reminder.Sequence}";
            // A day's reminder that falls due within the last quarter hour (after an outage, or for a session scheduled
            // at short notice) gives way to the quarter hour's own.
            if (_handled.Contains(key) || (reminder.Kind == "24h" && reminder.StartsAt - now <= TimeSpan.FromMinutes(15)))
            {
                continue;
            }
            if (db.Roundtables.FindById(reminder.RoundtableId) is { Cancelled: false, Status: RoomStatus.Scheduled } roundtable
                && roundtable.Sequence == reminder.Sequence)
            {
                foreach (var userId in ScheduleProjection.PeopleOf(db, roundtable))
                {
                    await _outbox!.SendOnceAsync($"{key}:{userId}", userId, EmailKinds.Reminders, user => Compose(user, roundtable, reminder.Kind), cancellationToken);
                }
                LogReminded(roundtable.Id, reminder.Kind);
            }
            _handled.Add(key);
        }
        var next = db.DueReminders.Query().Where(r => r.DueAt > now).OrderBy(r => r.DueAt).Limit(1).FirstOrDefault();
        var wait = next is null ? TimeSpan.FromHours(1) : next.DueAt - now;
        // Task.Delay takes at most about 49 days; a long wait is simply taken again.
        return wait > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private EmailMessage Compose(UserRecord user, RoundtableRecord roundtable, string kind)
    {
        var when = ScheduleProjection.When(roundtable.ScheduledStart, user.TimeZone);
        var join = _outbox!.Link(ScheduleProjection.RoomLink(roundtable.Id));
        return kind == "24h"
            // "Coming up", not "tomorrow": a session scheduled at a day's notice or less gets this one at once.
            ? new EmailMessage($"Coming up: {roundtable.Title}, {when}",
                $"“{roundtable.Title}” starts {when}, for {roundtable.DurationMinutes} minutes.\n\nJoin: {join}\n")
            : new EmailMessage($"Starting in 15 minutes: {roundtable.Title}",
                $"“{roundtable.Title}” starts in 15 minutes: {when}.\n\nJoin: {join}\n");
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Reminded the people of roundtable {RoundtableId} ({Kind} before)")]
    private partial void LogReminded(string roundtableId, string kind);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Error, Message = "Sending due reminders failed; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
