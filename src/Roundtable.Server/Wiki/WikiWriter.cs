using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Wiki;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Wiki;

/// <summary>What a wiki write did: the page as this node's read models now hold it, or the problem to answer with.</summary>
public readonly record struct WikiWrite(WikiPageRecord? Page, ProblemHttpResult? Problem);

/// <summary>
/// The one way into a cohort's wiki: check the caller and the input, fold the page's stream as the log has it, refuse
/// a write made from an older version (409 with the version and text as they now stand, so the page can show the
/// conflict), append expecting the version the client saw, and answer once this node's read models hold it.
/// </summary>
public sealed partial class WikiWriter(
    RoundtableDb db, CohortAccess access, EventStreamWriter streamWriter, MarkdownRenderer markdown, IOptions<WikiOptions> options, ILogger<WikiWriter> logger)
{
    private static readonly StreamWriteOptions WikiWrites = new() { ReadYourWrite = true };

    private WikiOptions Limits => options.Value;

    /// <summary>Null when the caller may read the cohort's wiki (and, with <paramref name="write"/>, change it); else 404 for outsiders, 403 for observers.</summary>
    public ProblemHttpResult? Refusal(string cohortId, string callerId, bool write)
    {
        if (!Ids.IsWellFormed(cohortId) || !access.CanSee(cohortId, callerId))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        return write && !MayEdit(cohortId, callerId)
            ? TypedResults.Problem("Observers read the cohort's wiki; its members write it.", statusCode: StatusCodes.Status403Forbidden, title: "Not allowed")
            : null;
    }

    /// <summary>Members who take part (learners, coaches, managers) and admins; observers read only.</summary>
    public bool MayEdit(string cohortId, string callerId) =>
        access.IsAdmin(callerId) || access.RoleIn(cohortId, callerId) is CohortRole.Learner or CohortRole.Coach or CohortRole.Manager;

    /// <summary>The page, when it is one of this cohort's.</summary>
    public WikiPageRecord? Find(string cohortId, string pageId) =>
        Ids.IsWellFormed(pageId) && db.WikiPages.FindById(pageId) is { } page && page.CohortId == cohortId ? page : null;

    /// <summary>Another page of the cohort with this title (case and spacing ignored), if any.</summary>
    public WikiPageRecord? FindByTitle(string cohortId, string title, string? exceptPageId = null)
    {
        var key = WikiTitles.KeyOf(title);
        return db.WikiPages.Find(p => p.CohortId == cohortId && p.TitleKey == key).Where(p => p.Id != exceptPageId).OrderBy(p => p.CreatedAt).FirstOrDefault();
    }

    public async Task<WikiWrite> CreateAsync(string cohortId, string callerId, string? title, string? text, string? sourceRoundtableId, CancellationToken cancellationToken)
    {
        if (Refusal(cohortId, callerId, write: true) is { } refused)
        {
            return new(null, refused);
        }
        var errors = new Dictionary<string, string[]>();
        var tidy = TitleProblem(cohortId, title, null, errors);
        if (TextProblem(text) is { } textError)
        {
            errors["markdown"] = [textError];
        }
        if (errors.Count == 0 && db.WikiPages.Count(p => p.CohortId == cohortId) >= Limits.MaxPagesPerCohort)
        {
            errors["title"] = [$"This cohort's wiki has {Limits.MaxPagesPerCohort} pages, its limit; add to an existing page instead."];
        }
        if (errors.Count > 0)
        {
            return new(null, Problems.Invalid(errors, errors.Values.First()[0]));
        }
        var created = new WikiPageCreated(cohortId, Ids.New(), callerId, tidy!, text!, markdown.Render(text!), sourceRoundtableId);
        return await AppendAsync(cohortId, created.PageId, 0, "page", _ => created, cancellationToken);
    }

    public async Task<WikiWrite> EditAsync(
        string cohortId, string pageId, string callerId, long? baseVersion, string? text, string? summary, string? sourceRoundtableId, CancellationToken cancellationToken)
    {
        if (FindWritable(cohortId, pageId, callerId) is { Problem: not null } missing)
        {
            return missing;
        }
        var errors = new Dictionary<string, string[]>();
        BaseVersionProblem(baseVersion, errors);
        if (TextProblem(text) is { } textError)
        {
            errors["markdown"] = [textError];
        }
        if ((summary?.Trim().Length ?? 0) > Limits.MaxSummaryLength)
        {
            errors["summary"] = [$"Say what changed in at most {Limits.MaxSummaryLength} characters."];
        }
        if (errors.Count > 0)
        {
            return new(null, Problems.Invalid(errors, errors.Values.First()[0]));
        }
        var html = markdown.Render(text!);
        return await AppendAsync(cohortId, pageId, baseVersion!.Value, "text",
            page => new WikiPageEdited(cohortId, pageId, callerId, text!, html, summary?.Trim() ?? "", sourceRoundtableId), cancellationToken);
    }

    public async Task<WikiWrite> RenameAsync(string cohortId, string pageId, string callerId, long? baseVersion, string? title, CancellationToken cancellationToken)
    {
        if (FindWritable(cohortId, pageId, callerId) is { Problem: not null } missing)
        {
            return missing;
        }
        var errors = new Dictionary<string, string[]>();
        BaseVersionProblem(baseVersion, errors);
        var tidy = TitleProblem(cohortId, title, pageId, errors);
        if (errors.Count > 0)
        {
            return new(null, Problems.Invalid(errors, errors.Values.First()[0]));
        }
        return await AppendAsync(cohortId, pageId, baseVersion!.Value, "title",
            page => page.Title == tidy ? "The page already has this title." : new WikiPageRenamed(cohortId, pageId, callerId, tidy!), cancellationToken);
    }

    public async Task<WikiWrite> RevertAsync(string cohortId, string pageId, string callerId, long? baseVersion, long? toVersion, CancellationToken cancellationToken)
    {
        if (FindWritable(cohortId, pageId, callerId) is { Problem: not null } missing)
        {
            return missing;
        }
        var errors = new Dictionary<string, string[]>();
        BaseVersionProblem(baseVersion, errors);
        if (toVersion is not > 0)
        {
            errors["toVersion"] = ["Choose the version to go back to."];
        }
        if (errors.Count > 0)
        {
            return new(null, Problems.Invalid(errors, errors.Values.First()[0]));
        }
        return await AppendAsync(cohortId, pageId, baseVersion!.Value, "text", page =>
            page.TextAt(toVersion!.Value) is not { } old ? $"The page has no version {toVersion}."
            : toVersion == page.Version ? "That is the version the page has now."
            : old.Markdown == page.Markdown ? $"The text is already that of version {toVersion}."
            : new WikiPageReverted(cohortId, pageId, callerId, toVersion.Value, old.Markdown, old.Html),
            cancellationToken);
    }

    private WikiWrite FindWritable(string cohortId, string pageId, string callerId) =>
        Refusal(cohortId, callerId, write: true) is { } refused ? new(null, refused)
        : Find(cohortId, pageId) is { } page ? new(page, null)
        : new(null, Problems.NotFound("wiki page", pageId));

    /// <summary>What one write decided: the event to append, or why not in words.</summary>
    private readonly record struct Decision(WikiPageEvent? Event, string? Refusal)
    {
        public static implicit operator Decision(WikiPageEvent e) => new(e, null);

        public static implicit operator Decision(string refusal) => new(null, refusal);
    }

    private async Task<WikiWrite> AppendAsync(
        string cohortId, string pageId, long baseVersion, string what, Func<WikiPage, Decision> decide, CancellationToken cancellationToken)
    {
        // A write made from an older version is refused, never retried: after another lands first, deciding again
        // meets a version that is not the one its author saw.
        var write = await streamWriter.ExecuteAsync(
            FoldedStream.Of<WikiPage>(StreamNames.WikiPage(cohortId, pageId), new(), (page, stored) => page.Apply(stored.Event, stored.Seq)),
            page =>
            {
                if (page.Version != baseVersion)
                {
                    return StreamDecision.Nothing<ProblemHttpResult?>(Stale(page, baseVersion, what));
                }
                if (page.Version >= Limits.MaxVersionsPerPage)
                {
                    return StreamDecision.Nothing<ProblemHttpResult?>(Problems.Conflict(
                        $"This page has {Limits.MaxVersionsPerPage} versions, its limit: start a new page and link to it.", page.Version));
                }
                var decision = decide(page);
                return decision.Event is null
                    ? StreamDecision.Nothing<ProblemHttpResult?>(Problems.Conflict(decision.Refusal!, page.Version))
                    : StreamDecision.Append<ProblemHttpResult?>(null, decision.Event);
            },
            WikiWrites, cancellationToken);
        if ((write.Busy ? Stale(write.State, baseVersion, what) : write.Answer) is { } refused)
        {
            if (refused.ProblemDetails.Extensions.ContainsKey("currentMarkdown"))
            {
                LogStale(logger, pageId, baseVersion, write.State.Version);
            }
            return new(null, refused);
        }
        return new(db.WikiPages.FindById(pageId), null);
    }

    /// <summary>A 409 carrying the page as it now stands, so the editor can show both texts instead of losing one.</summary>
    private static ProblemHttpResult Stale(WikiPage page, long baseVersion, string what) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflict",
        Detail = $"This page changed (now version {page.Version}) since you opened it (version {baseVersion}). Nothing was saved: compare your {what} with the page as it is now, then save again.",
        Extensions =
        {
            ["currentVersion"] = page.Version,
            ["currentTitle"] = page.Title,
            ["currentMarkdown"] = page.Markdown,
        },
    });

    private static void BaseVersionProblem(long? baseVersion, Dictionary<string, string[]> errors)
    {
        if (baseVersion is not > 0)
        {
            errors["baseVersion"] = ["Give the version this was written from."];
        }
    }

    /// <summary>The title tidied; a field error when it is empty, too long, has characters a [[link]] cannot hold, or is taken.</summary>
    private string? TitleProblem(string cohortId, string? title, string? pageId, Dictionary<string, string[]> errors)
    {
        var tidy = WikiTitles.Tidy(title ?? "");
        if (tidy.Length is 0 || tidy.Length > Limits.MaxTitleLength)
        {
            errors["title"] = [$"Give a title of 1 to {Limits.MaxTitleLength} characters."];
        }
        else if (tidy.IndexOfAny(['[', ']', '|']) >= 0)
        {
            errors["title"] = ["A title cannot hold [ ] or |: other pages link to it as [[title]]."];
        }
        else if (FindByTitle(cohortId, tidy, pageId) is not null)
        {
            errors["title"] = [$"This cohort's wiki has a page called “{tidy}” already; choose another title or edit that page."];
        }
        return tidy;
    }

    private string? TextProblem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Write the page; it cannot be empty.";
        }
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > Limits.MaxPageBytes ? $"The page is {bytes / 1024.0:0.#} KB; the limit is {Limits.MaxPageBytes / 1024} KB. Nothing was saved." : null;
    }

    [LoggerMessage(EventId = 8400, Level = LogLevel.Information, Message = "A wiki write to page {PageId} from version {BaseVersion} was refused: the page is at version {CurrentVersion}")]
    private static partial void LogStale(ILogger logger, string pageId, long baseVersion, long currentVersion);
}
