using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Feedback;

/// <summary>
/// One presentation and its feedback, as the reader may see it (null feedback: none was opened). <paramref name="Calibrated"/>:
/// the peers' aggregate with each rater's leniency removed beside the raw one, once released and only where the
/// cohort's coaches chose to show it.
/// </summary>
public sealed record PresentationHistoryItem(
    string RoundtableId, string RoundtableTitle, string PresentationId, DateTimeOffset StartedAt, FeedbackView? Feedback,
    CalibratedAggregate? Calibrated = null);

public sealed record PresentationHistoryDto(string UserId, string DisplayName, IReadOnlyList<PresentationHistoryItem> Presentations);

/// <summary>
/// A presenter's history: every presentation they gave, oldest first, with its aggregates by criterion and their
/// reflection. Which presentations comes from the dashboard's fold of the log; the figures come from each room's own
/// fold, so they are the ones the room showed.
/// </summary>
public static class PresentationHistoryApi
{
    public static IEndpointRouteBuilder MapPresentationHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Feedback")
            .MapGet("/users/{userId}/presentations", GetHistory)
            .WithDescription("Every presentation the user gave, with its feedback as the caller may see it: the presenter, their coaches and managers, and admins.");
        return app;
    }

    private static async Task<Results<Ok<PresentationHistoryDto>, ProblemHttpResult>> GetHistory(
        string userId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DashboardProjection activity, RoomCommandRunner runner,
        IOptions<CalibrationOptions> calibration, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var presenter = access.User(userId);
        if (presenter is null || !MaySee(db, access, callerId, userId))
        {
            return Problems.NotFound("user", userId);
        }
        var items = new List<PresentationHistoryItem>();
        foreach (var record in await activity.ReadAsync((a, _) => a.PresentationsBy(userId), cancellationToken))
        {
            if (access.Roundtable(record.RoundtableId) is not { } roundtable)
            {
                continue;
            }
            // The presenter and their managers see what the presenter saw; coaches and admins see what staff saw.
            var staff = access.CanFacilitate(roundtable.CohortId, callerId);
            var audience = callerId != userId && staff ? FeedbackAudience.Staff : FeedbackAudience.Presenter;
            var feedback = await runner.ReadAsync(roundtable.Id, state =>
                state.Feature<FeedbackState>().Find(record.PresentationId) is { } window ? FeedbackViews.For(state, window, audience, null) : null, cancellationToken);
            // The calibrated aggregate is for the presenter and the cohort's coaches, as on the summary page; managers see the raw one.
            var calibrated = feedback?.Released == true && (callerId == userId || staff)
                ? await activity.ReadAsync((a, _) => a.CalibratedAggregateOf(record.RoundtableId, record.PresentationId, calibration.Value), cancellationToken)
                : null;
            items.Add(new PresentationHistoryItem(
                roundtable.Id, roundtable.Title, record.PresentationId, record.StartedAt, feedback, calibrated));
        }
        return TypedResults.Ok(new PresentationHistoryDto(presenter.Id, presenter.DisplayName, items));
    }

    /// <summary>The presenter, an admin, or a coach or manager of a cohort the presenter belongs to.</summary>
    private static bool MaySee(RoundtableDb db, CohortAccess access, string callerId, string userId) =>
        callerId == userId
        || access.IsAdmin(callerId)
        || db.Memberships.Find(m => m.UserId == userId)
            .Any(m => access.RoleIn(m.CohortId, callerId) is CohortRole.Coach or CohortRole.Manager);
}
