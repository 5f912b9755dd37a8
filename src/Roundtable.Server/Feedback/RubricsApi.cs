using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Feedback;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Feedback;

/// <summary>One version of a rubric as saved, with who saved it, when, and every version number the rubric has.</summary>
public sealed record RubricDto(Rubric Rubric, string SavedByName, DateTimeOffset SavedAt, IReadOnlyList<int> Versions);

/// <summary>A revised rubric. <see cref="ExpectedVersion"/>, when given, is the version the editor started from.</summary>
public sealed record ReviseRubricRequest(
    string? Name,
    string? Description,
    IReadOnlyList<CriterionDraft?>? Criteria,
    IReadOnlyList<PromptDraft?>? Prompts,
    int? ExpectedVersion)
{
    public RubricDraft ToDraft() => new(Name, Description, Criteria, Prompts);
}

/// <summary>
/// Rubrics per program over HTTP. Every save is a new version (a <see cref="RubricSaved"/> directory event); versions
/// are never changed. Members of the program's cohorts read them; admins and the program's coaches write them.
/// </summary>
public static class RubricsApi
{
    public static IEndpointRouteBuilder MapRubricsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Rubrics");
        api.MapGet("/programs/{programId}/rubrics", ListRubrics).WithDescription("The latest version of each of the program's rubrics, by name.");
        api.MapPost("/programs/{programId}/rubrics", CreateRubric).WithDescription("Creates a rubric in the program as version 1.");
        api.MapGet("/rubrics/{rubricId}", GetRubric).WithDescription("The rubric's latest version, with the list of its version numbers.");
        api.MapGet("/rubrics/{rubricId}/versions/{version:int}", GetRubricVersion).WithDescription("One saved version of the rubric, as it was saved.");
        api.MapPut("/rubrics/{rubricId}", ReviseRubric)
            .WithDescription("Saves the next version of the rubric; 409 when expectedVersion is given and is no longer the latest.");
        return app;
    }

    private static Results<Ok<RubricDto[]>, ProblemHttpResult> ListRubrics(
        string programId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, RubricCatalog catalog)
    {
        if (db.Programs.FindById(programId) is null || !access.CanSeeProgram(programId, principal.UserId()!))
        {
            return Problems.NotFound("program", programId);
        }
        return TypedResults.Ok(catalog.LatestSavedForProgram(programId).Select(s => ToDto(s, access, catalog)).ToArray());
    }

    private static Results<Ok<RubricDto>, ProblemHttpResult> GetRubric(string rubricId, ClaimsPrincipal principal, CohortAccess access, RubricCatalog catalog) =>
        Visible(rubricId, principal, access, catalog) is { } latest
            ? TypedResults.Ok(ToDto(latest, access, catalog))
            : Problems.NotFound("rubric", rubricId);

    private static Results<Ok<RubricDto>, ProblemHttpResult> GetRubricVersion(
        string rubricId, int version, ClaimsPrincipal principal, CohortAccess access, RubricCatalog catalog)
    {
        if (Visible(rubricId, principal, access, catalog) is null)
        {
            return Problems.NotFound("rubric", rubricId);
        }
        return catalog.SavedVersion(rubricId, version) is { } saved
            ? TypedResults.Ok(ToDto(saved, access, catalog))
            : TypedResults.Problem($"Rubric '{rubricId}' has no version {version}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    private static async Task<Results<Created<RubricDto>, ProblemHttpResult>> CreateRubric(
        string programId, RubricDraft draft, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        RubricCatalog catalog, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var rubricId = Ids.New();
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Programs.FindById(programId) is null || !access.CanSeeProgram(programId, callerId))
            {
                return DirectoryDecision.NotFound($"There is no program '{programId}' that you can see.");
            }
            return access.CanCoachProgram(programId, callerId)
                ? Save(draft, rubricId, 1, programId, callerId)
                : DirectoryDecision.Forbidden("Only an admin or a coach in this program can create its rubrics.");
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Created($"/api/rubrics/{rubricId}", ToDto(catalog.SavedVersion(rubricId, 1)!, access, catalog));
    }

    private static async Task<Results<Ok<RubricDto>, ProblemHttpResult>> ReviseRubric(
        string rubricId, ReviseRubricRequest request, ClaimsPrincipal principal, DirectoryWriter writer, CohortAccess access, RubricCatalog catalog,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var savedVersion = 0;
        var problem = await writer.WriteAsync(() =>
        {
            if (Visible(rubricId, principal, access, catalog)?.Rubric is not { } latest)
            {
                return DirectoryDecision.NotFound($"There is no rubric '{rubricId}' that you can see.");
            }
            if (!access.CanCoachProgram(latest.ProgramId, callerId))
            {
                return DirectoryDecision.Forbidden("Only an admin or a coach in this program can change its rubrics.");
            }
            if (request.ExpectedVersion is { } expected && expected != latest.Version)
            {
                return DirectoryDecision.Conflict(
                    $"Someone saved version {latest.Version} of this rubric after the version {expected} you started from. Reload it and make your changes again.");
            }
            savedVersion = latest.Version + 1;
            return Save(request.ToDraft(), rubricId, savedVersion, latest.ProgramId, callerId);
        }, cancellationToken);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Ok(ToDto(catalog.SavedVersion(rubricId, savedVersion)!, access, catalog));
    }

    private static DirectoryDecision Save(RubricDraft draft, string rubricId, int version, string programId, string callerId)
    {
        var (rubric, errors) = RubricRules.Validate(draft, rubricId, version, programId);
        return rubric is null
            ? DirectoryDecision.Invalid(errors, "The rubric was not saved: see the errors beside each field.")
            : DirectoryDecision.Accept(new RubricSaved(rubric, callerId));
    }

    // Outsiders get the same answer for "missing" and "not yours", as for cohorts and roundtables.
    private static SavedRubric? Visible(string rubricId, ClaimsPrincipal principal, CohortAccess access, RubricCatalog catalog) =>
        catalog.LatestSaved(rubricId) is { } latest && access.CanSeeProgram(latest.Rubric.ProgramId, principal.UserId()!) ? latest : null;

    private static RubricDto ToDto(SavedRubric saved, CohortAccess access, RubricCatalog catalog) =>
        new(saved.Rubric, access.User(saved.SavedBy)?.DisplayName ?? "", saved.SavedAt, catalog.Versions(saved.Rubric.RubricId));
}
