using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Matching;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Matching;

/// <summary>
/// When a circle meets: a weekday, a wall-clock time "HH:mm" in an IANA time zone (UTC when none is named), a length in
/// minutes, every week or every two weeks, optionally from a date ("yyyy-MM-dd", in that zone) before which it does not
/// meet.
/// </summary>
public sealed record CadenceRequest(DayOfWeek? Day, string? Time, int? DurationMinutes, string? TimeZone = null, int? EveryWeeks = null, string? StartsOn = null);

/// <summary>One meeting of a circle, named by when it starts.</summary>
public sealed record MeetingRequest(DateTimeOffset? Start);

/// <summary>A coming meeting of a circle, and whether it was called off.</summary>
public sealed record MeetingDto(DateTimeOffset Start, bool Skipped);

/// <summary>A cadence as the browser shows and edits it.</summary>
public sealed record CadenceDto(DayOfWeek Day, string Time, int DurationMinutes, string TimeZone, int EveryWeeks, string? StartsOn)
{
    public static CadenceDto From(CircleCadence c) => new(
        c.Day, c.Time.ToString("HH:mm", CultureInfo.InvariantCulture), c.DurationMinutes, c.TimeZone, c.EveryWeeks,
        c.StartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>
/// Changing when a circle meets (<see cref="CircleCadenceSet"/>), by an admin, a coach of its cohort or its mentor. Its
/// room's next meeting moves with it (<see cref="RoundtableRescheduled"/>, raising the calendar sequence) and the change
/// is announced to the circle (<see cref="ScheduleAnnounced"/>): a notification and an email with the updated invitation.
/// </summary>
public static class CircleCadenceApi
{
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 240;

    public static IEndpointRouteBuilder MapCircleCadenceApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/circles/{circleId}/cadence", SetCadence).WithTags("Circles")
            .WithDescription("Changes when the circle meets (day, time, time zone, length, weekly or fortnightly); its room's next meeting follows.");
        app.MapPost("/api/circles/{circleId}/meetings/skip", (string circleId, MeetingRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
                DirectoryWriter writer, TimeProvider time, CancellationToken ct) => SkipOrRestoreAsync(circleId, request, skip: true, principal, db, access, writer, time, ct))
            .WithTags("Circles").WithDescription("Calls off one coming meeting of the circle (named by its start); the cadence holds.");
        app.MapPost("/api/circles/{circleId}/meetings/restore", (string circleId, MeetingRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
                DirectoryWriter writer, TimeProvider time, CancellationToken ct) => SkipOrRestoreAsync(circleId, request, skip: false, principal, db, access, writer, time, ct))
            .WithTags("Circles").WithDescription("Puts a skipped coming meeting of the circle back on.");
        return app;
    }

    /// <summary>Reads a cadence request: the cadence, or the fields in error. Without a request, the default cadence.</summary>
    public static (CircleCadence? Cadence, Dictionary<string, string[]> Errors) Parse(CadenceRequest? request, CircleCadence fallback, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            return (fallback, errors);
        }
        var zoneId = string.IsNullOrWhiteSpace(request.TimeZone) ? "UTC" : request.TimeZone.Trim();
        var zone = Recurrence.FindZone(zoneId);
        var duration = request.DurationMinutes ?? 60;
        var every = request.EveryWeeks ?? 1;
        DateOnly? startsOn = null;
        if (request.Day is not { } day || !Enum.IsDefined(day))
        {
            errors["day"] = ["Choose the day of the week the circle meets."];
        }
        if (!TimeOnly.TryParseExact(request.Time ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            errors["time"] = ["Give the time as hours and minutes, e.g. 15:00."];
        }
        if (zone is null)
        {
            errors["timeZone"] = ["Choose a time zone from the list (an IANA name such as Europe/Berlin)."];
        }
        if (duration is < MinDurationMinutes or > MaxDurationMinutes)
        {
            errors["durationMinutes"] = [$"A meeting lasts {MinDurationMinutes} to {MaxDurationMinutes} minutes."];
        }
        if (every is not (1 or 2))
        {
            errors["everyWeeks"] = ["A circle meets every week (1) or every two weeks (2)."];
        }
        if (!string.IsNullOrWhiteSpace(request.StartsOn))
        {
            if (DateOnly.TryParseExact(request.StartsOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                startsOn = date;
            }
            else
            {
                errors["startsOn"] = ["Give the first date as a date (yyyy-MM-dd), or leave it empty."];
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        // A fortnight is counted from a date: the one given, else today on the circle's clock.
        startsOn ??= every == 2 ? DateOnly.FromDateTime(Recurrence.ToLocal(now, zone!)) : null;
        return (new CircleCadence(request.Day!.Value, at, duration, zoneId, every, startsOn), errors);
    }

    private static async Task<Results<Ok<CircleDto>, ProblemHttpResult>> SetCadence(
        string circleId, CadenceRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var me = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            if (Refusal(circleId, me, db, access, out var circle) is { } refused)
            {
                return refused;
            }
            var now = time.GetUtcNow();
            var (cadence, errors) = Parse(request, circle.ToCadence(), now);
            if (cadence is null)
            {
                return DirectoryDecision.Invalid(errors, "Some fields need attention.");
            }
            if (cadence == circle.ToCadence())
            {
                return DirectoryDecision.Accept();
            }
            var room = db.Roundtables.FindById(circle.RoomId);
            if (room is null)
            {
                return DirectoryDecision.Accept(new CircleCadenceSet(circle.Id, cadence, me));
            }
            return DirectoryDecision.Accept(
                new CircleCadenceSet(circle.Id, cadence, me),
                new RoundtableRescheduled(room.Id, room.Title, cadence.NextMeeting(now), cadence.DurationMinutes, cadence.TimeZone, me),
                new ScheduleAnnounced(circle.CohortId, ScheduleChange.Changed, [room.Id], me));
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(CirclesApi.ToDto(db.Circles.FindById(circleId), me, db, access, time)) : problem.ToResult();
    }

    /// <summary>
    /// Skips or restores one coming meeting, named by its start: it must be one of the circle's next
    /// <see cref="Recurrence.MaxOccurrences"/> meetings. The room moves to the next meeting that will happen, and the
    /// circle is told (the calendars drop or regain the date).
    /// </summary>
    private static async Task<Results<Ok<CircleDto>, ProblemHttpResult>> SkipOrRestoreAsync(
        string circleId, MeetingRequest request, bool skip, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var me = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            if (Refusal(circleId, me, db, access, out var circle) is { } refused)
            {
                return refused;
            }
            var now = time.GetUtcNow();
            if (request.Start is not { } start
                || circle.Meetings(now).Take(Recurrence.MaxOccurrences).Where(m => m.Start == start).Select(m => (bool?)m.Skipped).FirstOrDefault() is not { } skipped)
            {
                return DirectoryDecision.Invalid("start", "Name one of the circle's coming meetings by its start.");
            }
            if (skipped == skip)
            {
                return DirectoryDecision.Accept();
            }
            DirectoryEvent change = skip ? new CircleMeetingSkipped(circle.Id, start, me) : new CircleMeetingRestored(circle.Id, start, me);
            var room = db.Roundtables.FindById(circle.RoomId);
            if (room is null)
            {
                return DirectoryDecision.Accept(change);
            }
            // The room's next meeting as it will be once this is done.
            var skippedAfter = new HashSet<DateTime>(circle.SkippedStarts);
            if (skip)
            {
                skippedAfter.Add(start.UtcDateTime);
            }
            else
            {
                skippedAfter.Remove(start.UtcDateTime);
            }
            return DirectoryDecision.Accept(
                change,
                new RoundtableRescheduled(room.Id, room.Title, circle.NextMeeting(now, skippedAfter), room.DurationMinutes, circle.TimeZone ?? "UTC", me),
                new ScheduleAnnounced(circle.CohortId, ScheduleChange.Changed, [room.Id], me));
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(CirclesApi.ToDto(db.Circles.FindById(circleId), me, db, access, time)) : problem.ToResult();
    }

    private static DirectoryDecision? Refusal(string circleId, string me, RoundtableDb db, CohortAccess access, out CircleRecord circle)
    {
        circle = (Ids.IsWellFormed(circleId) ? db.Circles.FindById(circleId) : null)!;
        if (circle is null || !CanSee(circle, me, access))
        {
            return DirectoryDecision.NotFound($"There is no circle '{circleId}' that you can see.");
        }
        return CanChange(circle, me, access) ? null : DirectoryDecision.Forbidden("Only the circle's mentor, a coach of its cohort or an admin changes when it meets.");
    }

    /// <summary>Its mentor and members, and whoever may see its cohort as staff (admins, the cohort's coaches).</summary>
    public static bool CanSee(CircleRecord circle, string userId, CohortAccess access) =>
        circle.MentorId == userId || circle.MemberIds.Contains(userId) || access.CanFacilitate(circle.CohortId, userId);

    public static bool CanChange(CircleRecord circle, string userId, CohortAccess access) =>
        circle.MentorId == userId || access.CanFacilitate(circle.CohortId, userId);
}
