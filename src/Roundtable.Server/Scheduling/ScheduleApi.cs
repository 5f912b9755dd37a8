using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Scheduling;

/// <param name="Start">The first session's wall-clock start in <paramref name="TimeZone"/>: "2026-12-08T10:00".</param>
/// <param name="Repeat">None (one session), Weekly or Fortnightly.</param>
/// <param name="Occurrences">How many sessions a repeating series has (or give <paramref name="Until"/>).</param>
/// <param name="Until">The last date ("2027-03-01") a repeating series may fall on.</param>
public sealed record ScheduleRequest(string? Title, string? Start, string? TimeZone, int? DurationMinutes, Repeat? Repeat, int? Occurrences, string? Until);

/// <param name="Scope">"this" (this session only) or "following" (this one and the later sessions of its series).</param>
/// <param name="Start">The new wall-clock start of this session in <paramref name="TimeZone"/>; later sessions keep their
/// weekday pattern, move by the same number of days and take the new time of day.</param>
public sealed record RescheduleRequest(string? Scope, string? Title, string? Start, string? TimeZone, int? DurationMinutes);

public sealed record CancelRequest(string? Scope);

public sealed record ScheduleResultDto(IReadOnlyList<RoundtableDto> Roundtables);

public sealed record TimeZoneRequest(string? TimeZone);

/// <param name="Active">Whether the person has a feed address that works.</param>
/// <param name="HttpsUrl">The address, only in the answer that made it: only its hash is kept.</param>
public sealed record CalendarFeedDto(bool Active, DateTimeOffset? IssuedAt, string? HttpsUrl, string? WebcalUrl);

/// <summary>
/// Scheduling roundtables (one-off or a weekly or fortnightly series, in a time zone), moving and cancelling them one at a
/// time or from one on, their calendar files, each person's calendar feed and time zone.
/// </summary>
public static class ScheduleApi
{
    private const int MaxTitleLength = 200;
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Schedule");
        api.MapPost("/cohorts/{cohortId}/schedule", Schedule)
            .WithDescription("Schedules one session or a weekly or fortnightly series in a time zone (the cohort's coaches and admins).");
        api.MapPut("/roundtables/{roundtableId}/schedule", Reschedule)
            .WithDescription("Moves, retitles or resizes one session, or it and the later sessions of its series.");
        api.MapPost("/roundtables/{roundtableId}/cancel", Cancel)
            .WithDescription("Cancels one session, or it and the later sessions of its series.");
        api.MapGet("/roundtables/{roundtableId}/calendar.ics", CalendarFile)
            .WithDescription("The roundtable as an iCalendar file, for anyone who can see it.");
        api.MapGet("/me/calendar-feed", GetFeed).WithDescription("Whether the caller has a calendar feed address.");
        api.MapPost("/me/calendar-feed", IssueFeed).WithDescription("A new calendar feed address for the caller; any earlier one stops working.");
        api.MapDelete("/me/calendar-feed", RevokeFeed).WithDescription("The caller's calendar feed address stops working.");
        api.MapPut("/me/time-zone", SetTimeZone).WithDescription("The IANA time zone the caller reads times in.");
        app.MapGet("/calendar/{file}", Feed).WithTags("Schedule").AllowAnonymous()
            .WithDescription("A person's calendar feed: every roundtable and circle meeting of theirs; the address is the secret.");
        return app;
    }

    private static async Task<Results<Created<ScheduleResultDto>, ProblemHttpResult>> Schedule(
        string cohortId, ScheduleRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var seriesId = Ids.New();
        List<string> ids = [];
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
            }
            if (!access.CanFacilitate(cohortId, callerId))
            {
                return DirectoryDecision.Forbidden("Only the cohort's coach or an admin can schedule roundtables.");
            }
            var errors = new Dictionary<string, string[]>();
            var title = CheckTitle(request.Title, errors);
            var zone = CheckZone(request.TimeZone, errors);
            var local = CheckLocal(request.Start, "start", errors);
            CheckDuration(request.DurationMinutes, errors);
            var repeat = request.Repeat ?? Repeat.None;
            DateOnly? until = null;
            if (repeat != Repeat.None)
            {
                if (request.Occurrences is null && string.IsNullOrWhiteSpace(request.Until))
                {
                    errors["occurrences"] = ["Say how many sessions, or the last date."];
                }
                else if (request.Occurrences is { } n && n is < 1 or > Recurrence.MaxOccurrences)
                {
                    errors["occurrences"] = [$"A series has from 1 to {Recurrence.MaxOccurrences} sessions."];
                }
                else if (request.Occurrences is null)
                {
                    if (!DateOnly.TryParseExact(request.Until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
                    {
                        errors["until"] = ["Give the last date as YYYY-MM-DD."];
                    }
                    else if (local is { } first && last < DateOnly.FromDateTime(first))
                    {
                        errors["until"] = ["The last date is before the first session."];
                    }
                    until = last;
                }
            }
            if (errors.Count > 0)
            {
                return DirectoryDecision.Invalid(errors, errors.First().Value[0]);
            }
            var starts = Recurrence.Occurrences(local!.Value, zone!, repeat, request.Occurrences, until);
            var series = starts.Count > 1 ? seriesId : null;
            var events = new List<DirectoryEvent>();
            foreach (var start in starts)
            {
                var id = Ids.New();
                ids.Add(id);
                events.Add(new RoundtableScheduled(id, cohortId, title!, start, request.DurationMinutes!.Value, callerId, SeriesId: series, TimeZone: zone!.Id));
            }
            events.Add(new ScheduleAnnounced(cohortId, ScheduleChange.Scheduled, [.. ids], callerId));
            return DirectoryDecision.Accept([.. events]);
        }, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var scheduled = ids.Select(id => RoundtableDto.From(db.Roundtables.FindById(id))).ToList();
        return TypedResults.Created($"/api/roundtables/{ids[0]}", new ScheduleResultDto(scheduled));
    }

    private static async Task<Results<Ok<ScheduleResultDto>, ProblemHttpResult>> Reschedule(
        string roundtableId, RescheduleRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        List<string> ids = [];
        var problem = await writer.WriteAsync(() =>
        {
            if (Changeable(db, access, roundtableId, callerId, out var roundtable) is { } refused)
            {
                return refused;
            }
            var errors = new Dictionary<string, string[]>();
            var following = CheckScope(request.Scope, errors);
            var title = CheckTitle(request.Title, errors);
            var zone = CheckZone(request.TimeZone, errors);
            var local = CheckLocal(request.Start, "start", errors);
            CheckDuration(request.DurationMinutes, errors);
            if (errors.Count > 0)
            {
                return DirectoryDecision.Invalid(errors, errors.First().Value[0]);
            }
            var oldZone = Recurrence.FindZone(roundtable!.TimeZone) ?? TimeZoneInfo.Utc;
            var oldLocal = Recurrence.ToLocal(roundtable.ScheduledStart.AsUtc(), oldZone);
            var dayShift = DateOnly.FromDateTime(local!.Value).DayNumber - DateOnly.FromDateTime(oldLocal).DayNumber;
            var timeOfDay = local.Value.TimeOfDay;
            var affected = following ? Following(db, roundtable) : [roundtable];
            var events = new List<DirectoryEvent>();
            foreach (var r in affected)
            {
                var date = Recurrence.ToLocal(r.ScheduledStart.AsUtc(), Recurrence.FindZone(r.TimeZone) ?? TimeZoneInfo.Utc).Date.AddDays(dayShift);
                var start = Recurrence.ToUtc(date + timeOfDay, zone!);
                if (r.Title == title && r.ScheduledStart.AsUtc() == start && r.DurationMinutes == request.DurationMinutes && (r.TimeZone ?? "UTC") == zone!.Id)
                {
                    continue;
                }
                ids.Add(r.Id);
                events.Add(new RoundtableRescheduled(r.Id, title!, start, request.DurationMinutes!.Value, zone!.Id, callerId));
            }
            if (events.Count == 0)
            {
                return DirectoryDecision.Accept();
            }
            events.Add(new ScheduleAnnounced(roundtable.CohortId, ScheduleChange.Changed, [.. ids], callerId));
            return DirectoryDecision.Accept([.. events]);
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Ok(new ScheduleResultDto([.. ids.Select(id => RoundtableDto.From(db.Roundtables.FindById(id)))]));
    }

    private static async Task<Results<Ok<ScheduleResultDto>, ProblemHttpResult>> Cancel(
        string roundtableId, CancelRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        List<string> ids = [];
        var problem = await writer.WriteAsync(() =>
        {
            if (Changeable(db, access, roundtableId, callerId, out var roundtable) is { } refused)
            {
                return refused;
            }
            var errors = new Dictionary<string, string[]>();
            var following = CheckScope(request.Scope, errors);
            if (errors.Count > 0)
            {
                return DirectoryDecision.Invalid(errors, errors.First().Value[0]);
            }
            ids.AddRange((following ? Following(db, roundtable!) : [roundtable!]).Select(r => r.Id));
            return DirectoryDecision.Accept(
                [.. ids.Select(id => new RoundtableCancelled(id, callerId)), new ScheduleAnnounced(roundtable!.CohortId, ScheduleChange.Cancelled, [.. ids], callerId)]);
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Ok(new ScheduleResultDto([.. ids.Select(id => RoundtableDto.From(db.Roundtables.FindById(id)))]));
    }

    private static Results<ContentHttpResult, ProblemHttpResult> CalendarFile(
        string roundtableId, ClaimsPrincipal principal, HttpContext http, RoundtableDb db, CohortAccess access, TimeProvider time)
    {
        var roundtable = db.Roundtables.FindById(roundtableId);
        if (roundtable is null || roundtable.Kind == RoundtableKind.Breakout || !access.CanSeeRoom(roundtable, principal.UserId()!))
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"roundtable-{roundtable.Id}.ics\"";
        return TypedResults.Content(CalendarFiles.Build([roundtable], CalendarFiles.Publish, Absolute(http), time.GetUtcNow(), circleOf: id => db.Circles.FindById(id)), CalendarFiles.ContentType);
    }

    private static Ok<CalendarFeedDto> GetFeed(ClaimsPrincipal principal, RoundtableDb db)
    {
        var feed = db.CalendarFeeds.FindOne(f => f.UserId == principal.UserId());
        return TypedResults.Ok(new CalendarFeedDto(feed is not null, feed?.IssuedAt.AsUtc(), null, null));
    }

    private static async Task<Results<Ok<CalendarFeedDto>, ProblemHttpResult>> IssueFeed(
        ClaimsPrincipal principal, HttpContext http, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var problem = await writer.WriteAsync(() => db.Users.FindById(userId) is null
            ? DirectoryDecision.NotFound("Your account no longer exists.")
            : DirectoryDecision.Accept(new CalendarFeedIssued(userId, HashOf(token))), cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var https = Absolute(http)($"/calendar/{token}.ics");
        var webcal = "webcal://" + https[(https.IndexOf("://", StringComparison.Ordinal) + 3)..];
        return TypedResults.Ok(new CalendarFeedDto(true, db.CalendarFeeds.FindById(HashOf(token))?.IssuedAt.AsUtc(), https, webcal));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeFeed(
        ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var problem = await writer.WriteAsync(() => db.CalendarFeeds.Exists(f => f.UserId == userId)
            ? DirectoryDecision.Accept(new CalendarFeedRevoked(userId))
            : DirectoryDecision.Accept(), cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.NoContent();
    }

    private static Results<ContentHttpResult, NotFound> Feed(string file, HttpContext http, RoundtableDb db, TimeProvider time)
    {
        // The token is the secret: an unknown or revoked one answers as a missing file, never saying which.
        if (!file.EndsWith(".ics", StringComparison.Ordinal) || file.Length > 100
            || db.CalendarFeeds.FindById(HashOf(file[..^4])) is not { } feed || db.Users.FindById(feed.UserId) is not { } user)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        var since = now.UtcDateTime.AddDays(-90);
        var cohortIds = db.Memberships.Find(m => m.UserId == user.Id).Select(m => m.CohortId).ToHashSet();
        var sessions = cohortIds
            .SelectMany(cohortId => db.Roundtables.Find(r => r.CohortId == cohortId && r.Kind == RoundtableKind.Session && r.ScheduledStart >= since))
            .OrderBy(r => r.ScheduledStart);
        var circleRooms = cohortIds
            .SelectMany(cohortId => db.Circles.Find(c => c.CohortId == cohortId))
            .Where(c => c.MentorId == user.Id || c.MemberIds.Contains(user.Id))
            .Select(c => db.Roundtables.FindById(c.RoomId))
            .OfType<RoundtableRecord>();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Content(
            CalendarFiles.Build(sessions.Concat(circleRooms), CalendarFiles.Publish, Absolute(http), now, $"Roundtable: {user.DisplayName}", id => db.Circles.FindById(id)),
            CalendarFiles.ContentType);
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> SetTimeZone(
        TimeZoneRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
            Recurrence.FindZone(request.TimeZone?.Trim()) is not { } zone
                ? DirectoryDecision.Invalid("timeZone", "Choose a time zone from the list (an IANA name such as Europe/Berlin).")
            : db.Users.FindById(userId) is not { } user ? DirectoryDecision.NotFound("Your account no longer exists.")
            : user.TimeZone == zone.Id ? DirectoryDecision.Accept()
            : DirectoryDecision.Accept(new TimeZoneSet(userId, zone.Id)), cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(UserDto.From(db.Users.FindById(userId)));
    }

    /// <summary>
    /// Whether the caller may move or cancel this roundtable now: a cohort's session (not a breakout or a circle's room),
    /// theirs to run, not yet live, ended or cancelled.
    /// </summary>
    private static DirectoryDecision? Changeable(RoundtableDb db, CohortAccess access, string roundtableId, string callerId, out RoundtableRecord? roundtable)
    {
        roundtable = db.Roundtables.FindById(roundtableId);
        if (roundtable is null || !access.CanSeeRoom(roundtable, callerId))
        {
            return DirectoryDecision.NotFound($"There is no roundtable '{roundtableId}' that you can see.");
        }
        if (!access.CanFacilitate(roundtable.CohortId, callerId))
        {
            return DirectoryDecision.Forbidden("Only the cohort's coach or an admin can change its schedule.");
        }
        if (roundtable.Kind != RoundtableKind.Session)
        {
            return DirectoryDecision.Conflict("Only a cohort's sessions are scheduled here; a circle's meetings follow its cadence.");
        }
        return roundtable switch
        {
            { Cancelled: true } => DirectoryDecision.Conflict("This roundtable was cancelled."),
            { Status: RoomStatus.Live } => DirectoryDecision.Conflict("This roundtable is live: it can no longer be moved or cancelled."),
            { Status: RoomStatus.Ended } => DirectoryDecision.Conflict("This roundtable has ended: it can no longer be moved or cancelled."),
            _ => null,
        };
    }

    /// <summary>This session and the later ones of its series that can still change.</summary>
    private static List<RoundtableRecord> Following(RoundtableDb db, RoundtableRecord roundtable)
    {
        if (roundtable.SeriesId is not { } seriesId)
        {
            return [roundtable];
        }
        return [.. db.Roundtables.Find(r => r.CohortId == roundtable.CohortId && r.SeriesId == seriesId)
            .Where(r => r.ScheduledStart >= roundtable.ScheduledStart && !r.Cancelled && r.Status == RoomStatus.Scheduled)
            .OrderBy(r => r.ScheduledStart)];
    }

    private static bool CheckScope(string? scope, Dictionary<string, string[]> errors)
    {
        switch (scope ?? "this")
        {
            case "this":
                return false;
            case "following":
                return true;
            default:
                errors["scope"] = ["Say \"this\" (this session) or \"following\" (this and the later sessions)."];
                return false;
        }
    }

    private static string? CheckTitle(string? title, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitleLength)
        {
            errors["title"] = [$"Give a title of 1 to {MaxTitleLength} characters."];
            return null;
        }
        return title.Trim();
    }

    private static TimeZoneInfo? CheckZone(string? timeZone, Dictionary<string, string[]> errors)
    {
        var zone = Recurrence.FindZone(timeZone?.Trim());
        if (zone is null)
        {
            errors["timeZone"] = ["Choose a time zone from the list (an IANA name such as Europe/Berlin)."];
        }
        return zone;
    }

    private static DateTime? CheckLocal(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (DateTime.TryParseExact(value?.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return local;
        }
        errors[field] = ["Give the date and time the session starts."];
        return null;
    }

    private static void CheckDuration(int? minutes, Dictionary<string, string[]> errors)
    {
        if (minutes is not (>= 5 and <= 600))
        {
            errors["durationMinutes"] = ["A roundtable lasts from 5 to 600 minutes."];
        }
    }

    /// <summary>The feed's lookup key: tokens are never stored, only this.</summary>
    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Absolute links as this request reached the server.</summary>
    private static Func<string, string> Absolute(HttpContext http) => path => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";
}
