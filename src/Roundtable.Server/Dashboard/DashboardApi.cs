using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Dashboard;

public sealed record SetThresholdsRequest(int? MissedSessionsInARow, int? DecliningPresentations, int? MinFeedbackGiven, int? MinContributions);

/// <summary>How one person who reports to the caller is doing in one cohort they learn in: the figures, not the flags.</summary>
public sealed record ReportCohortProgressDto(
    string CohortId, string CohortName, int SessionsJoined, int SessionsHeld, int PresentationsGiven, int FeedbackGiven,
    int PlansAssigned, int PlansDone, int PlansOverdue);

/// <summary>One person who reports to the caller, with their progress in each cohort they learn in.</summary>
public sealed record ReportProgressDto(string UserId, string DisplayName, IReadOnlyList<ReportCohortProgressDto> Cohorts);

/// <summary>
/// The program dashboard: the cohort at a glance (coaches and admins), one learner's progress (the learner, the
/// cohort's coaches and managers, admins), the program's improvement view (its coaches and admins), a roundtable's
/// summary (its cohort's members; the calibrated aggregate for each presenter and the coaches), and each program's flag
/// thresholds. Everything is read from the in-memory fold.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Dashboard");
        api.MapGet("/cohorts/{cohortId}/dashboard", GetCohort);
        api.MapGet("/cohorts/{cohortId}/learners/{userId}/progress", GetLearner);
        api.MapGet("/programs/{programId}/improvement", GetProgram);
        api.MapPut("/programs/{programId}/dashboard/thresholds", SetThresholds);
        api.MapGet("/roundtables/{roundtableId}/summary", GetSummary);
        api.MapGet("/my-reports/progress", GetMyReports)
            .WithDescription("The people who report to the caller, with their progress in each cohort they learn in (a manager's home).");
        return app;
    }

    private static async Task<Results<Ok<CohortDashboard>, ProblemHttpResult>> GetCohort(
        string cohortId, ClaimsPrincipal principal, CohortAccess access, DashboardProjection projection, CancellationToken cancellationToken)
    {
        if (access.RefuseUnlessStaff(cohortId, principal.UserId()!, "The cohort dashboard is for the cohort's coaches and admins.") is { } refused)
        {
            return refused;
        }
        var dashboard = await projection.ReadAsync((activity, now) => activity.Cohort(cohortId, now), cancellationToken);
        return dashboard is null ? Problems.NotFound("cohort", cohortId) : TypedResults.Ok(dashboard);
    }

    private static async Task<Results<Ok<LearnerRow>, ProblemHttpResult>> GetLearner(
        string cohortId, string userId, ClaimsPrincipal principal, CohortAccess access, DashboardProjection projection, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        // Coaches, admins and the cohort's managers support the learner and see the flags too.
        var supports = access.CanFacilitate(cohortId, callerId) || access.RoleIn(cohortId, callerId) == CohortRole.Manager;
        if (!supports && !(callerId == userId && access.CanSee(cohortId, callerId)))
        {
            return Problems.NotFound("learner", userId);
        }
        var row = await projection.ReadAsync((activity, now) => activity.Learner(cohortId, userId, now), cancellationToken);
        if (row is null)
        {
            return Problems.NotFound("learner", userId);
        }
        return TypedResults.Ok(supports ? row : row with { Flags = [] });
    }

    private static async Task<Results<Ok<ProgramImprovement>, ProblemHttpResult>> GetProgram(
        string programId, ClaimsPrincipal principal, CohortAccess access, DashboardProjection projection, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (!access.CanSeeProgram(programId, userId))
        {
            return Problems.NotFound("program", programId);
        }
        if (!access.CanCoachProgram(programId, userId))
        {
            return Problems.Forbidden("The program view is for the program's coaches and admins.");
        }
        var improvement = await projection.ReadAsync((activity, now) => activity.Program(programId, now), cancellationToken);
        return improvement is null ? Problems.NotFound("program", programId) : TypedResults.Ok(improvement);
    }

    private static async Task<Results<Ok<DashboardThresholds>, ValidationProblem, ProblemHttpResult>> SetThresholds(
        string programId, SetThresholdsRequest request, ClaimsPrincipal principal, CohortAccess access, DirectoryWriter writer,
        DashboardProjection projection, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (!access.CanSeeProgram(programId, userId))
        {
            return Problems.NotFound("program", programId);
        }
        if (!access.CanCoachProgram(programId, userId))
        {
            return Problems.Forbidden("Only the program's coaches and admins set its thresholds.");
        }
        var errors = new Dictionary<string, string[]>();
        void Check(string field, int? value, int min, int max)
        {
            if (value is { } v && (v < min || v > max))
            {
                errors[field] = [$"Between {min} and {max}."];
            }
        }
        Check("missedSessionsInARow", request.MissedSessionsInARow, 1, 20);
        Check("decliningPresentations", request.DecliningPresentations, 2, 10);
        Check("minFeedbackGiven", request.MinFeedbackGiven, 0, 50);
        Check("minContributions", request.MinContributions, 0, 100);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var current = await projection.ReadAsync((activity, _) => activity.ThresholdsOf(programId), cancellationToken);
        var thresholds = new DashboardThresholds(
            request.MissedSessionsInARow ?? current.MissedSessionsInARow,
            request.DecliningPresentations ?? current.DecliningPresentations,
            request.MinFeedbackGiven ?? current.MinFeedbackGiven,
            request.MinContributions ?? current.MinContributions);
        var problem = await writer.WriteAsync(() => DirectoryDecision.Accept(new DashboardThresholdsSet(programId, thresholds, userId)), cancellationToken);
        return problem is null ? TypedResults.Ok(thresholds) : problem.ToResult();
    }

    private static async Task<Results<Ok<RoundtableSummary>, ProblemHttpResult>> GetSummary(
        string roundtableId, ClaimsPrincipal principal, CohortAccess access, RoomAccess rooms, DashboardProjection projection,
        IOptions<CalibrationOptions> calibration, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var admission = await rooms.DecideAsync(userId, roundtableId, cancellationToken);
        if (admission.Roundtable is not { } roundtable || !admission.Allowed)
        {
            return admission.ToProblem(roundtableId);
        }
        var staff = access.CanFacilitate(roundtable.CohortId, userId);
        // As in the presentation history: the presenter and the cohort's coaches see the calibrated aggregate beside
        // the raw one, once released and while the coaches choose to show it; other members see the raw one only.
        var summary = await projection.ReadAsync((activity, now) => activity.Roundtable(roundtableId, now) is { } found
            ? found with
            {
                Presentations = [.. found.Presentations.Select(p => staff || p.PresenterUserId == userId
                    ? p with { Calibrated = activity.CalibratedAggregateOf(roundtableId, p.PresentationId, calibration.Value) }
                    : p)],
            }
            : null, cancellationToken);
        if (summary is null)
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        if (staff)
        {
            return TypedResults.Ok(summary);
        }
        // Others see a presentation's aggregate once the coach released it (the presenter always sees their own),
        // and no one else's rating of the session.
        return TypedResults.Ok(summary with
        {
            Presentations = [.. summary.Presentations.Select(p => p.Released || p.PresenterUserId == userId ? p : p with { PeerAggregate = null })],
            Ratings = [.. summary.Ratings.Where(r => r.UserId == userId)],
            AverageRating = null,
        });
    }

    /// <summary>
    /// A manager follows the people who report to them, in or out of their cohorts (as the plans of their reports), so
    /// the figures come without the flags, which stay with the cohort's coaches and managers.
    /// </summary>
    private static async Task<Ok<ReportProgressDto[]>> GetMyReports(
        ClaimsPrincipal principal, RoundtableDb db, DashboardProjection projection, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var reports = db.Users.Find(u => u.ManagerId == userId)
            .OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(u => (User: u, Cohorts: db.Memberships.Find(m => m.UserId == u.Id).Where(m => m.Role == CohortRole.Learner)
                .Select(m => db.Cohorts.FindById(m.CohortId)).OfType<CohortRecord>().OrderBy(c => c.Name).ToList()))
            .ToList();
        var progress = await projection.ReadAsync((activity, now) => reports
            .Select(r => new ReportProgressDto(r.User.Id, r.User.DisplayName, [.. r.Cohorts
                .Select(c => activity.Learner(c.Id, r.User.Id, now) is { } row
                    ? new ReportCohortProgressDto(c.Id, c.Name, row.SessionsJoined, row.SessionsHeld, row.PresentationsGiven, row.FeedbackGiven,
                        row.PlansAssigned, row.PlansDone, row.PlansOverdue)
                    : null)
                .OfType<ReportCohortProgressDto>()]))
            .ToArray(), cancellationToken);
        return TypedResults.Ok(progress);
    }
}
