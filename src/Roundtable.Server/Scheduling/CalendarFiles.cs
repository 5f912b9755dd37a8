using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scheduling;

/// <summary>
/// Roundtables as iCalendar text (Ical.Net). Each roundtable is one VEVENT with a UID that never changes
/// ("{id}@roundtable") and the SEQUENCE its changes have reached, so a calendar that already holds it replaces it;
/// times are in UTC, which every calendar reads, and each shows in the reader's own zone.
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
    /// <param name="circles">Circles whose weekly meetings to add, each as one repeating event.</param>
    public static string Build(
        IEnumerable<RoundtableRecord> roundtables, string method, Func<string, string> absolute, DateTimeOffset now,
        string? name = null, IEnumerable<(CircleRecord Circle, RoundtableRecord Room)>? circles = null)
    {
        var calendar = new Calendar { Method = method, ProductId = "-//Roundtable//Roundtable//EN" };
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }
        var stamp = new CalDateTime(now.UtcDateTime);
        foreach (var r in roundtables)
        {
            var start = DateTime.SpecifyKind(r.ScheduledStart, DateTimeKind.Utc);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = UidOf(r.Id),
                Sequence = r.Sequence,
                DtStamp = stamp,
                Start = new CalDateTime(start),
                End = new CalDateTime(start.AddMinutes(r.DurationMinutes)),
                Summary = r.Title,
                Url = new Uri(absolute(ScheduleProjection.RoomLink(r.Id))),
                Description = $"Join in Roundtable: {absolute(ScheduleProjection.RoomLink(r.Id))}",
                Status = r.Cancelled || method == Cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
            });
        }
        foreach (var (circle, room) in circles ?? [])
        {
            var start = DateTime.SpecifyKind(room.ScheduledStart, DateTimeKind.Utc);
            var meeting = new CalendarEvent
            {
                Uid = UidOf(room.Id),
                Sequence = room.Sequence,
                DtStamp = stamp,
                Start = new CalDateTime(start),
                End = new CalDateTime(start.AddMinutes(circle.DurationMinutes)),
                Summary = room.Title,
                Url = new Uri(absolute(ScheduleProjection.RoomLink(room.Id))),
                Description = $"Your circle meets every week. Join in Roundtable: {absolute(ScheduleProjection.RoomLink(room.Id))}",
                Status = EventStatus.Confirmed,
            };
            meeting.RecurrenceRule = new RecurrencePattern(FrequencyType.Weekly, 1);
            calendar.Events.Add(meeting);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
