using System.Globalization;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scheduling;

/// <summary>
/// The schedule into read models: each roundtable's time, sequence and cancellation, the reminders that fall due, the
/// calendar feeds, and the notifications its members get (a change of the schedule; a roundtable going live).
/// </summary>
public static class ScheduleProjection
{
    /// <summary>How long before a roundtable each reminder falls due.</summary>
    public static readonly IReadOnlyList<(string Kind, TimeSpan Before)> Reminders = [("24h", TimeSpan.FromHours(24)), ("15m", TimeSpan.FromMinutes(15))];

    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        var at = stored.At.UtcDateTime;
        switch (stored.Event)
        {
            case RoundtableRescheduled e:
                return Update(db, e.RoundtableId, r =>
                {
                    r.Title = e.Title;
                    r.ScheduledStart = e.ScheduledStart.UtcDateTime;
                    r.DurationMinutes = e.DurationMinutes;
                    r.TimeZone = e.TimeZone;
                    r.Sequence++;
                    Scheduled(db, r);
                });
            case RoundtableCancelled e:
                return Update(db, e.RoundtableId, r =>
                {
                    r.Cancelled = true;
                    r.Sequence++;
                    db.DueReminders.DeleteMany(x => x.RoundtableId == r.Id);
                });
            case ScheduleAnnounced e:
                Announce(db, stored, e);
                return true;
            case CalendarFeedIssued e:
                db.CalendarFeeds.DeleteMany(f => f.UserId == e.UserId);
                db.CalendarFeeds.Insert(new CalendarFeedRecord { Id = e.TokenHash, UserId = e.UserId, IssuedAt = at });
                return true;
            case CalendarFeedRevoked e:
                db.CalendarFeeds.DeleteMany(f => f.UserId == e.UserId);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The reminders of a session at its current time and sequence (breakouts and circles' rooms have none).</summary>
    public static void Scheduled(RoundtableDb db, RoundtableRecord roundtable)
    {
        if (roundtable.Kind != RoundtableKind.Session || roundtable.Cancelled || roundtable.Status != RoomStatus.Scheduled)
        {
            return;
        }
        foreach (var (kind, before) in Reminders)
        {
            db.DueReminders.Upsert(new DueReminderRecord
            {
                Id = DueReminderRecord.KeyOf(roundtable.Id, kind),
                RoundtableId = roundtable.Id,
                Kind = kind,
                DueAt = roundtable.ScheduledStart - before,
                StartsAt = roundtable.ScheduledStart,
                Sequence = roundtable.Sequence,
            });
        }
    }

    /// <summary>A roundtable went live: no more reminders; each of its people hears it is live, with the way in.</summary>
    public static void Started(RoundtableDb db, StoredEvent stored, RoundtableRecord roundtable, string? startedBy)
    {
        db.DueReminders.DeleteMany(x => x.RoundtableId == roundtable.Id);
        if (roundtable.Kind == RoundtableKind.Breakout)
        {
            return;
        }
        foreach (var userId in PeopleOf(db, roundtable).Where(id => id != startedBy))
        {
            Notify(db, stored, userId, "roundtable-live", $"“{roundtable.Title}” is live — join now.", RoomLink(roundtable.Id));
        }
    }

    /// <summary>Who a roundtable is for: its cohort's members, or for a circle's room the circle's mentor and members.</summary>
    public static IReadOnlyList<string> PeopleOf(RoundtableDb db, RoundtableRecord roundtable)
    {
        if (roundtable.Kind == RoundtableKind.Circle)
        {
            var circle = roundtable.ParentId is null ? null : db.Circles.FindById(roundtable.ParentId);
            return circle is null ? [] : [.. circle.MemberIds.Append(circle.MentorId).OfType<string>().Distinct()];
        }
        return [.. db.Memberships.Find(m => m.CohortId == roundtable.CohortId).Select(m => m.UserId)];
    }

    public static string RoomLink(string roundtableId) => $"/room.html?id={Uri.EscapeDataString(roundtableId)}";

    public static string ScheduleLink(string cohortId) => $"/schedule.html?cohort={Uri.EscapeDataString(cohortId)}";

    /// <summary>"Tue 8 Dec 2026, 10:00 (Europe/Berlin)": a time in the person's zone (UTC until they choose one), named.</summary>
    public static string When(DateTime utc, string? timeZone)
    {
        var zone = Recurrence.FindZone(timeZone) ?? TimeZoneInfo.Utc;
        var local = Recurrence.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);
        return $"{local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({(zone == TimeZoneInfo.Utc ? "UTC" : zone.Id)})";
    }

    /// <summary>What one change says, in one person's zone: "scheduled “Week 3” for …", "moved …", "cancelled …".</summary>
    public static string Describe(ScheduleChange change, IReadOnlyList<RoundtableRecord> roundtables, string? timeZone)
    {
        var first = roundtables[0];
        var what = roundtables.Count == 1
            ? $"“{first.Title}” on {When(first.ScheduledStart, timeZone)}"
            : $"{roundtables.Count} sessions of “{first.Title}”, the first on {When(first.ScheduledStart, timeZone)}";
        return change switch
        {
            ScheduleChange.Scheduled => $"scheduled {what}",
            ScheduleChange.Changed => roundtables.Count == 1 ? $"changed “{first.Title}”: now {When(first.ScheduledStart, timeZone)}, {first.DurationMinutes} minutes" : $"changed {what}",
            _ => $"cancelled {what}",
        };
    }

    private static void Announce(RoundtableDb db, StoredEvent stored, ScheduleAnnounced e)
    {
        var roundtables = e.RoundtableIds.Select(id => db.Roundtables.FindById(id)).OfType<RoundtableRecord>().OrderBy(r => r.ScheduledStart).ToList();
        if (roundtables.Count == 0)
        {
            return;
        }
        var by = db.Users.FindById(e.By)?.DisplayName ?? "Someone";
        var kind = e.Change switch { ScheduleChange.Scheduled => "roundtable-scheduled", ScheduleChange.Changed => "roundtable-changed", _ => "roundtable-cancelled" };
        foreach (var userId in PeopleOf(db, roundtables[0]).Where(id => id != e.By))
        {
            var zone = db.Users.FindById(userId)?.TimeZone;
            Notify(db, stored, userId, kind, $"{by} {Describe(e.Change, roundtables, zone)}.", ScheduleLink(e.CohortId));
        }
    }

    private static bool Update(RoundtableDb db, string roundtableId, Action<RoundtableRecord> change)
    {
        if (db.Roundtables.FindById(roundtableId) is not { } record)
        {
            return false;
        }
        change(record);
        db.Roundtables.Update(record);
        return true;
    }

    private static void Notify(RoundtableDb db, StoredEvent stored, string userId, string kind, string text, string link) =>
        NotificationRecord.Write(db, stored, userId, kind, text, link);
}
