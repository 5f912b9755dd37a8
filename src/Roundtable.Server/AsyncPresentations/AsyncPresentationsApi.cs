using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Core.Markdown;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Feedback;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.AsyncPresentations;

public sealed record SubmitPresentationRequest(string? Title, string? SlidesMarkdown, string[]? UploadIds);

public sealed record SlidesPreviewRequest(string? SlidesMarkdown);

public sealed record SlidesPreviewDto(IReadOnlyList<string> SlidesHtml);

public sealed record OpenReviewRequest(string? RubricId, DateTimeOffset? Deadline, ReviewerChoice? Choice, int? ReviewersPerPresentation, string[]? PresentationIds);

public sealed record GiveAsyncFeedbackRequest(Dictionary<string, int>? Scores, Dictionary<string, string>? Answers);

public sealed record RateAsyncFeedbackRequest(int? Helpfulness);

public sealed record AsyncReflectionRequest(string? Markdown);

public sealed record RubricChoiceDto(string Id, string Name, int Version);

/// <summary>A cohort as the caller meets it on the page: what they may do there, and (for its coaches) the rubrics to choose from.</summary>
public sealed record AsyncCohortDto(string Id, string Name, bool IsLearner, bool IsStaff, int Learners, IReadOnlyList<RubricChoiceDto> Rubrics);

public sealed record AsyncPresentationSummaryDto(
    string Id, string CohortId, string CohortName, string Title, string PresenterId, string PresenterName, DateTimeOffset SubmittedAt,
    string? RoundId, DateTimeOffset? Deadline, bool Released, int ReviewsGiven, int ReviewsAssigned, bool? MyReviewGiven);

public sealed record AsyncRoundDto(
    string Id, string CohortId, string RubricName, DateTimeOffset Deadline, ReviewerChoice Choice, int? ReviewersPerPresentation, int Seed,
    bool Closed, bool Released, IReadOnlyList<AsyncAssignmentDto> Assignments);

public sealed record AsyncAssignmentDto(string PresentationId, string Title, string PresenterName, IReadOnlyList<string> ReviewerNames);

/// <summary>What the page lists: the caller's cohorts, own presentations, reviews asked of them, and for coaches every presentation and round.</summary>
public sealed record AsyncOverviewDto(
    IReadOnlyList<AsyncCohortDto> Cohorts, IReadOnlyList<AsyncPresentationSummaryDto> Mine, IReadOnlyList<AsyncPresentationSummaryDto> ToReview,
    IReadOnlyList<AsyncPresentationSummaryDto> Coaching, IReadOnlyList<AsyncRoundDto> Rounds, int OpenToReview);

public sealed record AsyncAnswerDto(string PromptId, string Markdown, string Html);

public sealed record AsyncReviewDto(
    string ReviewerId, string ReviewerName, int Revision, IReadOnlyDictionary<string, int> Scores, IReadOnlyList<AsyncAnswerDto> Answers, int? Helpfulness,
    DateTimeOffset? GivenAt);

/// <summary>
/// One presentation as the caller may see it (presenter, reviewer or staff) and what they may do with it.
/// <paramref name="Calibrated"/>: the peers' aggregate with each rater's leniency removed beside the raw one, for the
/// presenter and the cohort's coaches, once the round closed and while the coaches choose to show it.
/// </summary>
public sealed record AsyncPresentationDetailDto(
    AsyncPresentationSummaryDto Presentation, string SlidesMarkdown, IReadOnlyList<string> SlidesHtml, IReadOnlyList<UploadDto> Files, string Viewer,
    Rubric? Rubric, bool MayReview, AsyncReviewDto? MyReview, FeedbackAggregate? Aggregate, IReadOnlyList<AsyncReviewDto> Reviews,
    bool MayRate, string? ReflectionMarkdown, string? ReflectionHtml, int MaxHelpfulness, CalibratedAggregate? Calibrated = null);

/// <summary>
/// Asynchronous presentations with peer feedback. A cohort's learners submit presentations (Markdown slides and/or
/// uploaded files); its coaches and admins open a feedback round with a deadline and a rubric, assigning reviewers; the
/// reviewers give rubric feedback as in a live room until the deadline; then each presenter sees the aggregate, rates
/// each piece's helpfulness and reflects. Outsiders of the cohort get 404 as for unknown ids; members who are not the
/// presenter, a reviewer or staff get 403.
/// </summary>
public static class AsyncPresentationsApi
{
    public static IEndpointRouteBuilder MapAsyncPresentationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Asynchronous presentations");
        api.MapGet("/async-presentations", Overview).WithDescription("The caller's presentations, the reviews asked of them, and for coaches their cohorts' presentations and rounds.");
        api.MapPost("/async-presentations/preview", Preview).WithDescription("The slides as they would be saved: Markdown split at lines of ---, each rendered and sanitised.");
        api.MapPost("/cohorts/{cohortId}/async-presentations", Submit).WithDescription("A learner of the cohort submits a presentation.");
        api.MapGet("/async-presentations/{presentationId}", Get).WithDescription("One presentation: to its presenter, its reviewers, the cohort's coaches and admins.");
        api.MapPut("/async-presentations/{presentationId}/feedback", GiveFeedback).WithDescription("An assigned reviewer gives or revises their rubric feedback, until the deadline.");
        api.MapPut("/async-presentations/{presentationId}/feedback/{reviewerId}/helpfulness", Rate).WithDescription("The presenter rates how helpful one reviewer's feedback was, once released.");
        api.MapPut("/async-presentations/{presentationId}/reflection", Reflect).WithDescription("The presenter writes their reflection on the feedback, once released.");
        api.MapPost("/cohorts/{cohortId}/async-reviews", Open).WithDescription("A coach or admin opens feedback on the cohort's presentations: deadline, rubric and reviewers.");
        api.MapPost("/async-reviews/{roundId}/close", Close).WithDescription("A coach or admin closes a round before its deadline, releasing the feedback to the presenters.");
        return app;
    }

    private static Ok<AsyncOverviewDto> Overview(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, RubricCatalog rubrics, TimeProvider time)
    {
        var userId = principal.UserId()!;
        var now = time.GetUtcNow();
        var isAdmin = access.IsAdmin(userId);
        var cohortIds = isAdmin
            ? db.Cohorts.FindAll().Select(c => c.Id).ToList()
            : db.Memberships.Find(m => m.UserId == userId).Select(m => m.CohortId).ToList();
        var cohorts = cohortIds
            .Select(id => db.Cohorts.FindById(id))
            .OfType<CohortRecord>()
            .Select(c =>
            {
                var staff = access.CanFacilitate(c.Id, userId);
                return new AsyncCohortDto(c.Id, c.Name, access.RoleIn(c.Id, userId) == CohortRole.Learner, staff,
                    db.Memberships.Count(m => m.CohortId == c.Id && m.Role == CohortRole.Learner),
                    staff ? [.. rubrics.LatestForProgram(c.ProgramId).Select(r => new RubricChoiceDto(r.RubricId, r.Name, r.Version))] : []);
            })
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var mine = db.AsyncPresentations.Find(p => p.PresenterId == userId).Select(p => Summary(db, p, userId, now)).OrderByDescending(p => p.SubmittedAt).ToList();
        var toReview = db.AsyncReviews.Find(r => r.ReviewerId == userId)
            .Select(r => db.AsyncPresentations.FindById(r.PresentationId))
            .OfType<AsyncPresentationRecord>()
            .Select(p => Summary(db, p, userId, now))
            .OrderBy(p => p.Released).ThenBy(p => p.Deadline)
            .ToList();
        var staffCohorts = cohorts.Where(c => c.IsStaff).Select(c => c.Id).ToList();
        var coaching = staffCohorts.SelectMany(id => db.AsyncPresentations.Find(p => p.CohortId == id))
            .Select(p => Summary(db, p, userId, now)).OrderByDescending(p => p.SubmittedAt).ToList();
        var rounds = staffCohorts.SelectMany(id => db.AsyncRounds.Find(r => r.CohortId == id))
            .OrderByDescending(r => r.OpenedAt).Select(r => Round(db, r, now)).ToList();
        return TypedResults.Ok(new AsyncOverviewDto(cohorts, mine, toReview, coaching, rounds, toReview.Count(r => !r.Released && r.MyReviewGiven == false)));
    }

    private static Results<Ok<SlidesPreviewDto>, ProblemHttpResult> Preview(SlidesPreviewRequest? request, MarkdownRenderer markdown)
    {
        if (SlidesProblem(request?.SlidesMarkdown) is { } problem)
        {
            return Problems.Invalid("slidesMarkdown", problem);
        }
        return TypedResults.Ok(new SlidesPreviewDto([.. SlideDeck.Split(request?.SlidesMarkdown).Select(markdown.Render)]));
    }

    private static async Task<Results<Created<AsyncPresentationDetailDto>, ProblemHttpResult>> Submit(
        string cohortId, SubmitPresentationRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, AsyncPresentationWriter writer,
        MarkdownRenderer markdown, RubricCatalog rubrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (CallerIn(cohortId, userId, access) is not { } caller)
        {
            return Problems.NotFound("cohort", cohortId);
        }
        var errors = new Dictionary<string, string[]>();
        var title = request?.Title?.Trim() ?? "";
        if (title.Length is 0 or > AsyncPresentationLimits.MaxTitleLength)
        {
            errors["title"] = [$"Give a title of 1 to {AsyncPresentationLimits.MaxTitleLength} characters."];
        }
        if (SlidesProblem(request?.SlidesMarkdown) is { } slidesProblem)
        {
            errors["slidesMarkdown"] = [slidesProblem];
        }
        var uploadIds = (request?.UploadIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (uploadIds.Count > AsyncPresentationLimits.MaxUploads || uploadIds.Any(id => !Ids.IsWellFormed(id)))
        {
            errors["uploadIds"] = [$"Attach at most {AsyncPresentationLimits.MaxUploads} files you uploaded."];
        }
        var slides = SlideDeck.Split(request?.SlidesMarkdown);
        if (slides.Count == 0 && uploadIds.Count == 0 && !errors.ContainsKey("slidesMarkdown"))
        {
            errors["slidesMarkdown"] = ["Write slides or attach a file: a presentation needs one or the other."];
        }
        if (!caller.IsLearner)
        {
            return ApiProblem.Forbidden("Presentations are submitted by the cohort's learners.").ToResult();
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "Some of the presentation's fields need fixing. Nothing was submitted.");
        }
        var submitted = new AsyncPresentationSubmitted(Ids.New(), cohortId, userId, title, request!.SlidesMarkdown ?? "", [.. slides.Select(markdown.Render)], uploadIds);
        if (await writer.ExecuteAsync(cohortId, (state, _) => state.Submit(caller, submitted), cancellationToken) is { } problem)
        {
            return problem;
        }
        var record = db.AsyncPresentations.FindById(submitted.PresentationId);
        return TypedResults.Created(AsyncPresentationProjection.Link(record.Id), Detail(db, access, record, userId, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<AsyncPresentationDetailDto>, ProblemHttpResult>> Get(
        string presentationId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DashboardProjection activity,
        IOptions<CalibrationOptions> calibration, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var found = Find(presentationId, userId, db, access);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await WithCalibratedAsync(Detail(db, access, found.Record!, userId, time.GetUtcNow()), activity, calibration.Value, cancellationToken));
    }

    private static async Task<Results<Ok<AsyncPresentationDetailDto>, ProblemHttpResult>> GiveFeedback(
        string presentationId, GiveAsyncFeedbackRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
        AsyncPresentationWriter writer, MarkdownRenderer markdown, DashboardProjection activity, IOptions<CalibrationOptions> calibration, TimeProvider time,
        CancellationToken cancellationToken) =>
        await ChangeAsync(presentationId, principal, db, access, writer, activity, calibration, time, (state, caller, now) =>
            state.GiveFeedback(caller, presentationId, request?.Scores, request?.Answers, markdown.Render, now), cancellationToken);

    private static async Task<Results<Ok<AsyncPresentationDetailDto>, ProblemHttpResult>> Rate(
        string presentationId, string reviewerId, RateAsyncFeedbackRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
        AsyncPresentationWriter writer, DashboardProjection activity, IOptions<CalibrationOptions> calibration, TimeProvider time,
        CancellationToken cancellationToken) =>
        await ChangeAsync(presentationId, principal, db, access, writer, activity, calibration, time, (state, caller, now) =>
            request?.Helpfulness is { } helpfulness
                ? state.Rate(caller, presentationId, reviewerId, helpfulness, now)
                : AsyncDecision.Refuse(AsyncRefusalKind.Invalid, "helpfulness", $"Rate helpfulness from 1 to {Core.Rooms.FeedbackLimits.MaxHelpfulness}."),
            cancellationToken);

    private static async Task<Results<Ok<AsyncPresentationDetailDto>, ProblemHttpResult>> Reflect(
        string presentationId, AsyncReflectionRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
        AsyncPresentationWriter writer, MarkdownRenderer markdown, DashboardProjection activity, IOptions<CalibrationOptions> calibration, TimeProvider time,
        CancellationToken cancellationToken) =>
        await ChangeAsync(presentationId, principal, db, access, writer, activity, calibration, time, (state, caller, now) =>
            state.Reflect(caller, presentationId, request?.Markdown, markdown.Render, now), cancellationToken);

    private static async Task<Results<Ok<AsyncPresentationDetailDto>, ProblemHttpResult>> ChangeAsync(
        string presentationId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, AsyncPresentationWriter writer, DashboardProjection activity,
        IOptions<CalibrationOptions> calibration, TimeProvider time, Func<AsyncCohortState, AsyncCaller, DateTimeOffset, AsyncDecision> decide,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var found = Find(presentationId, userId, db, access);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        var cohortId = found.Record!.CohortId;
        var caller = CallerIn(cohortId, userId, access)!;
        if (await writer.ExecuteAsync(cohortId, (state, now) => decide(state, caller, now), cancellationToken) is { } refused)
        {
            return refused;
        }
        var detail = Detail(db, access, db.AsyncPresentations.FindById(presentationId), userId, time.GetUtcNow());
        return TypedResults.Ok(await WithCalibratedAsync(detail, activity, calibration.Value, cancellationToken));
    }

    private static async Task<Results<Created<AsyncRoundDto>, ProblemHttpResult>> Open(
        string cohortId, OpenReviewRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, RubricCatalog rubrics,
        AsyncPresentationWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (CallerIn(cohortId, userId, access) is not { } caller)
        {
            return Problems.NotFound("cohort", cohortId);
        }
        if (!caller.IsStaff)
        {
            return ApiProblem.Forbidden("Only the cohort's coaches and admins open feedback.").ToResult();
        }
        var errors = new Dictionary<string, string[]>();
        var cohort = access.Cohort(cohortId)!;
        var rubric = request?.RubricId is { } rubricId ? rubrics.Latest(rubricId) : null;
        if (rubric is null || rubric.ProgramId != cohort.ProgramId)
        {
            errors["rubricId"] = ["Choose one of the program's rubrics."];
        }
        if (request?.Deadline is null)
        {
            errors["deadline"] = ["Give a deadline in the future, within a year."];
        }
        if (request?.Choice is null)
        {
            errors["choice"] = ["Choose all peers or a number of random peers."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "Some of the round's fields need fixing. Nothing was opened.");
        }
        var learners = db.Memberships.Find(m => m.CohortId == cohortId && m.Role == CohortRole.Learner).Select(m => m.UserId).ToList();
        var roundId = Ids.New();
        var seed = Random.Shared.Next();
        if (await writer.ExecuteAsync(cohortId, (state, now) => state.Open(
                caller, cohortId, roundId, rubric!, request!.Deadline!.Value.ToUniversalTime(), request.Choice!.Value, request.ReviewersPerPresentation, seed,
                request.PresentationIds, learners, now), cancellationToken) is { } problem)
        {
            return problem;
        }
        return TypedResults.Created($"/api/async-reviews/{roundId}", Round(db, db.AsyncRounds.FindById(roundId), time.GetUtcNow()));
    }

    private static async Task<Results<Ok<AsyncRoundDto>, ProblemHttpResult>> Close(
        string roundId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, AsyncPresentationWriter writer, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(roundId) || db.AsyncRounds.FindById(roundId) is not { } round || CallerIn(round.CohortId, userId, access) is not { } caller)
        {
            return Problems.NotFound("feedback round", roundId);
        }
        if (await writer.ExecuteAsync(round.CohortId, (state, now) => state.Close(caller, roundId, now), cancellationToken) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(Round(db, db.AsyncRounds.FindById(roundId), time.GetUtcNow()));
    }

    /// <summary>The caller as the cohort knows them; null for outsiders (answered 404).</summary>
    internal static AsyncCaller? CallerIn(string cohortId, string userId, CohortAccess access) =>
        !Ids.IsWellFormed(cohortId) || !access.CanSee(cohortId, userId)
            ? null
            : new AsyncCaller(userId, access.RoleIn(cohortId, userId) == CohortRole.Learner, access.CanFacilitate(cohortId, userId));

    private sealed record Found(AsyncPresentationRecord? Record, ProblemHttpResult? Problem);

    /// <summary>The presentation, if the caller may see it: its presenter, its reviewers, the cohort's coaches and admins.</summary>
    private static Found Find(string presentationId, string userId, RoundtableDb db, CohortAccess access)
    {
        if (!Ids.IsWellFormed(presentationId) || db.AsyncPresentations.FindById(presentationId) is not { } record || !access.CanSee(record.CohortId, userId))
        {
            return new(null, Problems.NotFound("presentation", presentationId));
        }
        return ViewerOf(db, access, record, userId) is null
            ? new(null, ApiProblem.Forbidden("A presentation is seen by its presenter, its reviewers and the cohort's coaches.").ToResult())
            : new(record, null);
    }

    private static string? ViewerOf(RoundtableDb db, CohortAccess access, AsyncPresentationRecord record, string userId) =>
        record.PresenterId == userId ? "presenter"
        : db.AsyncReviews.FindById(AsyncReviewRecord.KeyOf(record.Id, userId)) is not null ? "reviewer"
        : access.CanFacilitate(record.CohortId, userId) ? "staff"
        : null;

    private static AsyncPresentationDetailDto Detail(RoundtableDb db, CohortAccess access, AsyncPresentationRecord record, string userId, DateTimeOffset now)
    {
        var viewer = ViewerOf(db, access, record, userId)!;
        var summary = Summary(db, record, userId, now);
        var round = record.RoundId is { } roundId ? db.AsyncRounds.FindById(roundId) : null;
        var rubric = round?.Rubric();
        var reviews = db.AsyncReviews.Find(r => r.PresentationId == record.Id).OrderBy(r => NameOf(db, r.ReviewerId), StringComparer.CurrentCultureIgnoreCase).ToList();
        var given = reviews.Where(r => r.Revision > 0).ToList();
        var seesFeedback = viewer == "staff" || (viewer == "presenter" && summary.Released);
        var mine = reviews.FirstOrDefault(r => r.ReviewerId == userId);
        var files = record.UploadIds.Select(id => db.Uploads.FindById(id)).OfType<UploadRecord>()
            .Select(u => new UploadDto(u.Id, u.FileName, u.ContentType, u.Size, u.Sha256, UploadsApi.UrlOf(u.Id))).ToList();
        return new AsyncPresentationDetailDto(
            summary, record.SlidesMarkdown, record.SlidesHtml, files, viewer, rubric,
            MayReview: mine is not null && round is not null && !round.IsClosedAt(now),
            MyReview: mine is { Revision: > 0 } ? ReviewDto(db, mine) : null,
            Aggregate: seesFeedback && rubric is not null ? AsyncCohortState.Aggregate(rubric, given.Select(r => (IReadOnlyDictionary<string, int>)r.Scores)) : null,
            Reviews: seesFeedback ? [.. given.Select(r => ReviewDto(db, r))] : [],
            MayRate: viewer == "presenter" && summary.Released,
            record.ReflectionMarkdown, record.ReflectionHtml, Core.Rooms.FeedbackLimits.MaxHelpfulness);
    }

    /// <summary>
    /// The calibrated aggregate beside the raw one, as the presentation history gives it, for those who see the raw one
    /// as the presenter or a coach of the cohort (reviewers see neither).
    /// </summary>
    private static async Task<AsyncPresentationDetailDto> WithCalibratedAsync(
        AsyncPresentationDetailDto detail, DashboardProjection activity, CalibrationOptions options, CancellationToken cancellationToken) =>
        detail.Aggregate is null || detail.Viewer is not ("presenter" or "staff")
            ? detail
            : detail with { Calibrated = await activity.ReadAsync((a, _) => a.CalibratedAggregateOf(detail.Presentation.Id, options), cancellationToken) };

    private static AsyncReviewDto ReviewDto(RoundtableDb db, AsyncReviewRecord r) => new(
        r.ReviewerId, NameOf(db, r.ReviewerId), r.Revision, r.Scores, [.. r.Answers.Select(a => new AsyncAnswerDto(a.PromptId, a.Markdown, a.Html))], r.Helpfulness,
        r.GivenAt is { } at ? at.AsUtc() : null);

    private static AsyncPresentationSummaryDto Summary(RoundtableDb db, AsyncPresentationRecord p, string userId, DateTimeOffset now)
    {
        var round = p.RoundId is { } roundId ? db.AsyncRounds.FindById(roundId) : null;
        var reviews = round is null ? [] : db.AsyncReviews.Find(r => r.PresentationId == p.Id).ToList();
        var mine = reviews.FirstOrDefault(r => r.ReviewerId == userId);
        return new AsyncPresentationSummaryDto(
            p.Id, p.CohortId, db.Cohorts.FindById(p.CohortId)?.Name ?? "", p.Title, p.PresenterId, NameOf(db, p.PresenterId), p.SubmittedAt.AsUtc(),
            p.RoundId, round?.Deadline.AsUtc(), round?.IsClosedAt(now) ?? false, reviews.Count(r => r.Revision > 0), reviews.Count,
            mine is null ? null : mine.Revision > 0);
    }

    private static AsyncRoundDto Round(RoundtableDb db, AsyncRoundRecord r, DateTimeOffset now) => new(
        r.Id, r.CohortId, r.Rubric().Name, r.Deadline.AsUtc(), r.Choice, r.ReviewersPerPresentation, r.Seed, r.Closed, r.IsClosedAt(now),
        [.. r.PresentationIds.Select(id => db.AsyncPresentations.FindById(id)).OfType<AsyncPresentationRecord>().Select(p => new AsyncAssignmentDto(
            p.Id, p.Title, NameOf(db, p.PresenterId),
            [.. db.AsyncReviews.Find(x => x.PresentationId == p.Id).Select(x => NameOf(db, x.ReviewerId)).Order(StringComparer.CurrentCultureIgnoreCase)]))]);

    private static string? SlidesProblem(string? markdown)
    {
        var bytes = Encoding.UTF8.GetByteCount(markdown ?? "");
        if (bytes > AsyncPresentationLimits.MaxSlidesBytes)
        {
            return $"The slides are {bytes / 1024.0:0.#} KB; the limit is {AsyncPresentationLimits.MaxSlidesBytes / 1024} KB. Nothing was saved.";
        }
        return SlideDeck.Split(markdown).Count > AsyncPresentationLimits.MaxSlides
            ? $"A presentation has at most {AsyncPresentationLimits.MaxSlides} slides."
            : null;
    }

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Unknown";
}
