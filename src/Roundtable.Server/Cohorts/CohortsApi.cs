using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Cohorts;

public sealed record CreateProgramRequest(string? Name, string? Description);

public sealed record CreateCohortRequest(string? Name, DateOnly? StartDate = null, DateOnly? EndDate = null);

public sealed record SetMemberRequest(CohortRole? Role);

public sealed record ScheduleRoundtableRequest(string? Title, DateTimeOffset? ScheduledStart, int? DurationMinutes);

public sealed record ProgramDto(string Id, string Name, string Description, bool Archived = false)
{
    public static ProgramDto From(ProgramRecord p) => new(p.Id, p.Name, p.Description, p.Archived);
}

public sealed record CohortDto(string Id, string ProgramId, string ProgramName, string Name, RoomRole? MyRole, DateOnly? StartDate = null, DateOnly? EndDate = null);

/// <summary>A member; their email and manager only for the people who run the cohort.</summary>
public sealed record MemberDto(string UserId, string DisplayName, string? Email, CohortRole Role, string? ManagerId = null, bool Invited = false);

/// <param name="TimeZone">The IANA zone it was scheduled in ("UTC" for those scheduled without one).</param>
/// <param name="Sequence">Its calendar SEQUENCE: raised by each change.</param>
public sealed record RoundtableDto(
    string Id, string CohortId, string Title, DateTimeOffset ScheduledStart, int DurationMinutes, RoomStatus Status,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, RoundtableKind Kind, string? ParentId,
    string? SeriesId = null, string TimeZone = "UTC", int Sequence = 0, bool Cancelled = false)
{
    public static RoundtableDto From(RoundtableRecord r) => new(
        r.Id, r.CohortId, r.Title, r.ScheduledStart.AsUtc(), r.DurationMinutes, r.Status,
        r.StartedAt is { } s ? s.AsUtc() : null, r.EndedAt is { } e ? e.AsUtc() : null, r.Kind, r.ParentId,
        r.SeriesId, r.TimeZone ?? "UTC", r.Sequence, r.Cancelled);

}

public sealed record HomeCohortDto(CohortDto Cohort, IReadOnlyList<RoundtableDto> Roundtables);

public sealed record HomeDto(UserDto User, IReadOnlyList<HomeCohortDto> Cohorts);

/// <summary>Programs, cohorts, memberships and roundtables: reads from the projection, writes as directory events.</summary>
public static class CohortsApi
{
    public const int MaxNameLength = 120;
    public const int MaxTitleLength = 200;

    public static IEndpointRouteBuilder MapCohortsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Cohorts");
        api.MapGet("/home", Home);
        api.MapGet("/programs", ListPrograms);
        api.MapPost("/programs", CreateProgram).RequireAuthorization(AuthSetup.AdminPolicy);
        api.MapGet("/programs/{programId}/cohorts", ListCohorts);
        api.MapPost("/programs/{programId}/cohorts", CreateCohort).RequireAuthorization(AuthSetup.AdminPolicy);
        api.MapGet("/cohorts/{cohortId}", GetCohort);
        api.MapGet("/cohorts/{cohortId}/members", ListMembers);
        api.MapPut("/cohorts/{cohortId}/members/{userId}", SetMember);
        api.MapDelete("/cohorts/{cohortId}/members/{userId}", RemoveMember);
        api.MapGet("/cohorts/{cohortId}/roundtables", ListRoundtables);
        api.MapPost("/cohorts/{cohortId}/roundtables", ScheduleRoundtable);
        api.MapGet("/roundtables/{roundtableId}", GetRoundtable);
        return app;
    }

    private static Results<Ok<HomeDto>, UnauthorizedHttpResult> Home(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        if (db.Users.FindById(principal.UserId() ?? "") is not { } user)
        {
            return TypedResults.Unauthorized();
        }
        var cohorts = user.IsAdmin
            ? db.Cohorts.FindAll()
            : db.Memberships.Find(m => m.UserId == user.Id).Select(m => db.Cohorts.FindById(m.CohortId)).OfType<CohortRecord>();
        var home = cohorts
            .OrderBy(c => c.Name)
            .Select(c => new HomeCohortDto(
                ToDto(db, c, access.RoomRoleIn(c.Id, user.Id)),
                db.Roundtables.Find(r => r.CohortId == c.Id && r.Kind == RoundtableKind.Session).OrderBy(r => r.ScheduledStart).Select(RoundtableDto.From).ToList()))
            .ToList();
        return TypedResults.Ok(new HomeDto(UserDto.From(user), home));
    }

    /// <summary>The programs the caller is in (admins: all); archived ones only when asked for.</summary>
    private static Ok<ProgramDto[]> ListPrograms(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, bool includeArchived = false)
    {
        var userId = principal.UserId()!;
        var programs = access.IsAdmin(userId)
            ? db.Programs.FindAll()
            : db.Memberships.Find(m => m.UserId == userId)
                .Select(m => db.Cohorts.FindById(m.CohortId)?.ProgramId).OfType<string>().Distinct()
                .Select(id => db.Programs.FindById(id)).OfType<ProgramRecord>();
        return TypedResults.Ok(programs.Where(p => includeArchived || !p.Archived).OrderBy(p => p.Name).Select(ProgramDto.From).ToArray());
    }

    private static async Task<Results<Created<ProgramDto>, ProblemHttpResult>> CreateProgram(
        CreateProgramRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var id = Ids.New();
        var problem = await writer.WriteAsync(() =>
            InvalidName(request.Name, "name", MaxNameLength)
            ?? DirectoryDecision.Accept(new ProgramCreated(id, request.Name!.Trim(), request.Description?.Trim() ?? "", principal.UserId()!)),
            cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        return TypedResults.Created($"/api/programs/{id}", ProgramDto.From(db.Programs.FindById(id)));
    }

    private static Results<Ok<CohortDto[]>, ProblemHttpResult> ListCohorts(string programId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        if (db.Programs.FindById(programId) is null)
        {
            return Problems.NotFound("program", programId);
        }
        var userId = principal.UserId()!;
        var cohorts = db.Cohorts.Find(c => c.ProgramId == programId)
            .Select(c => (Cohort: c, Role: access.RoomRoleIn(c.Id, userId)))
            .Where(x => x.Role is not null)
            .OrderBy(x => x.Cohort.Name)
            .Select(x => ToDto(db, x.Cohort, x.Role))
            .ToArray();
        return TypedResults.Ok(cohorts);
    }

    private static async Task<Results<Created<CohortDto>, ProblemHttpResult>> CreateCohort(
        string programId, CreateCohortRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var id = Ids.New();
        var callerId = principal.UserId()!;
        // The cohort starts with its own copy of the program's template, in the same append: later template edits change only later cohorts.
        var problem = await writer.WriteAsync(() =>
            db.Programs.FindById(programId) is not { } program ? DirectoryDecision.NotFound($"There is no program '{programId}'.")
            : program.Archived ? DirectoryDecision.Conflict("This program is archived: bring it back into use before adding cohorts.")
            : InvalidName(request.Name, "name", MaxNameLength)
            ?? InvalidDates(request.StartDate, request.EndDate)
            ?? DirectoryDecision.Accept(
                new CohortCreated(id, programId, request.Name!.Trim(), callerId),
                new CohortEdited(id, request.Name!.Trim(), request.StartDate, request.EndDate, callerId),
                new CohortTemplateCopied(id, program.Template())),
            cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Created($"/api/cohorts/{id}", ToDto(db, db.Cohorts.FindById(id), RoomRole.Admin));
    }

    private static Results<Ok<CohortDto>, ProblemHttpResult> GetCohort(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var cohort = db.Cohorts.FindById(cohortId);
        var role = cohort is null ? null : access.RoomRoleIn(cohortId, principal.UserId()!);
        return cohort is null || role is null ? Problems.NotFound("cohort", cohortId) : TypedResults.Ok(ToDto(db, cohort, role));
    }

    private static Results<Ok<MemberDto[]>, ProblemHttpResult> ListMembers(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var userId = principal.UserId()!;
        if (db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, userId))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        // Email addresses are for the people who run the cohort.
        var showEmail = access.CanFacilitate(cohortId, userId);
        var members = db.Memberships.Find(m => m.CohortId == cohortId)
            .Select(m => (Member: m, User: db.Users.FindById(m.UserId)))
            .Where(x => x.User is not null)
            .OrderBy(x => x.Member.Role).ThenBy(x => x.User.DisplayName)
            .Select(x => new MemberDto(x.User.Id, x.User.DisplayName, showEmail ? x.User.Email : null, x.Member.Role,
                showEmail ? x.User.ManagerId : null, showEmail && x.User.Invited))
            .ToArray();
        return TypedResults.Ok(members);
    }

    private static async Task<Results<Ok<MemberDto>, ProblemHttpResult>> SetMember(
        string cohortId, string userId, SetMemberRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
            }
            if (request.Role is not { } role || !Enum.IsDefined(role))
            {
                return DirectoryDecision.Invalid("role", "Choose a role: Learner, Coach, Manager or Observer.");
            }
            // Enrolling lets a coach read the person's profile and presentation history: a coach may enrol only people
            // the program already has. Decided before whether the account exists, so the answer tells a coach nothing about other ids.
            if (!access.IsAdmin(callerId) && !access.InProgram(access.Cohort(cohortId)!.ProgramId, userId))
            {
                return DirectoryDecision.Forbidden("A coach can add only people who are already in this program; an admin adds anyone else.");
            }
            if (db.Users.FindById(userId) is null)
            {
                return DirectoryDecision.NotFound($"There is no user '{userId}'.");
            }
            var mayChange = access.IsAdmin(callerId)
                || (access.CanFacilitate(cohortId, callerId) && role != CohortRole.Coach && access.RoleIn(cohortId, userId) != CohortRole.Coach);
            return mayChange
                ? DirectoryDecision.Accept(new MemberAdded(cohortId, userId, role, callerId))
                : DirectoryDecision.Forbidden("Only an admin can appoint coaches; a coach can add learners, managers and observers.");
        }, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var user = db.Users.FindById(userId);
        return TypedResults.Ok(new MemberDto(user.Id, user.DisplayName, user.Email, request.Role!.Value));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        string cohortId, string userId, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access, RoomEvictions evictions,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
            }
            if (access.RoleIn(cohortId, userId) is not { } current)
            {
                return DirectoryDecision.NotFound("That person is not a member of this cohort.");
            }
            var mayRemove = access.IsAdmin(callerId) || (access.CanFacilitate(cohortId, callerId) && current != CohortRole.Coach);
            return mayRemove
                ? DirectoryDecision.Accept(new MemberRemoved(cohortId, userId, callerId))
                : DirectoryDecision.Forbidden("Only an admin can remove a coach; a coach can remove learners and managers.");
        }, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        // Out of the cohort's rooms on this node before answering; other nodes follow as they read the log.
        await evictions.EvictFromCohortAsync(cohortId, userId);
        return TypedResults.NoContent();
    }

    private static Results<Ok<RoundtableDto[]>, ProblemHttpResult> ListRoundtables(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        if (db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, principal.UserId()!))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        return TypedResults.Ok(db.Roundtables.Find(r => r.CohortId == cohortId && r.Kind == RoundtableKind.Session).OrderBy(r => r.ScheduledStart).Select(RoundtableDto.From).ToArray());
    }

    private static async Task<Results<Created<RoundtableDto>, ProblemHttpResult>> ScheduleRoundtable(
        string cohortId, ScheduleRoundtableRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var id = Ids.New();
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
            if (InvalidName(request.Title, "title", MaxTitleLength) is { } invalid)
            {
                return invalid;
            }
            if (request.ScheduledStart is not { } start)
            {
                return DirectoryDecision.Invalid("scheduledStart", "Give the start date and time.");
            }
            if (request.DurationMinutes is not (>= 5 and <= 600))
            {
                return DirectoryDecision.Invalid("durationMinutes", "A roundtable lasts from 5 to 600 minutes.");
            }
            return DirectoryDecision.Accept(new RoundtableScheduled(id, cohortId, request.Title!.Trim(), start.ToUniversalTime(), request.DurationMinutes!.Value, callerId));
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Created($"/api/roundtables/{id}", RoundtableDto.From(db.Roundtables.FindById(id)));
    }

    private static Results<Ok<RoundtableDto>, ProblemHttpResult> GetRoundtable(string roundtableId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var roundtable = db.Roundtables.FindById(roundtableId);
        return roundtable is null || !access.CanSeeRoom(roundtable, principal.UserId()!)
            ? Problems.NotFound("roundtable", roundtableId)
            : TypedResults.Ok(RoundtableDto.From(roundtable));
    }

    /// <summary>An end before the start is refused.</summary>
    public static DirectoryDecision? InvalidDates(DateOnly? start, DateOnly? end) =>
        start is { } s && end is { } e && e < s ? DirectoryDecision.Invalid("endDate", "The end date comes on or after the start date.") : null;

    public static DirectoryDecision? InvalidName(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > maxLength
            ? DirectoryDecision.Invalid(field, $"Give a {field} of 1 to {maxLength} characters.")
            : null;

    public static CohortDto ToDto(RoundtableDb db, CohortRecord c, RoomRole? role) =>
        new(c.Id, c.ProgramId, db.Programs.FindById(c.ProgramId)?.Name ?? "", c.Name, role,
            c.StartDate is { } start ? DateOnly.FromDateTime(start) : null, c.EndDate is { } end ? DateOnly.FromDateTime(end) : null);
}
