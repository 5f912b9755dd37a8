using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Feedback;

public sealed record CommentAdviceRequest(string? Text);

/// <summary>The verdict on a comment being written, and the starters its rubric offers.</summary>
public sealed record CommentAdviceDto(bool TooVague, IReadOnlyList<VagueReason> Reasons, string? Hint, IReadOnlyList<CommentStarter> Starters);

/// <summary>
/// Advice on a feedback comment while it is written, for the live form and the asynchronous one alike: both ask
/// <see cref="CommentAdvice"/> against the rubric the feedback is given on. Only someone who may give that feedback
/// now may ask. Each call is a POST and so takes a token of the caller's API-write allowance (the global limiter of
/// <c>Limits</c>), which is what keeps typing from flooding the server; the form asks once typing pauses.
/// </summary>
public static partial class CommentAdviceApi
{
    public static IEndpointRouteBuilder MapCommentAdviceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Feedback");
        api.MapPost("/roundtables/{roundtableId}/feedback/{presentationId}/comment-advice", AdviseLive)
            .WithDescription("Whether a comment being written on a presentation's live feedback is too vague to help, and the rubric's starters (for those who may give that feedback).");
        api.MapPost("/async-presentations/{presentationId}/comment-advice", AdviseAsync)
            .WithDescription("Whether a comment being written on an asynchronous presentation is too vague to help, and the rubric's starters (for its reviewers while the round is open).");
        return app;
    }

    private static async Task<Results<Ok<CommentAdviceDto>, ProblemHttpResult>> AdviseLive(
        string roundtableId, string presentationId, CommentAdviceRequest? request, ClaimsPrincipal principal, RoomAccess access,
        RoomCommandRunner runner, TimeProvider time, ILogger<CommentAdviceDto> logger, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var byDirectory = access.ByDirectory(callerId, roundtableId);
        if (!byDirectory.Allowed)
        {
            return byDirectory.ToProblem(roundtableId);
        }
        var (roundtable, actor) = (byDirectory.Roundtable!, byDirectory.Actor!);
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }
        var now = time.GetUtcNow();
        var (rubric, refusal) = await runner.ReadAsync<(Rubric? Rubric, string? Refusal)>(roundtable.Id, state =>
        {
            if (state.Feature<FeedbackState>().Find(presentationId) is not { } window)
            {
                return (null, "");
            }
            if (state.Status == RoomStatus.Ended || window.IsClosedAt(now))
            {
                return (null, "Feedback on this presentation has closed.");
            }
            return FeedbackFeature.GiverOf(state, actor, window).Refusal is null
                ? (window.Rubric, null)
                : (null, "Advice is for those giving this feedback: join the roundtable first.");
        }, cancellationToken);
        if (rubric is null)
        {
            LogRefused(logger, callerId, roundtable.Id);
            return refusal == "" ? Problems.NotFound("feedback on presentation", presentationId) : ApiProblem.Forbidden(refusal!).ToResult();
        }
        return TypedResults.Ok(Advise(rubric, request!.Text));
    }

    private static Results<Ok<CommentAdviceDto>, ProblemHttpResult> AdviseAsync(
        string presentationId, CommentAdviceRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
        TimeProvider time, ILogger<CommentAdviceDto> logger)
    {
        var callerId = principal.UserId()!;
        if (!Ids.IsWellFormed(presentationId) || db.AsyncPresentations.FindById(presentationId) is not { } presentation
            || !access.CanSee(presentation.CohortId, callerId))
        {
            return Problems.NotFound("presentation", presentationId);
        }
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }
        var reviewer = db.AsyncReviews.FindById(AsyncReviewRecord.KeyOf(presentation.Id, callerId)) is not null;
        var round = presentation.RoundId is { } roundId ? db.AsyncRounds.FindById(roundId) : null;
        if (!reviewer || round is null || round.IsClosedAt(time.GetUtcNow()) || round.Rubric() is not { } rubric)
        {
            LogRefused(logger, callerId, presentation.Id);
            return ApiProblem.Forbidden("Advice is for this presentation's reviewers while its round is open.").ToResult();
        }
        return TypedResults.Ok(Advise(rubric, request!.Text));
    }

    private static CommentAdviceDto Advise(Rubric rubric, string? text)
    {
        var verdict = CommentAdvice.Check(text, rubric);
        return new CommentAdviceDto(verdict.TooVague, verdict.Reasons, verdict.Hint, CommentAdvice.Starters(rubric));
    }

    private static ProblemHttpResult? Invalid(CommentAdviceRequest? request) =>
        request is null ? Problems.Invalid("text", "Give the comment's text.")
        : Encoding.UTF8.GetByteCount(request.Text ?? "") > FeedbackLimits.MaxAnswerBytes
            ? Problems.Invalid("text", $"A comment is at most {FeedbackLimits.MaxAnswerBytes / 1024} KB.")
            : null;

    [LoggerMessage(EventId = 8600, Level = LogLevel.Debug, Message = "Comment advice refused to {UserId} on {TargetId}")]
    private static partial void LogRefused(ILogger logger, string userId, string targetId);
}
