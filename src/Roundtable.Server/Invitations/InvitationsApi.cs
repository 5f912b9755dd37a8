using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Invitations;

public sealed record InvitePersonRequest(string? Email, string? Name, string? Role, string? ManagerEmail);

/// <summary>
/// Bringing people into a cohort (admins, and the cohort's coaches, who invite learners, managers and observers): one at
/// a time, or from a CSV file that is first previewed (nothing written) and then imported in one directory append,
/// all rows or none. Someone new gets an invited account (<see cref="Core.Directory.UserInvited"/>); anyone with an
/// account is only enrolled.
/// </summary>
public static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cohorts/{cohortId}/invitations").WithTags("Invitations");
        api.MapPost("/", InviteOne).WithDescription("Invites one person into the cohort, or enrols them when they have an account.");
        api.MapPost("/preview", Preview).Accepts<string>("text/csv")
            .WithDescription("Reads a CSV file (email,name,role,manager_email) and says what importing each row would do, or what is wrong with it. Writes nothing.");
        api.MapPost("/import", Import).Accepts<string>("text/csv")
            .WithDescription("Imports a CSV file that has no errors, all rows in one step; importing the same file again changes nothing.");
        return app;
    }

    private static async Task<Results<Ok<InvitationRowPlan>, ProblemHttpResult>> InviteOne(
        string cohortId, InvitePersonRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var row = new InvitationRow(1, request.Email?.Trim() ?? "", request.Name?.Trim() ?? "", request.Role?.Trim() ?? "", request.ManagerEmail?.Trim() ?? "");
        InvitationPlan? plan = null;
        var problem = await writer.WriteAsync(() =>
        {
            if (Refusal(cohortId, callerId, db, access) is { } refused)
            {
                return refused;
            }
            plan = InvitationPlan.Decide([row], cohortId, callerId, db, access);
            var errors = plan.Preview.Rows[0].Errors;
            return errors.Count > 0
                ? DirectoryDecision.Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), "The invitation needs fixing.")
                : DirectoryDecision.Accept([.. plan.Events]);
        }, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(plan!.Preview.Rows[0]);
    }

    private static async Task<Results<Ok<InvitationPreview>, ProblemHttpResult>> Preview(
        string cohortId, HttpRequest http, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        if (Refusal(cohortId, callerId, db, access) is { } refused)
        {
            return refused.Problem!.ToResult();
        }
        var file = InvitationCsv.Parse(await ReadBodyAsync(http, cancellationToken));
        return TypedResults.Ok(file.FileErrors.Count > 0
            ? InvitationPreview.Unreadable(file.FileErrors)
            : InvitationPlan.Decide(file.Rows, cohortId, callerId, db, access).Preview);
    }

    /// <summary>Decided again at the moment of writing, so what is written is what the directory says then.</summary>
    private static async Task<Results<Ok<InvitationPreview>, ProblemHttpResult>> Import(
        string cohortId, HttpRequest http, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var file = InvitationCsv.Parse(await ReadBodyAsync(http, cancellationToken));
        InvitationPlan? plan = null;
        var problem = await writer.WriteAsync(() =>
        {
            if (Refusal(cohortId, callerId, db, access) is { } refused)
            {
                return refused;
            }
            if (file.FileErrors.Count > 0)
            {
                return DirectoryDecision.Invalid("file", file.FileErrors[0]);
            }
            plan = InvitationPlan.Decide(file.Rows, cohortId, callerId, db, access);
            var bad = plan.Preview.Rows.Where(r => r.Errors.Count > 0).ToList();
            return bad.Count > 0
                ? DirectoryDecision.Invalid(
                    bad.ToDictionary(r => $"row {r.Row}", r => r.Errors.Select(e => e.Message).ToArray()),
                    $"{bad.Count} {(bad.Count == 1 ? "row has" : "rows have")} errors; nothing was imported. Fix the file and preview it again.")
                : DirectoryDecision.Accept([.. plan.Events]);
        }, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(plan!.Preview);
    }

    private static DirectoryDecision? Refusal(string cohortId, string callerId, RoundtableDb db, CohortAccess access)
    {
        if (access.Cohort(cohortId) is not { } cohort || !access.CanSee(cohortId, callerId))
        {
            return DirectoryDecision.NotFound($"There is no cohort '{cohortId}'.");
        }
        if (!access.CanFacilitate(cohortId, callerId))
        {
            return DirectoryDecision.Forbidden("Only the cohort's coach or an admin can invite people.");
        }
        return db.Programs.FindById(cohort.ProgramId) is { Archived: true }
            ? DirectoryDecision.Conflict("This cohort's program is archived: bring it back into use before inviting people.")
            : null;
    }

    /// <summary>The body, up to one byte over the limit (enough for the file check to say it is too large).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length <= InvitationCsv.MaxBytes && (read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
