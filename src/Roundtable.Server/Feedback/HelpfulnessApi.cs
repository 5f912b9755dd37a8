using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Dashboard;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Web;

namespace Roundtable.Server.Feedback;

/// <param name="MaxHelpfulness">The top of the presenters' scale (1 is "not helpful").</param>
public sealed record HelpfulnessDto(string UserId, string DisplayName, int MaxHelpfulness, IReadOnlyList<HelpfulnessRound> Rounds);

/// <summary>
/// How helpful the presenters rated a person's feedback comments over time, per roundtable and asynchronous round, from
/// the dashboard's fold of the log. Read by the person themselves and by admins; a coach reads only the rounds of
/// the cohorts they coach.
/// </summary>
public static class HelpfulnessApi
{
    public static IEndpointRouteBuilder MapHelpfulnessApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Feedback")
            .MapGet("/users/{userId}/feedback-helpfulness", GetHelpfulness)
            .WithDescription("How helpful presenters rated the user's feedback, per roundtable and asynchronous round: for the user, their cohorts' coaches and admins.");
        return app;
    }

    private static async Task<Results<Ok<HelpfulnessDto>, ProblemHttpResult>> GetHelpfulness(
        string userId, ClaimsPrincipal principal, CohortAccess access, DashboardProjection activity, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        if (access.User(userId) is not { } user || !access.CanReadProfile(callerId, userId))
        {
            return Problems.NotFound("user", userId);
        }
        var whole = callerId == userId || access.IsAdmin(callerId);
        var rounds = await activity.ReadAsync((a, _) => a.HelpfulnessOf(userId), cancellationToken);
        return TypedResults.Ok(new HelpfulnessDto(user.Id, user.DisplayName, Core.Rooms.FeedbackLimits.MaxHelpfulness,
            [.. rounds.Where(r => whole || access.CanFacilitate(r.CohortId, callerId))]));
    }
}
