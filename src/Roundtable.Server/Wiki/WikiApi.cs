using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Core.Wiki;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Wiki;

public sealed record CreateWikiPageRequest(string? Title, string? Markdown);

public sealed record EditWikiPageRequest(long? BaseVersion, string? Markdown, string? Summary);

public sealed record RenameWikiPageRequest(long? BaseVersion, string? Title);

public sealed record RevertWikiPageRequest(long? BaseVersion, long? ToVersion);

public sealed record PublishNotesRequest(string? Title);

/// <summary>A cohort whose wiki the caller may read.</summary>
public sealed record WikiCohortDto(string Id, string Name, bool MayEdit, int Pages);

public sealed record WikiPageSummaryDto(string Id, string Title, long Version, DateTimeOffset UpdatedAt, string UpdatedByName);

/// <summary>A cohort's pages, recently changed first.</summary>
public sealed record WikiListDto(string CohortId, string CohortName, bool MayEdit, IReadOnlyList<WikiPageSummaryDto> Pages);

/// <summary>
/// A page as it stands. <see cref="Html"/> is the sanitised HTML with its [[links]] resolved against the cohort's pages
/// now; <see cref="Backlinks"/> are the pages that link here.
/// </summary>
public sealed record WikiPageDto(
    string Id, string CohortId, string CohortName, string Title, long Version, string Markdown, string Html, DateTimeOffset CreatedAt, string CreatedByName,
    DateTimeOffset UpdatedAt, string UpdatedByName, bool MayEdit, string? SourceRoundtableId, string? SourceRoundtableTitle, IReadOnlyList<WikiPageSummaryDto> Backlinks);

public sealed record WikiVersionDto(long Version, WikiChange Change, string Title, string Summary, long? RevertedTo, string? SourceRoundtableId, string AuthorName, DateTimeOffset At);

public sealed record WikiVersionTextDto(long Version, string Title, string Markdown, string Html, string AuthorName, DateTimeOffset At);

/// <summary>One line of a comparison: kept, removed from the older version or added in the newer, with its line numbers.</summary>
public sealed record WikiDiffLineDto(DiffKind Kind, string Text, int? FromLine, int? ToLine);

public sealed record WikiDiffDto(string PageId, long From, long To, string FromTitle, string ToTitle, int Added, int Removed, IReadOnlyList<WikiDiffLineDto> Lines);

/// <summary>
/// A wiki per cohort: Markdown pages with every version kept, compared line by line, reverted to, linked with
/// [[Page name]], and published from a roundtable's shared notes. Members who take part (learners, coaches, managers)
/// and admins write; observers read; everyone else gets 404, exactly as for a cohort that does not exist.
/// </summary>
public static class WikiApi
{
    public static IEndpointRouteBuilder MapWikiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Wiki");
        api.MapGet("/wiki", ListCohorts).WithDescription("The cohorts whose wiki the caller may read.");
        api.MapGet("/cohorts/{cohortId}/wiki", ListPages).WithDescription("The cohort's wiki pages, recently changed first.");
        api.MapPost("/cohorts/{cohortId}/wiki", Create).WithDescription("Writes a new page (members who take part, admins).");
        api.MapGet("/cohorts/{cohortId}/wiki/{pageId}", Get).WithDescription("A page as it stands, links resolved, with the pages that link to it.");
        api.MapPut("/cohorts/{cohortId}/wiki/{pageId}", Edit).WithDescription("Saves a new version of the text; 409 with the current text when baseVersion is not the page's version.");
        api.MapPut("/cohorts/{cohortId}/wiki/{pageId}/title", Rename).WithDescription("Renames the page; 409 when baseVersion is not the page's version.");
        api.MapPost("/cohorts/{cohortId}/wiki/{pageId}/revert", Revert).WithDescription("A new version whose text is that of an earlier one.");
        api.MapGet("/cohorts/{cohortId}/wiki/{pageId}/versions", History).WithDescription("Every version of the page, newest first.");
        api.MapGet("/cohorts/{cohortId}/wiki/{pageId}/versions/{version:long}", GetVersion).WithDescription("One version's text.");
        api.MapGet("/cohorts/{cohortId}/wiki/{pageId}/diff", Diff).WithDescription("The line-by-line differences between two versions (from, to).");
        api.MapPost("/roundtables/{roundtableId}/wiki", PublishNotes)
            .WithDescription("Publishes the roundtable's shared notes to its cohort's wiki: a new page, or a new version of the page published from it before.");
        return app;
    }

    private static Ok<WikiCohortDto[]> ListCohorts(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki)
    {
        var userId = principal.UserId()!;
        var cohortIds = access.IsAdmin(userId)
            ? db.Cohorts.FindAll().Select(c => c.Id)
            : db.Memberships.Find(m => m.UserId == userId).Select(m => m.CohortId);
        return TypedResults.Ok(cohortIds.Distinct()
            .Select(id => access.Cohort(id))
            .OfType<CohortRecord>()
            .Select(c => new WikiCohortDto(c.Id, c.Name, wiki.MayEdit(c.Id, userId), db.WikiPages.Count(p => p.CohortId == c.Id)))
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToArray());
    }

    private static Results<Ok<WikiListDto>, ProblemHttpResult> ListPages(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki)
    {
        var userId = principal.UserId()!;
        if (wiki.Refusal(cohortId, userId, write: false) is { } refused)
        {
            return refused;
        }
        var pages = db.WikiPages.Find(p => p.CohortId == cohortId).OrderByDescending(p => p.UpdatedAt).Select(p => Summary(access, p)).ToList();
        return TypedResults.Ok(new WikiListDto(cohortId, access.Cohort(cohortId)?.Name ?? "", wiki.MayEdit(cohortId, userId), pages));
    }

    private static async Task<Results<Created<WikiPageDto>, ProblemHttpResult>> Create(
        string cohortId, CreateWikiPageRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var write = await wiki.CreateAsync(cohortId, userId, request?.Title, request?.Markdown, null, cancellationToken);
        return write.Problem is { } problem ? problem : TypedResults.Created(PagePath(write.Page!), Detail(db, access, wiki, write.Page!, userId));
    }

    private static Results<Ok<WikiPageDto>, ProblemHttpResult> Get(
        string cohortId, string pageId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki)
    {
        var userId = principal.UserId()!;
        return Readable(cohortId, pageId, userId, wiki) is { Problem: { } problem } ? problem
            : TypedResults.Ok(Detail(db, access, wiki, wiki.Find(cohortId, pageId)!, userId));
    }

    private static async Task<Results<Ok<WikiPageDto>, ProblemHttpResult>> Edit(
        string cohortId, string pageId, EditWikiPageRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var write = await wiki.EditAsync(cohortId, pageId, userId, request?.BaseVersion, request?.Markdown, request?.Summary, null, cancellationToken);
        return write.Problem is { } problem ? problem : TypedResults.Ok(Detail(db, access, wiki, write.Page!, userId));
    }

    private static async Task<Results<Ok<WikiPageDto>, ProblemHttpResult>> Rename(
        string cohortId, string pageId, RenameWikiPageRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var write = await wiki.RenameAsync(cohortId, pageId, userId, request?.BaseVersion, request?.Title, cancellationToken);
        return write.Problem is { } problem ? problem : TypedResults.Ok(Detail(db, access, wiki, write.Page!, userId));
    }

    private static async Task<Results<Ok<WikiPageDto>, ProblemHttpResult>> Revert(
        string cohortId, string pageId, RevertWikiPageRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var write = await wiki.RevertAsync(cohortId, pageId, userId, request?.BaseVersion, request?.ToVersion, cancellationToken);
        return write.Problem is { } problem ? problem : TypedResults.Ok(Detail(db, access, wiki, write.Page!, userId));
    }

    private static Results<Ok<WikiVersionDto[]>, ProblemHttpResult> History(
        string cohortId, string pageId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki)
    {
        if (Readable(cohortId, pageId, principal.UserId()!, wiki) is { Problem: { } problem })
        {
            return problem;
        }
        return TypedResults.Ok(db.WikiVersions.Find(v => v.PageId == pageId)
            .OrderByDescending(v => v.Version)
            .Select(v => new WikiVersionDto(v.Version, v.Change, v.Title, v.Summary ?? "", v.RevertedTo, v.SourceRoundtableId, NameOf(access, v.AuthorId), v.At.AsUtc()))
            .ToArray());
    }

    private static Results<Ok<WikiVersionTextDto>, ProblemHttpResult> GetVersion(
        string cohortId, string pageId, long version, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki)
    {
        if (Readable(cohortId, pageId, principal.UserId()!, wiki) is { Problem: { } problem })
        {
            return problem;
        }
        if (db.WikiVersions.FindById(WikiVersionRecord.KeyOf(pageId, version)) is not { } v)
        {
            return Problems.NotFound("version", version.ToString(CultureInfo.InvariantCulture));
        }
        return TypedResults.Ok(new WikiVersionTextDto(v.Version, v.Title, v.Markdown, Linked(db, cohortId, v.Html), NameOf(access, v.AuthorId), v.At.AsUtc()));
    }

    private static Results<Ok<WikiDiffDto>, ProblemHttpResult> Diff(
        string cohortId, string pageId, long? from, long? to, ClaimsPrincipal principal, RoundtableDb db, WikiWriter wiki)
    {
        if (Readable(cohortId, pageId, principal.UserId()!, wiki) is { Problem: { } problem })
        {
            return problem;
        }
        var older = from is { } f ? db.WikiVersions.FindById(WikiVersionRecord.KeyOf(pageId, f)) : null;
        var newer = to is { } t ? db.WikiVersions.FindById(WikiVersionRecord.KeyOf(pageId, t)) : null;
        var errors = new Dictionary<string, string[]>();
        if (older is null)
        {
            errors["from"] = ["Choose a version of this page to compare from."];
        }
        if (newer is null)
        {
            errors["to"] = ["Choose a version of this page to compare with."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, errors.Values.First()[0]);
        }
        var lines = new List<WikiDiffLineDto>();
        int fromLine = 0, toLine = 0;
        foreach (var line in LineDiff.Diff(LineDiff.SplitLines(older!.Markdown), LineDiff.SplitLines(newer!.Markdown)))
        {
            lines.Add(line.Kind switch
            {
                DiffKind.Removed => new WikiDiffLineDto(line.Kind, line.Text, ++fromLine, null),
                DiffKind.Added => new WikiDiffLineDto(line.Kind, line.Text, null, ++toLine),
                _ => new WikiDiffLineDto(line.Kind, line.Text, ++fromLine, ++toLine),
            });
        }
        return TypedResults.Ok(new WikiDiffDto(pageId, older.Version, newer.Version, older.Title, newer.Title,
            lines.Count(l => l.Kind == DiffKind.Added), lines.Count(l => l.Kind == DiffKind.Removed), lines));
    }

    private static async Task<Results<Created<WikiPageDto>, Ok<WikiPageDto>, ProblemHttpResult>> PublishNotes(
        string roundtableId, PublishNotesRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, WikiWriter wiki,
        RoomCommandRunner runner, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(roundtableId) || access.Roundtable(roundtableId) is not { } roundtable || !access.CanSeeRoom(roundtable, userId))
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        if (wiki.Refusal(roundtable.CohortId, userId, write: true) is { } refused)
        {
            return refused;
        }
        if (roundtable.Kind == RoundtableKind.Circle)
        {
            return TypedResults.Problem("A mentoring circle's notes stay within the circle; they are not published to the cohort's wiki.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
        }
        var notes = await runner.ReadAsync(roundtable.Id, state => state.Feature<SharedNotesState>().SharedNote, cancellationToken);
        if (string.IsNullOrWhiteSpace(notes.Markdown))
        {
            return Problems.Invalid("notes", "This roundtable's shared notes are empty: there is nothing to publish yet.");
        }
        var published = db.WikiPages.Find(p => p.CohortId == roundtable.CohortId && p.SourceRoundtableId == roundtable.Id).OrderBy(p => p.CreatedAt).FirstOrDefault();
        if (published is not null)
        {
            if (published.Markdown == notes.Markdown)
            {
                return TypedResults.Ok(Detail(db, access, wiki, published, userId));
            }
            var edit = await wiki.EditAsync(roundtable.CohortId, published.Id, userId, published.Version, notes.Markdown,
                $"Published again from the shared notes of “{roundtable.Title}”", roundtable.Id, cancellationToken);
            return edit.Problem is { } editProblem ? editProblem : TypedResults.Ok(Detail(db, access, wiki, edit.Page!, userId));
        }
        var title = string.IsNullOrWhiteSpace(request?.Title)
            ? $"{roundtable.Title} ({roundtable.ScheduledStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"
            : request.Title;
        var created = await wiki.CreateAsync(roundtable.CohortId, userId, title, notes.Markdown, roundtable.Id, cancellationToken);
        return created.Problem is { } problem ? problem : TypedResults.Created(PagePath(created.Page!), Detail(db, access, wiki, created.Page!, userId));
    }

    private static WikiWrite Readable(string cohortId, string pageId, string userId, WikiWriter wiki) =>
        wiki.Refusal(cohortId, userId, write: false) is { } refused ? new(null, refused)
        : wiki.Find(cohortId, pageId) is { } page ? new(page, null)
        : new(null, Problems.NotFound("wiki page", pageId));

    private static string PagePath(WikiPageRecord page) => $"/api/cohorts/{page.CohortId}/wiki/{page.Id}";

    private static WikiPageDto Detail(RoundtableDb db, CohortAccess access, WikiWriter wiki, WikiPageRecord page, string userId)
    {
        var backlinks = db.WikiPages.Find(p => p.CohortId == page.CohortId && p.LinksTo.Contains(page.TitleKey))
            .Where(p => p.Id != page.Id)
            .OrderBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase)
            .Select(p => Summary(access, p))
            .ToList();
        var source = page.SourceRoundtableId is null ? null : access.Roundtable(page.SourceRoundtableId);
        return new WikiPageDto(page.Id, page.CohortId, access.Cohort(page.CohortId)?.Name ?? "", page.Title, page.Version, page.Markdown, Linked(db, page.CohortId, page.Html),
            page.CreatedAt.AsUtc(), NameOf(access, page.CreatedBy), page.UpdatedAt.AsUtc(), NameOf(access, page.UpdatedBy), wiki.MayEdit(page.CohortId, userId),
            source?.Id, source?.Title, backlinks);
    }

    /// <summary>The page's HTML with its [[links]] pointing at the cohort's pages as they are now.</summary>
    private static string Linked(RoundtableDb db, string cohortId, string html) =>
        WikiLinks.Resolve(html, cohortId, key => db.WikiPages.Find(p => p.CohortId == cohortId && p.TitleKey == key).OrderBy(p => p.CreatedAt).FirstOrDefault()?.Id);

    private static WikiPageSummaryDto Summary(CohortAccess access, WikiPageRecord p) => new(p.Id, p.Title, p.Version, p.UpdatedAt.AsUtc(), NameOf(access, p.UpdatedBy));

    private static string NameOf(CohortAccess access, string userId) => access.User(userId)?.DisplayName ?? "Unknown";
}
