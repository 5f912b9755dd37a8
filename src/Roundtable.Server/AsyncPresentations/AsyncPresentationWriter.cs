using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Log;
using Roundtable.Server.Web;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>
/// The one way into a cohort's asynchronous presentations: fold the cohort's stream as the log has it, decide at the
/// server's time (deadlines are judged here, never in the browser), append expecting the version decided on (a writer
/// that lost a race reads what landed and decides again), and answer once this node's read models hold the result.
/// </summary>
public sealed class AsyncPresentationWriter(EventStreamWriter writer, TimeProvider time)
{
    // Reviewers of one cohort may save at the same moment; each lost race costs one re-read of the stream.
    private static readonly StreamWriteOptions Writes = new() { ReadYourWrite = true, MaxAttempts = 10 };

    /// <summary>Null once decided (appended, or nothing to do); otherwise the problem to answer with.</summary>
    public async Task<ProblemHttpResult?> ExecuteAsync(
        string cohortId, Func<AsyncCohortState, DateTimeOffset, AsyncDecision> decide, CancellationToken cancellationToken)
    {
        var stream = FoldedStream.Of<AsyncCohortState>(AsyncPresentationStreams.Cohort(cohortId), new(), (state, stored) => state.Apply(stored.Event));
        var result = await writer.ExecuteAsync(stream, state =>
        {
            var decision = decide(state, time.GetUtcNow());
            return decision.Refusal is { } refusal
                ? StreamDecision.Nothing<AsyncRefusal?>(refusal)
                : StreamDecision.Append<AsyncRefusal?>(null, decision.Events);
        }, Writes, cancellationToken);
        if (result.Busy)
        {
            return ApiProblem.Busy("Many people are saving in this cohort at once; nothing was saved. Try again.").ToResult();
        }
        return result.Answer is { } refused ? ToProblem(refused) : null;
    }

    public static ProblemHttpResult ToProblem(AsyncRefusal refusal) => refusal.Kind switch
    {
        AsyncRefusalKind.NotFound => ApiProblem.NotFound(refusal.Message).ToResult(),
        AsyncRefusalKind.Forbidden => ApiProblem.Forbidden(refusal.Message).ToResult(),
        AsyncRefusalKind.Conflict => ApiProblem.Conflict(refusal.Message).ToResult(),
        _ => refusal.Field.Length > 0 ? ApiProblem.Invalid(refusal.Field, refusal.Message).ToResult()
            : new ApiProblem(StatusCodes.Status400BadRequest, "Invalid input", refusal.Message).ToResult(),
    };
}
