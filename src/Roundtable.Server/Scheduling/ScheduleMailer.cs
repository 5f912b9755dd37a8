using System.Text;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scheduling;

/// <summary>
/// Tells the people of a cohort (or a circle) by email when its schedule changes: one email per person per change,
/// carrying every roundtable the change touched as one calendar (METHOD:REQUEST with each roundtable's UID and new
/// SEQUENCE, or METHOD:CANCEL), so their calendar adds, moves or removes the entries.
/// </summary>
public sealed class ScheduleMailer(RoundtableDb db, MailOutbox outbox, TimeProvider time) : IEventMailer
{
    public async Task OnEventAsync(StoredEvent stored, CancellationToken cancellationToken)
    {
        if (stored.Event is not ScheduleAnnounced e)
        {
            return;
        }
        var roundtables = e.RoundtableIds.Select(id => db.Roundtables.FindById(id)).OfType<RoundtableRecord>().OrderBy(r => r.ScheduledStart).ToList();
        if (roundtables.Count == 0)
        {
            return;
        }
        var method = e.Change == ScheduleChange.Cancelled ? CalendarFiles.Cancel : CalendarFiles.Request;
        var calendar = CalendarFiles.Build(roundtables, method, outbox.Link, time.GetUtcNow(), circleOf: id => db.Circles.FindById(id));
        var by = db.Users.FindById(e.By)?.DisplayName ?? "Someone";
        foreach (var userId in ScheduleProjection.PeopleOf(db, roundtables[0]))
        {
            await outbox.SendOnceAsync($"schedule:{stored.Position}:{userId}", userId, EmailKinds.RoundtableSchedule,
                user => Compose(user, e, roundtables, by, calendar, method), cancellationToken);
        }
    }

    private EmailMessage Compose(UserRecord user, ScheduleAnnounced e, List<RoundtableRecord> roundtables, string by, string calendar, string method)
    {
        var first = roundtables[0];
        var subject = e.Change switch
        {
            ScheduleChange.Scheduled => "Scheduled",
            ScheduleChange.Changed => "Changed",
            _ => "Cancelled",
        } + $": {first.Title}, {ScheduleProjection.When(first.ScheduledStart, user.TimeZone)}" + (roundtables.Count > 1 ? $" and {roundtables.Count - 1} more" : "");
        var text = new StringBuilder()
            .Append(by).Append(' ').Append(ScheduleProjection.Describe(e.Change, roundtables, user.TimeZone)).Append(".\n\n");
        foreach (var r in roundtables)
        {
            text.Append("- ").Append(r.Title).Append(": ").Append(ScheduleProjection.When(r.ScheduledStart, user.TimeZone))
                .Append(", ").Append(r.DurationMinutes).Append(" minutes");
            text.Append(e.Change == ScheduleChange.Cancelled ? " (cancelled)\n" : $"\n  Join: {outbox.Link(ScheduleProjection.RoomLink(r.Id))}\n");
        }
        text.Append("\nThe schedule: ").Append(outbox.Link(ScheduleProjection.ScheduleLink(e.CohortId))).Append('\n');
        text.Append(e.Change == ScheduleChange.Cancelled
            ? "The attached calendar file removes it from your calendar.\n"
            : "The attached calendar invitation adds it to your calendar (or updates it there).\n");
        return new EmailMessage(subject, text.ToString(), Calendar: calendar, CalendarMethod: method);
    }
}
