using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Web;

namespace Roundtable.Server.Feedback;

public sealed record OwnCalibrationDto(string UserId, string DisplayName, IReadOnlyList<OwnCalibration> Cohorts);

public sealed record CalibratedAggregateChoice(bool? Shown);

/// <summary>
/// Rater calibration from the dashboard's fold of the log (released feedback only). A person reads their own, as they
/// read the helpfulness of their feedback (their cohorts' coaches read the cohorts they coach; admins everything);
/// the cohort's table and the choice to show presenters a calibrated aggregate follow the cohort dashboard's rules.
/// </summary>
public static partial class CalibrationApi
{
    public static IEndpointRouteBuilder MapCalibrationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Feedback");
        api.MapGet("/users/{userId}/calibration", GetOwn)
            .WithDescription("How the user rates compared with the other raters, per cohort: for the user, their cohorts' coaches and admins.");
        api.MapGet("/cohorts/{cohortId}/calibration", GetCohort)
            .WithDescription("Every learner's rater calibration in the cohort: for the cohort's coaches and admins.");
        api.MapPut("/cohorts/{cohortId}/calibration/calibrated-aggregate", SetCalibratedAggregate)
            .WithDescription("Whether presenters of the cohort see a calibrated aggregate beside the raw one: set by the cohort's coaches and admins.");
        return app;
    }

    private static async Task<Results<Ok<OwnCalibrationDto>, ProblemHttpResult>> GetOwn(
        string userId, ClaimsPrincipal principal, CohortAccess access, DashboardProjection activity, IOptions<CalibrationOptions> options,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        if (access.User(userId) is not { } user || !access.CanReadProfile(callerId, userId))
        {
            return Problems.NotFound("user", userId);
        }
        var whole = callerId == userId || access.IsAdmin(callerId);
        var cohorts = await activity.ReadAsync((a, _) => a.CalibrationOf(userId, options.Value), cancellationToken);
        return TypedResults.Ok(new OwnCalibrationDto(user.Id, user.DisplayName, [.. cohorts.Where(c => whole || access.CanFacilitate(c.CohortId, callerId))]));
    }

    private static async Task<Results<Ok<CohortCalibration>, ProblemHttpResult>> GetCohort(
        string cohortId, ClaimsPrincipal principal, CohortAccess access, DashboardProjection activity, IOptions<CalibrationOptions> options,
        CancellationToken cancellationToken)
    {
        if (access.RefuseUnlessStaff(cohortId, principal.UserId()!, "The cohort's rater calibration is for its coaches and admins.") is { } refusal)
        {
            return refusal;
        }
        var calibration = await activity.ReadAsync((a, _) => a.Calibration(cohortId, options.Value), cancellationToken);
        return calibration is null ? Problems.NotFound("cohort", cohortId) : TypedResults.Ok(calibration);
    }

    private static async Task<Results<Ok<CalibratedAggregateChoice>, ProblemHttpResult>> SetCalibratedAggregate(
        string cohortId, CalibratedAggregateChoice? choice, ClaimsPrincipal principal, CohortAccess access, DirectoryWriter writer,
        ILogger<CalibratedAggregateChoice> logger, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (access.RefuseUnlessStaff(cohortId, userId, "Only the cohort's coaches and admins choose what presenters are shown.") is { } refusal)
        {
            return refusal;
        }
        if (choice?.Shown is not { } shown)
        {
            return Problems.Invalid("shown", "Say whether presenters see the calibrated aggregate (true or false).");
        }
        var problem = await writer.WriteAsync(() => DirectoryDecision.Accept(new CalibratedAggregateChosen(cohortId, shown, userId)), cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        LogChosen(logger, cohortId, shown, userId);
        return TypedResults.Ok(new CalibratedAggregateChoice(shown));
    }

    [LoggerMessage(EventId = 8620, Level = LogLevel.Information, Message = "Calibrated aggregate for cohort {CohortId} shown: {Shown}, by {UserId}")]
    private static partial void LogChosen(ILogger logger, string cohortId, bool shown, string userId);
}
