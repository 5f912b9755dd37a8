using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.AccessRequests;

public sealed record OpenCohortDto(string Id, string Name, bool Member, string? PendingRequestId);

/// <summary>A program that accepts requests, with the cohorts one may ask to join.</summary>
public sealed record OpenProgramDto(string Id, string Name, string Description, IReadOnlyList<OpenCohortDto> Cohorts);

public sealed record AskToJoinRequest(string? Message);

public sealed record DeclineRequest(string? Reason);

public sealed record SetAccessRequestsRequest(bool? Accepting);

public sealed record ProgramAccessDto(string Id, string Name, bool Accepting);

public sealed record AccessRequestDto(
    string Id, string CohortId, string CohortName, string ProgramName, string UserId, string UserName, string UserEmail, string Message,
    AccessRequestStatus Status, DateTimeOffset RequestedAt, string? AnsweredByName, string? Reason);

/// <summary>What the requests page shows the caller: the requests they may answer and, for an admin, each program's setting.</summary>
public sealed record AccessReviewDto(bool MaySetPrograms, IReadOnlyList<ProgramAccessDto> Programs, IReadOnlyList<AccessRequestDto> Pending);

/// <summary>
/// Asking to join a cohort ("request access"): an admin lets a program accept requests; any signed-in person sees those
/// programs' cohorts and asks to join one (one pending request per person and cohort); the cohort's coaches and the
/// admins answer, and an approval makes the person a learner of the cohort.
/// </summary>
public static class AccessRequestsApi
{
    public const int MaxMessageLength = 1000;
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapAccessRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Access requests");
        api.MapGet("/access-requests/open", ListOpen).WithDescription("The programs that accept requests to join, with their cohorts and the caller's place in each.");
        api.MapPost("/cohorts/{cohortId}/access-requests", Ask).WithDescription("Asks to join the cohort as a learner, with an optional message.");
        api.MapGet("/access-requests", ListForReview).WithDescription("The pending requests the caller may answer; for an admin also each program's setting.");
        api.MapPost("/access-requests/{requestId}/approve", Approve).WithDescription("Approves a request: the person becomes a learner of the cohort (its coaches, admins).");
        api.MapPost("/access-requests/{requestId}/decline", Decline).WithDescription("Declines a request, optionally saying why (its cohort's coaches, admins).");
        api.MapPut("/programs/{programId}/access-requests", SetAccepting).WithDescription("Whether the program accepts requests to join its cohorts (admins).");
        return app;
    }

    private static Ok<OpenProgramDto[]> ListOpen(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var userId = principal.UserId()!;
        var pending = db.AccessRequests.Find(r => r.UserId == userId).Where(r => r.Status == AccessRequestStatus.Pending)
            .ToDictionary(r => r.CohortId, r => r.Id, StringComparer.Ordinal);
        var programs = db.ProgramAccess.FindAll().Where(p => p.Accepting).ToList()
            .Select(p => db.Programs.FindById(p.Id))
            .OfType<ProgramRecord>()
            .Select(program => new OpenProgramDto(program.Id, program.Name, program.Description, [
                .. db.Cohorts.Find(c => c.ProgramId == program.Id).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
                    .Select(c => new OpenCohortDto(c.Id, c.Name, access.RoleIn(c.Id, userId) is not null, pending.GetValueOrDefault(c.Id))),
            ]))
            .Where(p => p.Cohorts.Count > 0)
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToArray();
        return TypedResults.Ok(programs);
    }

    private static async Task<Results<Created<AccessRequestDto>, ProblemHttpResult>> Ask(
        string cohortId, AskToJoinRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var message = request?.Message?.Trim() ?? "";
        if (message.Length > MaxMessageLength)
        {
            return Problems.Invalid("message", $"Keep the message to {MaxMessageLength} characters; it has {message.Length}.");
        }
        var requestId = Ids.New();
        var problem = await writer.WriteAsync(() =>
        {
            if (!Ids.IsWellFormed(cohortId) || access.Cohort(cohortId) is not { } cohort || db.ProgramAccess.FindById(cohort.ProgramId) is not { Accepting: true })
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}' that accepts requests to join.");
            }
            if (access.RoleIn(cohortId, userId) is not null)
            {
                return DirectoryDecision.Conflict($"You are already a member of {cohort.Name}.");
            }
            if (db.AccessRequests.Find(r => r.UserId == userId && r.CohortId == cohortId).Any(r => r.Status == AccessRequestStatus.Pending))
            {
                return DirectoryDecision.Conflict($"You have already asked to join {cohort.Name}; its coaches will answer.");
            }
            return DirectoryDecision.Accept(new AccessRequested(requestId, cohortId, userId, message));
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Created($"/api/access-requests/{requestId}", ToDto(db, db.AccessRequests.FindById(requestId)));
    }

    private static Ok<AccessReviewDto> ListForReview(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var userId = principal.UserId()!;
        var admin = access.IsAdmin(userId);
        var pending = db.AccessRequests.FindAll().Where(r => r.Status == AccessRequestStatus.Pending)
            .Where(r => admin || access.RoleIn(r.CohortId, userId) == CohortRole.Coach)
            .OrderBy(r => r.RequestedAt)
            .Select(r => ToDto(db, r))
            .ToArray();
        var programs = admin
            ? db.Programs.FindAll().OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(p => new ProgramAccessDto(p.Id, p.Name, db.ProgramAccess.FindById(p.Id)?.Accepting ?? false)).ToArray()
            : [];
        return TypedResults.Ok(new AccessReviewDto(admin, programs, pending));
    }

    private static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Approve(
        string requestId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer, CancellationToken cancellationToken) =>
        AnswerAsync(requestId, approved: true, reason: null, principal, db, access, writer, cancellationToken);

    private static Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> Decline(
        string requestId, DeclineRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        CancellationToken cancellationToken) =>
        AnswerAsync(requestId, approved: false, request?.Reason?.Trim() is { Length: > 0 } reason ? reason : null, principal, db, access, writer, cancellationToken);

    /// <summary>
    /// Answers a pending request, decided against the directory as it stands, so of two answers at once only the first
    /// counts. An approval adds the person as a learner unless they are already a member (whose role it leaves alone).
    /// </summary>
    private static async Task<Results<Ok<AccessRequestDto>, ProblemHttpResult>> AnswerAsync(
        string requestId, bool approved, string? reason, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        if (reason is { Length: > MaxReasonLength })
        {
            return Problems.Invalid("reason", $"Keep the reason to {MaxReasonLength} characters; it has {reason.Length}.");
        }
        var problem = await writer.WriteAsync(() =>
        {
            if (!Ids.IsWellFormed(requestId) || db.AccessRequests.FindById(requestId) is not { } request || !access.CanSee(request.CohortId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no request '{requestId}' that you can see.");
            }
            if (!access.IsAdmin(callerId) && access.RoleIn(request.CohortId, callerId) != CohortRole.Coach)
            {
                return DirectoryDecision.Forbidden("Only the cohort's coaches and admins answer requests to join it.");
            }
            if (request.Status != AccessRequestStatus.Pending)
            {
                return DirectoryDecision.Conflict($"This request was {(request.Status == AccessRequestStatus.Approved ? "approved" : "declined")} already.");
            }
            var answer = new AccessRequestAnswered(requestId, approved, callerId, reason);
            return approved && access.RoleIn(request.CohortId, request.UserId) is null
                ? DirectoryDecision.Accept(answer, new MemberAdded(request.CohortId, request.UserId, CohortRole.Learner, callerId))
                : DirectoryDecision.Accept(answer);
        }, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(ToDto(db, db.AccessRequests.FindById(requestId)));
    }

    private static async Task<Results<Ok<ProgramAccessDto>, ProblemHttpResult>> SetAccepting(
        string programId, SetAccessRequestsRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        if (!access.IsAdmin(callerId))
        {
            return ApiProblem.Forbidden("Only admins choose whether a program accepts requests to join.").ToResult();
        }
        if (request?.Accepting is not { } accepting)
        {
            return Problems.Invalid("accepting", "Say whether the program accepts requests (true or false).");
        }
        var problem = await writer.WriteAsync(() => !Ids.IsWellFormed(programId) || db.Programs.FindById(programId) is null
            ? DirectoryDecision.NotFound($"There is no program '{programId}'.")
            : (db.ProgramAccess.FindById(programId)?.Accepting ?? false) == accepting
                ? DirectoryDecision.Accept()
                : DirectoryDecision.Accept(new AccessRequestsSet(programId, accepting, callerId)), cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Ok(new ProgramAccessDto(programId, db.Programs.FindById(programId).Name, accepting));
    }

    private static AccessRequestDto ToDto(RoundtableDb db, AccessRequestRecord r)
    {
        var cohort = db.Cohorts.FindById(r.CohortId);
        var user = db.Users.FindById(r.UserId);
        return new AccessRequestDto(
            r.Id, r.CohortId, cohort?.Name ?? "", cohort is null ? "" : db.Programs.FindById(cohort.ProgramId)?.Name ?? "",
            r.UserId, user?.DisplayName ?? "Unknown", user?.Email ?? "", r.Message, r.Status, r.RequestedAt.AsUtc(),
            r.AnsweredBy is null ? null : db.Users.FindById(r.AnsweredBy)?.DisplayName, r.Reason);
    }
}
