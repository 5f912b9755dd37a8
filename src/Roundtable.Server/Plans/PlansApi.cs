using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Plans;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Notifications;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Plans;

public sealed record AssignExerciseRequest(string? Title, string? PromptMarkdown, DateTimeOffset? DueAt, string? RoundtableId, string[]? LearnerIds);

public sealed record WritePlanRequest(long? BaseVersion, string? Markdown);

public sealed record GiveFeedbackRequest(long? BaseVersion, string? Markdown, bool? RequestRevision);

public sealed record PreviewRequest(string? Markdown);

public sealed record PreviewDto(string Html);

public sealed record ExerciseDto(
    string Id, string CohortId, string CohortName, string? RoundtableId, string? RoundtableTitle, string Title, string PromptMarkdown, string PromptHtml,
    DateTimeOffset DueAt, DateTimeOffset AssignedAt, string AssignedByName, int Learners);

public sealed record PlanStatusDto(
    string ExerciseId, string LearnerId, string LearnerName, PlanStatus Status, long Version, int PlanVersions, int ReflectionVersions, DateTimeOffset? UpdatedAt);

/// <summary>An exercise with every assigned learner's status: the coach's table.</summary>
public sealed record ExerciseStatusDto(ExerciseDto Exercise, IReadOnlyList<PlanStatusDto> Learners);

/// <summary>One learner's work on one exercise, in a list (the learner's own, or a manager's reports').</summary>
public sealed record PlanSummaryDto(ExerciseDto Exercise, PlanStatusDto Plan);

public sealed record PlanEntryDto(long Version, PlanEntryKind Kind, int Number, string Markdown, string Html, string ByName, bool RevisionRequested, DateTimeOffset At);

/// <summary>The whole work, every version oldest first, what the caller may do with it, and who gives feedback on it.</summary>
public sealed record PlanDetailDto(
    ExerciseDto Exercise, PlanStatusDto Plan, string? ManagerName, bool MayWrite, bool MayGiveFeedback, IReadOnlyList<PlanEntryDto> Entries, string Reviewers);

/// <summary>
/// Planning exercises between sessions. A cohort's coaches (and admins) assign them; each assigned learner writes a plan
/// and then how it went; the learner's manager (their reporting line, not a cohort role) gives feedback and may ask for a
/// revision (a learner with no manager gets it from the cohort's coaches). Only the learner, their manager, the cohort's coaches and admins see a learner's work: other members of the
/// cohort get 403, everyone else 404. Every save is an event on the work's own stream, expected at the version the
/// client saw, so a stale save is a 409 and nothing is overwritten.
/// </summary>
public static class PlansApi
{
    private const int MaxPreviewBytes = PlanLimits.MaxPlanBytes;

    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Plans");
        api.MapPost("/cohorts/{cohortId}/plan-exercises", Assign).WithDescription("Assigns a planning exercise to the cohort's learners or to those chosen (coaches, admins).");
        api.MapGet("/cohorts/{cohortId}/plan-exercises", ListForCohort).WithDescription("Every exercise of the cohort with each learner's status (coaches, admins).");
        api.MapGet("/my-plans", ListMine).WithDescription("The caller's own exercises with their status, soonest due first.");
        api.MapGet("/my-reports/plans", ListMyReports).WithDescription("The exercises of the people who report to the caller, with their status.");
        api.MapGet("/plan-exercises/{exerciseId}/plans/{learnerId}", Get).WithDescription("One learner's work on one exercise, every version.");
        api.MapPut("/plan-exercises/{exerciseId}/plans/{learnerId}/plan", WritePlan).WithDescription("The learner saves a new version of their plan.");
        api.MapPut("/plan-exercises/{exerciseId}/plans/{learnerId}/reflection", WriteReflection).WithDescription("The learner saves a new version of how it went.");
        api.MapPost("/plan-exercises/{exerciseId}/plans/{learnerId}/feedback", GiveFeedback)
            .WithDescription("The learner's reviewer (their manager; the cohort's coaches for a learner with no manager) gives feedback, optionally asking for a revision.");
        api.MapPost("/markdown/preview", Preview).WithDescription("The sanitised HTML that Markdown would be saved with.");
        return app;
    }

    private static async Task<Results<Created<ExerciseDto>, ProblemHttpResult>> Assign(
        string cohortId, AssignExerciseRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, EventStreamWriter writer,
        MarkdownRenderer markdown, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (access.RefuseUnlessStaff(cohortId, userId, "Only the cohort's coaches and admins assign planning exercises.") is { } refused)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var title = request?.Title?.Trim() ?? "";
        if (title.Length is 0 or > PlanLimits.MaxTitleLength)
        {
            errors["title"] = [$"Give a title of 1 to {PlanLimits.MaxTitleLength} characters."];
        }
        if (TextProblem(request?.PromptMarkdown, "prompt", PlanLimits.MaxPromptBytes) is { } promptError)
        {
            errors["promptMarkdown"] = [promptError];
        }
        if (request?.DueAt is not { } dueAt || dueAt <= now || dueAt > now + PlanLimits.MaxDueAhead)
        {
            errors["dueAt"] = ["Give a due date and time in the future, within a year."];
        }
        RoundtableRecord? roundtable = null;
        if (!string.IsNullOrEmpty(request?.RoundtableId)
            && (!Ids.IsWellFormed(request.RoundtableId) || (roundtable = access.Roundtable(request.RoundtableId)) is null || roundtable.CohortId != cohortId))
        {
            errors["roundtableId"] = ["The roundtable it follows must be one of this cohort's."];
        }
        var cohortLearners = db.Memberships.Find(m => m.CohortId == cohortId && m.Role == CohortRole.Learner).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var chosen = request?.LearnerIds is { Length: > 0 } ids ? ids.Distinct(StringComparer.Ordinal).ToList() : [.. cohortLearners.Order(StringComparer.Ordinal)];
        if (chosen.Count == 0)
        {
            errors["learnerIds"] = ["The cohort has no learners to assign the exercise to."];
        }
        else if (chosen.FirstOrDefault(id => !cohortLearners.Contains(id)) is { } stranger)
        {
            errors["learnerIds"] = [$"'{stranger}' is not a learner of this cohort; choose among its learners."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "Some of the exercise's fields need fixing. Nothing was assigned.");
        }

        var prompt = request!.PromptMarkdown!;
        var assigned = new PlanExerciseAssigned(Ids.New(), cohortId, roundtable?.Id, title, prompt, markdown.Render(prompt), request.DueAt!.Value.ToUniversalTime(), chosen, userId);
        var write = await AppendExerciseAsync(writer, assigned, cancellationToken);
        if (write.Busy)
        {
            return TypedResults.Problem("Exercises are being assigned too quickly in this cohort; try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy");
        }
        var dto = ToDto(db, db.PlanExercises.FindById(assigned.ExerciseId));
        return TypedResults.Created($"/api/cohorts/{cohortId}/plan-exercises", dto);
    }

    private static readonly StreamWriteOptions ExerciseWrites = new() { ReadYourWrite = true };

    /// <summary>
    /// Appends the exercise to its cohort's stream, decided against the exercises the stream holds: when another exercise
    /// lands first, the writer reads it and decides again, so this one goes in once, after it. The answer: whether this
    /// call appended it.
    /// </summary>
    internal static Task<StreamWriteResult<HashSet<string>, bool>> AppendExerciseAsync(
        EventStreamWriter writer, PlanExerciseAssigned assigned, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(AssignedExercises(assigned.CohortId), assignedIds => assignedIds.Contains(assigned.ExerciseId)
            ? StreamDecision.Nothing(false)
            : StreamDecision.Append(true, assigned), ExerciseWrites, cancellationToken);

    /// <summary>The ids of the exercises assigned in a cohort, folded from its exercises' stream.</summary>
    private static FoldedStream<HashSet<string>> AssignedExercises(string cohortId) =>
        FoldedStream.Of<HashSet<string>>(StreamNames.PlanExercises(cohortId), new(StringComparer.Ordinal), (ids, stored) =>
        {
            if (stored.Event is PlanExerciseAssigned assigned)
            {
                ids.Add(assigned.ExerciseId);
            }
        });

    private static Results<Ok<ExerciseStatusDto[]>, ProblemHttpResult> ListForCohort(
        string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, TimeProvider time)
    {
        if (access.RefuseUnlessStaff(cohortId, principal.UserId()!, "The status of every learner is for the cohort's coaches and admins.") is { } refused)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        var exercises = db.PlanExercises.Find(x => x.CohortId == cohortId)
            .OrderByDescending(x => x.AssignedAt)
            .Select(x => new ExerciseStatusDto(ToDto(db, x), [.. db.Plans.Find(p => p.ExerciseId == x.Id)
                .Select(p => StatusOf(db, x, p, now))
                .OrderBy(s => s.LearnerName, StringComparer.CurrentCultureIgnoreCase)]))
            .ToArray();
        return TypedResults.Ok(exercises);
    }

    private static Ok<PlanSummaryDto[]> ListMine(ClaimsPrincipal principal, RoundtableDb db, TimeProvider time) =>
        TypedResults.Ok(Summaries(db, db.Plans.Find(p => p.LearnerId == principal.UserId()!), time.GetUtcNow()));

    private static Ok<PlanSummaryDto[]> ListMyReports(ClaimsPrincipal principal, RoundtableDb db, TimeProvider time)
    {
        var userId = principal.UserId()!;
        var reports = db.Users.Find(u => u.ManagerId == userId).Select(u => u.Id).ToList();
        return TypedResults.Ok(Summaries(db, reports.SelectMany(id => db.Plans.Find(p => p.LearnerId == id)), time.GetUtcNow()));
    }

    private static PlanSummaryDto[] Summaries(RoundtableDb db, IEnumerable<PlanRecord> plans, DateTimeOffset now) =>
    [
        .. plans
            .Select(p => db.PlanExercises.FindById(p.ExerciseId) is { } x ? new PlanSummaryDto(ToDto(db, x), StatusOf(db, x, p, now)) : null)
            .OfType<PlanSummaryDto>()
            .OrderBy(s => s.Exercise.DueAt)
            .ThenBy(s => s.Plan.LearnerName, StringComparer.CurrentCultureIgnoreCase),
    ];

    private static Results<Ok<PlanDetailDto>, ProblemHttpResult> Get(
        string exerciseId, string learnerId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, TimeProvider time)
    {
        var found = Find(exerciseId, learnerId, principal.UserId()!, db, access);
        return found.Problem is { } problem ? problem : TypedResults.Ok(Detail(db, access, found, time.GetUtcNow()));
    }

    private static Task<Results<Ok<PlanDetailDto>, ProblemHttpResult>> WritePlan(
        string exerciseId, string learnerId, WritePlanRequest? request, ClaimsPrincipal principal, PlanWriter writer, CancellationToken cancellationToken) =>
        writer.SaveAsync(exerciseId, learnerId, principal.UserId()!, PlanViewer.Learner, request?.BaseVersion, request?.Markdown, "plan", PlanLimits.MaxPlanBytes,
            (found, progress, html, managerId) => new PlanWritten(exerciseId, learnerId, request!.Markdown!, html, managerId), cancellationToken);

    private static Task<Results<Ok<PlanDetailDto>, ProblemHttpResult>> WriteReflection(
        string exerciseId, string learnerId, WritePlanRequest? request, ClaimsPrincipal principal, PlanWriter writer, CancellationToken cancellationToken) =>
        writer.SaveAsync(exerciseId, learnerId, principal.UserId()!, PlanViewer.Learner, request?.BaseVersion, request?.Markdown, "reflection", PlanLimits.MaxReflectionBytes,
            (found, progress, html, managerId) => progress.HasPlan
                ? new PlanReflectionWritten(exerciseId, learnerId, request!.Markdown!, html, managerId)
                : "Write the plan first; the reflection says how carrying it out went.",
            cancellationToken);

    private static Task<Results<Ok<PlanDetailDto>, ProblemHttpResult>> GiveFeedback(
        string exerciseId, string learnerId, GiveFeedbackRequest? request, ClaimsPrincipal principal, PlanWriter writer, CancellationToken cancellationToken) =>
        writer.SaveAsync(exerciseId, learnerId, principal.UserId()!, PlanViewer.Reviewer, request?.BaseVersion, request?.Markdown, "feedback", PlanLimits.MaxFeedbackBytes,
            (found, progress, html, _) => progress.HasPlan
                ? new PlanFeedbackGiven(exerciseId, learnerId, principal.UserId()!, request!.Markdown!, html, request.RequestRevision ?? false)
                : "There is no plan to give feedback on yet.",
            cancellationToken);

    private static Results<Ok<PreviewDto>, ProblemHttpResult> Preview(PreviewRequest? request, MarkdownRenderer markdown)
    {
        var text = request?.Markdown ?? "";
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > MaxPreviewBytes)
        {
            return Problems.Invalid("markdown", $"The text is {bytes / 1024.0:0.#} KB; the limit is {MaxPreviewBytes / 1024} KB.");
        }
        return TypedResults.Ok(new PreviewDto(markdown.Render(text)));
    }

    /// <summary>Empty or oversize Markdown, in words; null when it will do.</summary>
    internal static string? TextProblem(string? text, string what, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"Write the {what}; it cannot be empty.";
        }
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > maxBytes ? $"The {what} is {bytes / 1024.0:0.#} KB; the limit is {maxBytes / 1024} KB. Nothing was saved." : null;
    }

    /// <summary>The exercise, the learner's work on it and what the caller is to it; or the problem to answer with.</summary>
    internal static FoundPlan Find(string exerciseId, string learnerId, string callerId, RoundtableDb db, CohortAccess access)
    {
        if (!Ids.IsWellFormed(exerciseId) || !Ids.IsWellFormed(learnerId)
            || db.PlanExercises.FindById(exerciseId) is not { } exercise
            || db.Plans.FindById(PlanRecord.KeyOf(exerciseId, learnerId)) is not { } plan)
        {
            return new FoundPlan(null!, null!, PlanViewer.None, Problems.NotFound("plan", $"{exerciseId}/{learnerId}"));
        }
        var viewer = callerId == learnerId ? PlanViewer.Learner
            : IsReviewer(access, exercise.CohortId, learnerId, callerId) ? PlanViewer.Reviewer
            : access.CanFacilitate(exercise.CohortId, callerId) ? PlanViewer.Staff
            : PlanViewer.None;
        if (viewer != PlanViewer.None)
        {
            return new FoundPlan(exercise, plan, viewer, null);
        }
        return new FoundPlan(exercise, plan, viewer, access.CanSee(exercise.CohortId, callerId)
            ? Problems.Forbidden("A plan is seen only by its learner, their manager, the cohort's coaches and admins.")
            : Problems.NotFound("plan", $"{exerciseId}/{learnerId}"));
    }

    /// <summary>
    /// Who gives feedback on a learner's work: their manager (their reporting line); a learner with no manager would
    /// never get any, so then the cohort's coaches do.
    /// </summary>
    internal static bool IsReviewer(CohortAccess access, string cohortId, string learnerId, string callerId) =>
        access.ManagerOf(learnerId) is { } managerId
            ? managerId == callerId
            : access.RoleIn(cohortId, callerId) == CohortRole.Coach;

    /// <summary>The reviewers' names in words, e.g. "Mo Manager (their manager)" or "the cohort's coaches: Cy Coach".</summary>
    internal static string ReviewersOf(RoundtableDb db, CohortAccess access, string cohortId, string learnerId)
    {
        if (access.ManagerOf(learnerId) is { } managerId)
        {
            return $"{NameOf(db, managerId)} (their manager)";
        }
        var coaches = db.Memberships.Find(m => m.CohortId == cohortId && m.Role == CohortRole.Coach)
            .Select(m => NameOf(db, m.UserId)).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        return coaches.Count == 0 ? "nobody yet: the cohort has no coach and the learner no manager" : $"the cohort's coaches: {string.Join(", ", coaches)}";
    }

    internal static PlanDetailDto Detail(RoundtableDb db, CohortAccess access, FoundPlan found, DateTimeOffset now)
    {
        var entries = db.PlanEntries.Find(e => e.PlanId == found.Plan.Id)
            .OrderBy(e => e.Version)
            .Select(e => new PlanEntryDto(e.Version, e.Kind, e.Number, e.Markdown ?? "", e.Html ?? "", NameOf(db, e.ByUserId), e.RevisionRequested, e.At.AsUtc()))
            .ToList();
        var managerId = access.ManagerOf(found.Plan.LearnerId);
        return new PlanDetailDto(ToDto(db, found.Exercise), StatusOf(db, found.Exercise, found.Plan, now), managerId is null ? null : NameOf(db, managerId),
            found.Viewer == PlanViewer.Learner, found.Viewer == PlanViewer.Reviewer, entries, ReviewersOf(db, access, found.Exercise.CohortId, found.Plan.LearnerId));
    }

    private static PlanStatusDto StatusOf(RoundtableDb db, PlanExerciseRecord exercise, PlanRecord plan, DateTimeOffset now) => new(
        exercise.Id, plan.LearnerId, NameOf(db, plan.LearnerId), plan.Progress.StatusAt(exercise.DueAt.AsUtc(), now), plan.Progress.Version,
        plan.Progress.PlanVersions, plan.Progress.ReflectionVersions, plan.UpdatedAt is { } at ? at.AsUtc() : null);

    private static ExerciseDto ToDto(RoundtableDb db, PlanExerciseRecord x) => new(
        x.Id, x.CohortId, db.Cohorts.FindById(x.CohortId)?.Name ?? "", x.RoundtableId,
        x.RoundtableId is null ? null : db.Roundtables.FindById(x.RoundtableId)?.Title,
        x.Title, x.PromptMarkdown ?? "", x.PromptHtml ?? "", x.DueAt.AsUtc(), x.AssignedAt.AsUtc(), NameOf(db, x.AssignedBy), x.LearnerIds.Count);

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Unknown";



}

/// <summary>What the caller is to a learner's work: it decides what they may read and write.</summary>
internal enum PlanViewer
{
    None,
    Learner,
    /// <summary>Gives feedback: the learner's manager, or, for a learner with no manager, a coach of the cohort.</summary>
    Reviewer,
    /// <summary>A coach of the cohort (when the learner has a manager), or an admin: reads only.</summary>
    Staff,
}

internal sealed record FoundPlan(PlanExerciseRecord Exercise, PlanRecord Plan, PlanViewer Viewer, ProblemHttpResult? Problem);
