using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Accounts;

public sealed record AccountOptionsDto(bool OpenRegistration);

public sealed record LinkRequest(string? Token);

public sealed record InvitationDto(string DisplayName, string Email);

public sealed record SetPasswordRequest(string? Token, string? NewPassword);

public sealed record PasswordResetRequest(string? Email);

public sealed record AcceptedMessage(string Message);

/// <summary>
/// The ways into an account without a password: following an invitation and resetting a forgotten password, each by a
/// one-time emailed link; what the sign-in page may offer; sending an invitation again.
/// </summary>
public static class AccountLinksApi
{
    public const string ResetAccepted =
        "If this address has an account here, an email with a link to choose a new password is on its way. The link works once, within the hour.";

    public static IEndpointRouteBuilder MapAccountLinksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/options", Options).WithTags("Accounts").AllowAnonymous()
            .WithDescription("What the sign-in page may offer (whether anyone may create an account).");
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit);
        auth.MapPost("/invitation", Invitation).WithDescription("Whose account an invitation link is for, while it can be used.");
        auth.MapPost("/invitation/accept", AcceptInvitation).WithDescription("Sets the first password through an invitation link and signs in.");
        auth.MapPost("/password-reset", RequestReset)
            .WithDescription("Emails a password-reset link if the address has an account; answers the same either way.");
        auth.MapPost("/password-reset/complete", CompleteReset).WithDescription("Sets a new password through a reset link and signs in.");
        app.MapPost("/api/users/{userId}/invitation", Resend).WithTags("Accounts")
            .WithDescription("Sends an invited person a new invitation link; older links stop working (admins; coaches of a cohort they are in).");
        return app;
    }

    private static Ok<AccountOptionsDto> Options(IOptions<AccountsOptions> options) => TypedResults.Ok(new AccountOptionsDto(options.Value.OpenRegistration));

    private static Results<Ok<InvitationDto>, ProblemHttpResult> Invitation(LinkRequest? request, AccountLinks links) =>
        links.Open(request?.Token, AccountLinkPurpose.Invitation) is { } user
            ? TypedResults.Ok(new InvitationDto(user.DisplayName, user.Email))
            : Problems.Invalid("token", AccountLinks.NotUsable);

    private static Task<Results<Ok<UserDto>, ProblemHttpResult>> AcceptInvitation(
        SetPasswordRequest? request, AccountLinks links, HttpContext http, CancellationToken cancellationToken) =>
        SetPasswordAsync(request, AccountLinkPurpose.Invitation, links, http, cancellationToken);

    private static Task<Results<Ok<UserDto>, ProblemHttpResult>> CompleteReset(
        SetPasswordRequest? request, AccountLinks links, HttpContext http, CancellationToken cancellationToken) =>
        SetPasswordAsync(request, AccountLinkPurpose.PasswordReset, links, http, cancellationToken);

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> SetPasswordAsync(
        SetPasswordRequest? request, AccountLinkPurpose purpose, AccountLinks links, HttpContext http, CancellationToken cancellationToken)
    {
        var (user, problem) = await links.SetPasswordAsync(request?.Token, purpose, request?.NewPassword, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        await AccountsApi.SignInWithCookieAsync(http, user!);
        return TypedResults.Ok(UserDto.From(user!));
    }

    /// <summary>
    /// Only queues the request: the look-up and the email happen off the request path, so an address with an account
    /// and one without answer alike, in the same time. Input that is not an address at all is still a 400.
    /// </summary>
    private static Results<Accepted<AcceptedMessage>, ProblemHttpResult> RequestReset(PasswordResetRequest? request, PasswordResets resets)
    {
        var email = request?.Email?.Trim() ?? "";
        if (email.Length is 0 or > AccountService.MaxEmailLength || !email.Contains('@'))
        {
            return Problems.Invalid("email", "Enter the email address of your account.");
        }
        resets.Enqueue(email);
        return TypedResults.Accepted((string?)null, new AcceptedMessage(ResetAccepted));
    }

    private static async Task<Results<Accepted<AcceptedMessage>, ProblemHttpResult>> Resend(
        string userId, ClaimsPrincipal principal, CohortAccess access, RoundtableDb db, InvitationSender sender, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var invitee = Ids.IsWellFormed(userId) ? access.User(userId) : null;
        var allowed = access.IsAdmin(callerId)
            || (invitee is not null && db.Memberships.Find(m => m.UserId == userId).Any(m => access.CanFacilitate(m.CohortId, callerId)));
        if (invitee is null || !allowed)
        {
            return Problems.NotFound("person", userId);
        }
        if (!invitee.Invited)
        {
            return ApiProblem.Conflict($"{invitee.DisplayName} has already chosen a password. If they forgot it, they can reset it from the sign-in page.").ToResult();
        }
        if (!await sender.SendAsync(userId, callerId, notBefore: null, cancellationToken))
        {
            return ApiProblem.Conflict($"{invitee.DisplayName} has already chosen a password.").ToResult();
        }
        return TypedResults.Accepted((string?)null, new AcceptedMessage($"A new invitation is on its way to {invitee.Email}; earlier links no longer work."));
    }
}
