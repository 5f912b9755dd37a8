using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Plans;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Notifications;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Plans;

/// <summary>What a save decided: the event to append, or why not in words.</summary>
internal readonly record struct PlanDecision(PlanWorkEvent? Event, string? Refusal)
{
    public static implicit operator PlanDecision(PlanWorkEvent e) => new(e, null);

    public static implicit operator PlanDecision(string refusal) => new(null, refusal);
}

/// <summary>
/// The one way into a learner's work on an exercise: check the caller and the input, fold the work's stream as the log
/// has it, decide, append expecting the version the client saw, then wait for this node's read models and push the
/// notifications the event made.
/// </summary>
public sealed class PlanWriter(RoundtableDb db, CohortAccess access, EventStreamWriter streamWriter, MarkdownRenderer markdown, TimeProvider time)
{
    private static readonly StreamWriteOptions PlanWrites = new() { ReadYourWrite = true };

    internal async Task<Results<Ok<PlanDetailDto>, ProblemHttpResult>> SaveAsync(
        string exerciseId, string learnerId, string callerId, PlanViewer writer, long? baseVersion, string? text, string what, int maxBytes,
        Func<FoundPlan, PlanProgress, string, string?, PlanDecision> decide, CancellationToken cancellationToken)
    {
        var found = PlansApi.Find(exerciseId, learnerId, callerId, db, access);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        if (found.Viewer != writer)
        {
            var learner = access.User(learnerId)?.DisplayName ?? "the learner";
            return Problems.Forbidden(writer == PlanViewer.Learner
                ? $"Only {learner} writes their {what}."
                : $"Feedback on {learner}'s work is given by {PlansApi.ReviewersOf(db, access, found.Exercise.CohortId, learnerId)}.");
        }
        var errors = new Dictionary<string, string[]>();
        if (baseVersion is not >= 0)
        {
            errors["baseVersion"] = ["Give the version this was written from (0 when there is nothing yet)."];
        }
        if (PlansApi.TextProblem(text, what, maxBytes) is { } textError)
        {
            errors["markdown"] = [textError];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, errors.Values.First()[0]);
        }

        var html = markdown.Render(text!);
        var managerId = access.ManagerOf(learnerId);
        // A save written from an older version is refused, never retried: after another save lands first, deciding
        // again meets a version that is not the one the client saw.
        var write = await streamWriter.ExecuteAsync(
            FoldedStream.Of<PlanProgress>(StreamNames.Plan(exerciseId, learnerId), new(), (progress, stored) => progress.Apply(stored.Event, stored.Seq)),
            progress =>
            {
                if (progress.Version != baseVersion)
                {
                    return StreamDecision.Nothing<ProblemHttpResult?>(Stale(what, baseVersion!.Value, progress.Version));
                }
                var decision = decide(found, progress, html, managerId);
                return decision.Event is null
                    ? StreamDecision.Nothing<ProblemHttpResult?>(Problems.Conflict(decision.Refusal!, progress.Version))
                    : StreamDecision.Append<ProblemHttpResult?>(null, decision.Event);
            },
            PlanWrites, cancellationToken);
        if ((write.Busy ? Stale(what, baseVersion!.Value, write.State.Version) : write.Answer) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(PlansApi.Detail(db, access, PlansApi.Find(exerciseId, learnerId, callerId, db, access), time.GetUtcNow()));
    }

    private static ProblemHttpResult Stale(string what, long baseVersion, long currentVersion) => Problems.Conflict(
        $"This work changed (now version {currentVersion}) since you opened it (version {baseVersion}). Nothing was saved: copy your {what}, reload, and add it again.",
        currentVersion);
}
