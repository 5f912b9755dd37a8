using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Cohorts;

public sealed record EditCohortRequest(string? Name, DateOnly? StartDate, DateOnly? EndDate);

public sealed record SetCohortManagerRequest(string? ManagerId);

public sealed record MoveMemberRequest(string? ToCohortId);

/// <summary>
/// Running a cohort's set-up (admins, and the cohort's coaches): its details, reporting lines between its members, and
/// moving a learner to another cohort. Members are added, changed and removed by <see cref="CohortsApi"/>.
/// </summary>
public static class CohortSetupApi
{
    public static IEndpointRouteBuilder MapCohortSetupApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cohorts/{cohortId}").WithTags("Cohort set-up");
        api.MapPut("/", Edit).WithDescription("Renames the cohort or changes its dates (admins, the cohort's coaches).");
        api.MapGet("/template", GetTemplate).WithDescription("The cohort's copy of its program's template (members).");
        api.MapPut("/members/{userId}/manager", SetManager)
            .WithDescription("Sets or clears whom a member reports to; the manager must be a member too unless an admin sets it (admins, the cohort's coaches).");
        api.MapPost("/members/{userId}/move", Move).WithDescription("Moves a learner to another cohort in one step (admins, coaches of both cohorts).");
        return app;
    }

    private static async Task<Results<Ok<CohortDto>, ProblemHttpResult>> Edit(
        string cohortId, EditCohortRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Cohorts.FindById(cohortId) is not { } cohort || !access.CanSee(cohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
            }
            if (!access.CanFacilitate(cohortId, callerId))
            {
                return DirectoryDecision.Forbidden("Only the cohort's coach or an admin can change its details.");
            }
            if ((CohortsApi.InvalidName(request.Name, "name", CohortsApi.MaxNameLength) ?? CohortsApi.InvalidDates(request.StartDate, request.EndDate)) is { } invalid)
            {
                return invalid;
            }
            var current = CohortsApi.ToDto(db, cohort, null);
            return current.Name == request.Name!.Trim() && current.StartDate == request.StartDate && current.EndDate == request.EndDate
                ? DirectoryDecision.Accept()
                : DirectoryDecision.Accept(new CohortEdited(cohortId, request.Name.Trim(), request.StartDate, request.EndDate, callerId));
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Ok(CohortsApi.ToDto(db, db.Cohorts.FindById(cohortId), access.RoomRoleIn(cohortId, callerId)));
    }

    private static Results<Ok<ProgramTemplate>, ProblemHttpResult> GetTemplate(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access) =>
        db.Cohorts.FindById(cohortId) is { } cohort && access.CanSee(cohortId, principal.UserId()!)
            ? TypedResults.Ok(cohort.Template())
            : Problems.NotFound("cohort", cohortId);

    /// <summary>
    /// The same rule as the admins' <c>PUT /api/users/{id}/manager</c> (no loops), from the cohort's screen: a coach sets
    /// it between members of their cohort; an admin may name any account.
    /// </summary>
    private static async Task<Results<Ok<MemberDto>, ProblemHttpResult>> SetManager(
        string cohortId, string userId, SetCohortManagerRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db,
        CohortAccess access, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var managerId = string.IsNullOrWhiteSpace(request.ManagerId) ? null : request.ManagerId;
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
            }
            if (!access.CanFacilitate(cohortId, callerId))
            {
                return DirectoryDecision.Forbidden("Only the cohort's coach or an admin can set reporting lines.");
            }
            if (access.RoleIn(cohortId, userId) is null)
            {
                return DirectoryDecision.NotFound("That person is not a member of this cohort.");
            }
            if (managerId is not null)
            {
                if (access.User(managerId) is null || (!access.IsAdmin(callerId) && access.RoleIn(cohortId, managerId) is null))
                {
                    return DirectoryDecision.Invalid("managerId", "Choose a manager among the cohort's members.");
                }
                if (access.WouldLoop(userId, managerId))
                {
                    return DirectoryDecision.Invalid("managerId", "That would make a loop: someone would end up reporting to themselves.");
                }
            }
            return access.ManagerOf(userId) == managerId
                ? DirectoryDecision.Accept()
                : DirectoryDecision.Accept(new ManagerSet(userId, managerId, callerId));
        }, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var user = access.User(userId)!;
        return TypedResults.Ok(new MemberDto(user.Id, user.DisplayName, user.Email, access.RoleIn(cohortId, userId)!.Value, user.ManagerId, user.Invited));
    }

    /// <summary>
    /// One directory append, so the learner is never in both cohorts nor in neither; their open connections to the old
    /// cohort's rooms are closed as for a removal.
    /// </summary>
    private static async Task<Results<Ok<MemberDto>, ProblemHttpResult>> Move(
        string cohortId, string userId, MoveMemberRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db,
        CohortAccess access, RoomEvictions evictions, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var toCohortId = request.ToCohortId?.Trim() ?? "";
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Cohorts.FindById(cohortId) is not { } from || !access.CanSee(cohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
            }
            if (!access.CanFacilitate(cohortId, callerId))
            {
                return DirectoryDecision.Forbidden("Only the cohort's coach or an admin can move learners.");
            }
            if (access.RoleIn(cohortId, userId) is not { } role)
            {
                return DirectoryDecision.NotFound("That person is not a member of this cohort.");
            }
            if (role != CohortRole.Learner)
            {
                return DirectoryDecision.Invalid("userId", "Only learners move between cohorts; change the role of coaches, managers and observers instead.");
            }
            if (toCohortId == cohortId)
            {
                return DirectoryDecision.Invalid("toCohortId", "Choose another cohort than this one.");
            }
            if (toCohortId.Length == 0 || db.Cohorts.FindById(toCohortId) is not { } to || !access.CanFacilitate(toCohortId, callerId))
            {
                return DirectoryDecision.Invalid("toCohortId", "Choose a cohort you run.");
            }
            if (db.Programs.FindById(to.ProgramId) is { Archived: true })
            {
                return DirectoryDecision.Invalid("toCohortId", "That cohort's program is archived.");
            }
            if (access.RoleIn(toCohortId, userId) is not null)
            {
                return DirectoryDecision.Conflict($"They are already a member of {to.Name}; remove them from {from.Name} instead.");
            }
            return DirectoryDecision.Accept(new MemberRemoved(cohortId, userId, callerId), new MemberAdded(toCohortId, userId, CohortRole.Learner, callerId));
        }, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        await evictions.EvictFromCohortAsync(cohortId, userId);
        var user = access.User(userId)!;
        return TypedResults.Ok(new MemberDto(user.Id, user.DisplayName, user.Email, CohortRole.Learner, user.ManagerId, user.Invited));
    }
}
