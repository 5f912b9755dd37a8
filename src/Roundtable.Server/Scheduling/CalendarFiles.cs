using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scheduling;

/// <summary>
/// Roundtables as iCalendar text (Ical.Net). Each roundtable is one VEVENT with a UID that never changes
/// ("{id}@roundtable") and the SEQUENCE its changes have reached, so a calendar that already holds it replaces it;
/// times are in UTC, which every calendar reads, and each shows in the reader's own zone; a circle's repeating meetings
/// are on its own zone's wall clock.
/// </summary>
public static class CalendarFiles
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string Publish = "PUBLISH";
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    public static string UidOf(string roundtableId) => $"{roundtableId}@roundtable";

    /// <param name="method">PUBLISH for downloads and feeds, REQUEST to invite, CANCEL to call off.</param>
    /// <param name="absolute">Turns a path ("/room.html?id=…") into the link a calendar shows.</param>
    /// <param name="circleOf">Finds the circle whose room a roundtable is: its meetings are one repeating event.</param>
    public static string Build(
        IEnumerable<RoundtableRecord> roundtables, string method, Func<string, string> absolute, DateTimeOffset now,
        string? name = null, Func<string, CircleRecord?>? circleOf = null)
    {
        var calendar = new Calendar { Method = method, ProductId = "-//Roundtable//Roundtable//EN" };
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }
        var stamp = new CalDateTime(now.UtcDateTime);
        var zones = new HashSet<string>();
        foreach (var r in roundtables)
        {
            var link = absolute(ScheduleProjection.RoomLink(r.Id));
            var start = DateTime.SpecifyKind(r.ScheduledStart, DateTimeKind.Utc);
            var entry = new CalendarEvent
            {
                Uid = UidOf(r.Id),
                Sequence = r.Sequence,
                DtStamp = stamp,
                Start = new CalDateTime(start),
                End = new CalDateTime(start.AddMinutes(r.DurationMinutes)),
                Summary = r.Title,
                Url = new Uri(link),
                Description = $"Join in Roundtable: {link}",
                Status = r.Cancelled || method == Cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
            };
            if (r.Kind == RoundtableKind.Circle && r.ParentId is not null && circleOf?.Invoke(r.ParentId) is { } circle)
            {
                MeetsByCadence(entry, circle, start, link, zones);
            }
            calendar.Events.Add(entry);
        }
        foreach (var zone in zones)
        {
            calendar.AddTimeZone(zone);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>
    /// A circle's meetings: from its room's next meeting, every week or fortnight on the wall clock of the circle's zone
    /// (DTSTART with its TZID and a VTIMEZONE), so calendars keep the local time across changes of the clocks.
    /// </summary>
    private static void MeetsByCadence(CalendarEvent entry, CircleRecord circle, DateTime firstUtc, string link, HashSet<string> zones)
    {
        var cadence = circle.ToCadence();
        var zone = Recurrence.FindZone(cadence.TimeZone) ?? TimeZoneInfo.Utc;
        if (zone != TimeZoneInfo.Utc)
        {
            var local = Recurrence.ToLocal(new DateTimeOffset(firstUtc), zone);
            entry.Start = new CalDateTime(local, zone.Id);
            entry.End = new CalDateTime(local.AddMinutes(cadence.DurationMinutes), zone.Id);
            zones.Add(zone.Id);
        }
        else
        {
            entry.End = new CalDateTime(firstUtc.AddMinutes(cadence.DurationMinutes));
        }
        entry.RecurrenceRule = new RecurrencePattern(FrequencyType.Weekly, cadence.EveryWeeks);
        // Meetings called off one at a time: EXDATEs on the same clock as DTSTART.
        foreach (var skipped in circle.SkippedStarts.Where(s => s >= firstUtc).Order())
        {
            var exception = zone == TimeZoneInfo.Utc
                ? new CalDateTime(DateTime.SpecifyKind(skipped, DateTimeKind.Utc))
                : new CalDateTime(Recurrence.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(skipped, DateTimeKind.Utc)), zone), zone.Id);
            entry.ExceptionDates.Add(exception);
        }
        entry.Description = $"Your circle meets every {(cadence.EveryWeeks == 2 ? "two weeks" : "week")}. Join in Roundtable: {link}";
    }
}
