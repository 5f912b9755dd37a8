using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Cohorts;

public sealed record EditProgramRequest(string? Name, string? Description);

public sealed record ArchiveProgramRequest(bool? Archived);

public sealed record AgendaItemTemplateRequest(string? Topic, int? Minutes);

public sealed record ExerciseTemplateRequest(string? Title, string? Instructions, int? DaysUntilDue);

public sealed record ProgramTemplateRequest(IReadOnlyList<AgendaItemTemplateRequest>? AgendaItems, string? RubricId, ExerciseTemplateRequest? Exercise);

public sealed record RubricChoiceDto(string Id, string Name);

/// <summary>Everything the program screen edits: the program, its template, the rubrics to choose from and the dashboard's thresholds.</summary>
public sealed record ProgramSetupDto(ProgramDto Program, ProgramTemplate Template, IReadOnlyList<RubricChoiceDto> Rubrics, DashboardThresholds Thresholds);

/// <summary>Setting programs up (admins): name and description, archiving, and the template each new cohort copies.</summary>
public static class ProgramSetupApi
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxAgendaItems = 20;
    public const int MaxTopicLength = 500;
    public const int MaxInstructionsLength = 4000;

    public static IEndpointRouteBuilder MapProgramSetupApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/programs/{programId}").WithTags("Program set-up").RequireAuthorization(AuthSetup.AdminPolicy);
        api.MapGet("/setup", GetSetup).WithDescription("The program, its template, its rubrics and its dashboard thresholds (admins).");
        api.MapPut("/", Edit).WithDescription("Renames the program or changes its description (admins).");
        api.MapPut("/archived", Archive).WithDescription("Archives the program, or brings it back into use (admins).");
        api.MapPut("/template", SetTemplate).WithDescription("The template new cohorts of the program copy (admins).");
        return app;
    }

    private static async Task<Results<Ok<ProgramSetupDto>, ProblemHttpResult>> GetSetup(
        string programId, RoundtableDb db, DashboardProjection dashboard, CancellationToken cancellationToken)
    {
        if (db.Programs.FindById(programId) is not { } program)
        {
            return Problems.NotFound("program", programId);
        }
        var rubrics = db.RubricVersions.Find(r => r.ProgramId == programId)
            .GroupBy(r => r.RubricId)
            .Select(g => g.MaxBy(r => r.Version)!.ToRubric())
            .OrderBy(r => r.Name)
            .Select(r => new RubricChoiceDto(r.RubricId, r.Name))
            .ToList();
        var thresholds = await dashboard.ReadAsync((activity, _) => activity.ThresholdsOf(programId), cancellationToken);
        return TypedResults.Ok(new ProgramSetupDto(ProgramDto.From(program), program.Template(), rubrics, thresholds));
    }

    private static async Task<Results<Ok<ProgramDto>, ProblemHttpResult>> Edit(
        string programId, EditProgramRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Programs.FindById(programId) is not { } program)
            {
                return DirectoryDecision.NotFound($"There is no program '{programId}'.");
            }
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > CohortsApi.MaxNameLength)
            {
                return DirectoryDecision.Invalid("name", $"Give a name of 1 to {CohortsApi.MaxNameLength} characters.");
            }
            var description = request.Description?.Trim() ?? "";
            if (description.Length > MaxDescriptionLength)
            {
                return DirectoryDecision.Invalid("description", $"A description is at most {MaxDescriptionLength} characters.");
            }
            return program.Name == request.Name.Trim() && program.Description == description
                ? DirectoryDecision.Accept()
                : DirectoryDecision.Accept(new ProgramEdited(programId, request.Name.Trim(), description, principal.UserId()!));
        }, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(ProgramDto.From(db.Programs.FindById(programId)));
    }

    private static async Task<Results<Ok<ProgramDto>, ProblemHttpResult>> Archive(
        string programId, ArchiveProgramRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var problem = await writer.WriteAsync(() =>
            db.Programs.FindById(programId) is not { } program ? DirectoryDecision.NotFound($"There is no program '{programId}'.")
            : request.Archived is not { } archived ? DirectoryDecision.Invalid("archived", "Say whether the program is archived: true or false.")
            : program.Archived == archived ? DirectoryDecision.Accept()
            : DirectoryDecision.Accept(new ProgramArchived(programId, archived, principal.UserId()!)),
            cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(ProgramDto.From(db.Programs.FindById(programId)));
    }

    private static async Task<Results<Ok<ProgramTemplate>, ProblemHttpResult>> SetTemplate(
        string programId, ProgramTemplateRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        ProgramTemplate? template = null;
        var problem = await writer.WriteAsync(() =>
        {
            if (db.Programs.FindById(programId) is not { } program)
            {
                return DirectoryDecision.NotFound($"There is no program '{programId}'.");
            }
            var (checkedTemplate, errors) = Check(request, rubricId => db.RubricVersions.Exists(r => r.RubricId == rubricId && r.ProgramId == programId));
            if (errors.Count > 0)
            {
                return DirectoryDecision.Invalid(errors, "Some of the template needs fixing.");
            }
            template = checkedTemplate;
            return StoredTemplate.Write(template!) == StoredTemplate.Write(program.Template())
                ? DirectoryDecision.Accept()
                : DirectoryDecision.Accept(new ProgramTemplateSet(programId, template!, principal.UserId()!));
        }, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(template!);
    }

    /// <summary>The template as asked for, trimmed, with every field's problems (keys as the page names its fields).</summary>
    private static (ProgramTemplate? Template, Dictionary<string, string[]> Errors) Check(ProgramTemplateRequest request, Func<string, bool> rubricExists)
    {
        var errors = new Dictionary<string, string[]>();
        var items = request.AgendaItems ?? [];
        if (items.Count > MaxAgendaItems)
        {
            errors["agendaItems"] = [$"A template has at most {MaxAgendaItems} agenda items."];
        }
        var agenda = new List<AgendaItemTemplate>();
        for (var i = 0; i < Math.Min(items.Count, MaxAgendaItems); i++)
        {
            var topic = items[i]?.Topic?.Trim() ?? "";
            if (topic.Length is 0 or > MaxTopicLength)
            {
                errors[$"agendaItems[{i}].topic"] = [$"Give agenda item {i + 1} a topic of 1 to {MaxTopicLength} characters."];
            }
            if (items[i]?.Minutes is not (>= 1 and <= 120))
            {
                errors[$"agendaItems[{i}].minutes"] = [$"Agenda item {i + 1} takes 1 to 120 minutes."];
            }
            agenda.Add(new AgendaItemTemplate(topic, items[i]?.Minutes ?? 0));
        }
        var rubricId = string.IsNullOrWhiteSpace(request.RubricId) ? null : request.RubricId.Trim();
        if (rubricId is not null && !rubricExists(rubricId))
        {
            errors["rubricId"] = ["Choose one of this program's rubrics."];
        }
        ExerciseTemplate? exercise = null;
        if (request.Exercise is { } e && !(string.IsNullOrWhiteSpace(e.Title) && string.IsNullOrWhiteSpace(e.Instructions)))
        {
            if (string.IsNullOrWhiteSpace(e.Title) || e.Title.Trim().Length > CohortsApi.MaxTitleLength)
            {
                errors["exercise.title"] = [$"Give the exercise a title of 1 to {CohortsApi.MaxTitleLength} characters."];
            }
            if (string.IsNullOrWhiteSpace(e.Instructions) || e.Instructions.Trim().Length > MaxInstructionsLength)
            {
                errors["exercise.instructions"] = [$"Give the exercise instructions of 1 to {MaxInstructionsLength} characters."];
            }
            if (e.DaysUntilDue is not (>= 1 and <= 365))
            {
                errors["exercise.daysUntilDue"] = ["Give the days until it is due: 1 to 365."];
            }
            exercise = new ExerciseTemplate(e.Title?.Trim() ?? "", e.Instructions?.Trim() ?? "", e.DaysUntilDue ?? 0);
        }
        return errors.Count > 0 ? (null, errors) : (new ProgramTemplate(agenda, rubricId, exercise), errors);
    }
}
