using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scheduling;

/// <summary>
/// Sends the reminders a day and 15 minutes before each session and each circle meeting, to each of its people, with the
/// way in. Runs on every
/// node: the due reminders are a read model projected from the log (so they survive a restart and follow a moved or
/// cancelled session), and each email is claimed through <see cref="MailOutbox"/> under a key naming the roundtable,
/// the reminder and the session's calendar sequence, so it goes once however many nodes wake for it. Sleeps until the
/// next reminder falls due (or the schedule changes), never polling.
/// </summary>
public sealed partial class ReminderService(
    RoundtableDb db, IServiceProvider services, TimeProvider time, ILogger<ReminderService> logger) : DueMailService(services, time)
{
    // What this node has already handled; after a restart, MailOutbox's claims keep it from sending again.
    private readonly HashSet<string> _handled = [];

    protected override bool Concerns(StoredEvent stored) =>
        stored.Event is RoundtableScheduled or RoundtableRescheduled or RoundtableCancelled or RoundtableStarted or CircleFormed or CircleCadenceSet;

    protected override void OnFailed(Exception exception) => LogFailed(exception);

    /// <summary>Sends what is due now; answers when the next reminder falls due (in an hour at the latest, to look again).</summary>
    protected override async Task<DateTime> SendDueAsync(DateTime now, CancellationToken cancellationToken)
    {
        var (due, nextDue) = DueNow(now);
        foreach (var reminder in due)
        {
            // A day's reminder that falls due within the last quarter hour (after an outage, or for a session scheduled
            // at short notice) gives way to the quarter hour's own.
            if (_handled.Contains(reminder.Key) || (reminder.Kind == "24h" && reminder.StartsAt - now <= TimeSpan.FromMinutes(15)))
            {
                continue;
            }
            foreach (var userId in ScheduleProjection.PeopleOf(db, reminder.Room))
            {
                await Outbox.SendOnceAsync($"{reminder.Key}:{userId}", userId, EmailKinds.Reminders,
                    user => Compose(user, reminder.Room, reminder.StartsAt, reminder.Kind), cancellationToken);
            }
            LogReminded(reminder.Room.Id, reminder.Kind);
            _handled.Add(reminder.Key);
        }
        return nextDue ?? now.AddHours(1);
    }

    /// <summary>A reminder to send: its key names the room, the reminder and which time of the room it is for.</summary>
    private sealed record Due(string Key, RoundtableRecord Room, string Kind, DateTime StartsAt);

    /// <summary>
    /// The reminders due now and when the next falls due. A session's come from the projected due reminders, keyed by
    /// its calendar sequence; a circle's from its cadence, keyed by the meeting's start, each week's meeting afresh.
    /// </summary>
    private (List<Due> Due, DateTime? Next) DueNow(DateTime now)
    {
        var due = new List<Due>();
        DateTime? next = null;
        foreach (var reminder in db.DueReminders.Find(r => r.DueAt <= now && r.StartsAt > now))
        {
            if (db.Roundtables.FindById(reminder.RoundtableId) is { Cancelled: false, Status: RoomStatus.Scheduled } roundtable
                && roundtable.Sequence == reminder.Sequence)
            {
                due.Add(new Due($"reminder:{roundtable.Id}:{reminder.Kind}:{reminder.Sequence}", roundtable, reminder.Kind, roundtable.ScheduledStart));
            }
        }
        next = db.DueReminders.Query().Where(r => r.DueAt > now).OrderBy(r => r.DueAt).Limit(1).FirstOrDefault()?.DueAt;
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        foreach (var circle in db.Circles.FindAll())
        {
            if (db.Roundtables.FindById(circle.RoomId) is not { Cancelled: false } room)
            {
                continue;
            }
            foreach (var meeting in circle.Meetings(at).Take(Recurrence.MaxOccurrences).Where(m => !m.Skipped).Select(m => m.Start).Take(2))
            {
                foreach (var (kind, before) in ScheduleProjection.Reminders)
                {
                    var (starts, dueAt) = (meeting.UtcDateTime, (meeting - before).UtcDateTime);
                    if (dueAt <= now && starts > now && room.Status != RoomStatus.Live)
                    {
                        due.Add(new Due($"reminder:{room.Id}:{kind}:{starts:yyyyMMddTHHmm}", room, kind, starts));
                    }
                    else if (dueAt > now && (next is null || dueAt < next))
                    {
                        next = dueAt;
                    }
                }
            }
        }
        return (due, next);
    }

    private EmailMessage Compose(UserRecord user, RoundtableRecord roundtable, DateTime startsAt, string kind)
    {
        var when = ScheduleProjection.When(startsAt, user.TimeZone);
        var join = Outbox.Link(ScheduleProjection.RoomLink(roundtable.Id));
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
