using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Email;

public sealed record EmailPreferenceDto(string Kind, string Label, bool Optional, bool Receive);

public sealed record SetEmailPreferenceRequest(string? Kind, bool? Receive);

/// <summary>What the unsubscribe page shows after following an email's link.</summary>
public sealed record UnsubscribeDto(string Kind, string Label, bool Receive);

/// <summary>Which kinds of email each person receives: their settings page, and the link at the foot of every optional email.</summary>
public static class EmailPreferencesApi
{
    public static IEndpointRouteBuilder MapEmailApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/me/email-preferences").WithTags("Email");
        mine.MapGet("", List).WithDescription("Every kind of email, and whether the caller receives it.");
        mine.MapPut("", Set).WithDescription("Turns one optional kind of email on or off for the caller.");
        app.MapPost("/api/email/unsubscribe", Unsubscribe).WithTags("Email").AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit)
            .WithDescription("Turns off (or with receive=true back on) the kind of email an email's link names; the token is the permission.")
            .DisableAntiforgery();
        return app;
    }

    private static Results<Ok<EmailPreferenceDto[]>, UnauthorizedHttpResult> List(ClaimsPrincipal principal, RoundtableDb db) =>
        db.Users.FindById(principal.UserId() ?? "") is { } user ? TypedResults.Ok(PreferencesOf(user)) : TypedResults.Unauthorized();

    private static async Task<Results<Ok<EmailPreferenceDto[]>, ProblemHttpResult>> Set(
        SetEmailPreferenceRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
            request.Kind is not { } kind || EmailKinds.Find(kind) is not { } info ? DirectoryDecision.Invalid("kind", "Choose one of the kinds of email listed.")
            : !info.Optional ? DirectoryDecision.Invalid("kind", $"{info.Label} are always sent: they answer something asked for.")
            : request.Receive is not { } receive ? DirectoryDecision.Invalid("receive", "Say whether to receive these emails (true or false).")
            : Change(db, userId, kind, receive), cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(PreferencesOf(db.Users.FindById(userId)));
    }

    /// <summary>
    /// One click from an email (or the mail client's own button, RFC 8058): no sign-in, the signed token names the
    /// person and the kind. receive=true undoes it from the same page.
    /// </summary>
    private static async Task<Results<Ok<UnsubscribeDto>, ProblemHttpResult>> Unsubscribe(
        string? token, bool? receive, UnsubscribeLinks links, DirectoryWriter writer, RoundtableDb db, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not var (userId, kind) || EmailKinds.Find(kind) is not { Optional: true } info)
        {
            return TypedResults.Problem("This unsubscribe link is not valid. Sign in and choose which emails you receive on your settings page.",
                statusCode: StatusCodes.Status400BadRequest, title: "Link not valid");
        }
        var wanted = receive ?? false;
        var problem = await writer.WriteAsync(() => db.Users.FindById(userId) is null
            ? DirectoryDecision.NotFound("The account this link was for no longer exists.")
            : Change(db, userId, kind, wanted), cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(new UnsubscribeDto(kind, info.Label, wanted));
    }

    private static DirectoryDecision Change(RoundtableDb db, string userId, string kind, bool receive)
    {
        var receives = db.Users.FindById(userId)?.EmailOptOuts?.Contains(kind) != true;
        return receives == receive ? DirectoryDecision.Accept() : DirectoryDecision.Accept(new EmailPreferenceSet(userId, kind, receive));
    }

    private static EmailPreferenceDto[] PreferencesOf(UserRecord user) =>
        [.. EmailKinds.All.Select(k => new EmailPreferenceDto(k.Kind, k.Label, k.Optional, !k.Optional || user.EmailOptOuts?.Contains(k.Kind) != true))];
}
