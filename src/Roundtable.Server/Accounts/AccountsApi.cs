using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Limits;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Accounts;

public sealed record RegisterRequest(string? Email, string? DisplayName, string? Password);

public sealed record SignInRequest(string? Email, string? Password);

public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Password, bool IsAdmin);

/// <param name="TimeZone">The IANA zone they chose to read times in; null until they choose (pages use the browser's).</param>
public sealed record UserDto(string Id, string Email, string DisplayName, bool IsAdmin, string? ManagerId, string? TimeZone = null)
{
    public static UserDto From(UserRecord u) => new(u.Id, u.Email, u.DisplayName, u.IsAdmin, u.ManagerId, u.TimeZone);
}

public sealed record SetManagerRequest(string? ManagerId);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>What registration answers, the same whether or not the email already had an account.</summary>
public sealed record RegistrationAccepted(string Message)
{
    public static readonly RegistrationAccepted Instance = new(
        "Thank you. If this email address was new here, its account is ready: sign in with it and the password you chose. " +
        "If it already had an account, sign in with that account's password.");
}

/// <summary>Register, sign in (cookie for the browser, bearer token for API clients), sign out, who am I; admin account management.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit);
        auth.MapPost("/register", Register);
        auth.MapPost("/login", SignIn);
        auth.MapPost("/token", IssueToken);
        app.MapPost("/api/auth/logout", SignOut).WithTags("Accounts").WithDescription("Ends this session (cookie or bearer token) on every node.");
        app.MapPost("/api/auth/logout-everywhere", SignOutEverywhere).WithTags("Accounts")
            .WithDescription("Ends every session and bearer token of the caller's account, this one included.");
        app.MapPost("/api/auth/password", ChangePassword).WithTags("Accounts").RequireRateLimiting(AuthSetup.SignInRateLimit)
            .WithDescription("Changes the caller's password; every other session and bearer token of the account ends.");

        app.MapGet("/api/me", Me).WithTags("Accounts");
        var users = app.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(AuthSetup.AdminPolicy);
        users.MapGet("/", ListUsers);
        users.MapPost("/", CreateUser);
        users.MapPut("/{userId}/manager", SetManager);
        app.MapAccountLinksApi();
        return app;
    }

    /// <summary>
    /// Registration answers 202 with the same message whether or not the email already had an account, and signs
    /// nobody in: the page then asks the person to sign in. Invalid input (including a weak password) is still a 400.
    /// </summary>
    private static async Task<Results<Accepted<RegistrationAccepted>, ProblemHttpResult>> Register(
        RegisterRequest request, AccountService accounts, IOptions<AccountsOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.OpenRegistration)
        {
            return ApiProblem.Forbidden(RegistrationClosed).ToResult();
        }
        var problem = await accounts.SignUpAsync(request.Email, request.DisplayName, request.Password, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Accepted((string?)null, RegistrationAccepted.Instance);
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> SignIn(SignInRequest request, SignInLockout lockout, HttpContext http)
    {
        var (user, locked) = await lockout.VerifyAsync(request.Email, request.Password, http);
        if (locked is not null)
        {
            return locked;
        }
        if (user is null)
        {
            return WrongCredentials();
        }
        await SignInWithCookieAsync(http, user);
        return TypedResults.Ok(UserDto.From(user));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueToken(SignInRequest request, SignInLockout lockout, TokenService tokens, HttpContext http)
    {
        var (user, locked) = await lockout.VerifyAsync(request.Email, request.Password, http);
        if (locked is not null)
        {
            return locked;
        }
        if (user is null)
        {
            return WrongCredentials();
        }
        var (token, expiresAt) = tokens.Issue(user, SessionService.NewId());
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOut(
        ClaimsPrincipal principal, SessionService sessions, HttpContext http, CancellationToken cancellationToken)
    {
        if (await sessions.EndAsync(principal, cancellationToken) is { } problem)
        {
            return problem.ToResult();
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutEverywhere(
        ClaimsPrincipal principal, SessionService sessions, HttpContext http, CancellationToken cancellationToken)
    {
        if (await sessions.EndAllAsync(principal.UserId()!, cancellationToken) is { } problem)
        {
            return problem.ToResult();
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Changes the password, which ends every other session and token. A browser's own session goes on under the
    /// new stamp (its cookie is issued afresh); a bearer token's ends with the rest: the client asks for a new one.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal principal, AccountService accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var (user, problem) = await accounts.ChangePasswordAsync(principal.UserId()!, request.CurrentPassword, request.NewPassword, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        if (principal.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            await SignInWithCookieAsync(http, user!, principal.SessionIdOf());
        }
        return TypedResults.NoContent();
    }

    private static Results<Ok<UserDto>, UnauthorizedHttpResult> Me(ClaimsPrincipal principal, AccountService accounts) =>
        accounts.FindById(principal.UserId() ?? "") is { } user ? TypedResults.Ok(UserDto.From(user)) : TypedResults.Unauthorized();

    private static Ok<UserDto[]> ListUsers(RoundtableDb db) =>
        TypedResults.Ok(db.Users.FindAll().OrderBy(u => u.DisplayName).Select(UserDto.From).ToArray());

    private static async Task<Results<Created<UserDto>, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var (user, problem) = await accounts.RegisterAsync(request.Email, request.DisplayName, request.Password, request.IsAdmin, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Created($"/api/users/{user!.Id}", UserDto.From(user));
    }

    /// <summary>Sets whom a person reports to (null clears it). Refuses a loop: nobody ends up managing themselves.</summary>
    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> SetManager(
        string userId, SetManagerRequest request, ClaimsPrincipal principal, DirectoryWriter writer, CohortAccess access, CancellationToken cancellationToken)
    {
        var problem = await writer.WriteAsync(() =>
        {
            if (access.User(userId) is null)
            {
                return DirectoryDecision.NotFound($"There is no user '{userId}'.");
            }
            if (request.ManagerId is { } managerId)
            {
                if (access.User(managerId) is null)
                {
                    return DirectoryDecision.Invalid("managerId", $"There is no user '{managerId}'.");
                }
                if (managerId == userId || access.ReportingChain(managerId).Contains(userId))
                {
                    return DirectoryDecision.Invalid("managerId", "That would make a loop: someone would end up reporting to themselves.");
                }
            }
            return access.User(userId)!.ManagerId == request.ManagerId
                ? DirectoryDecision.Accept()
                : DirectoryDecision.Accept(new ManagerSet(userId, request.ManagerId, principal.UserId()!));
        }, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Ok(UserDto.From(access.User(userId)!));
    }

    public const string RegistrationClosed =
        "Accounts are not created here: ask your program's admin or coach to invite you, and follow the link in the invitation email.";

    private static ProblemHttpResult WrongCredentials() =>
        TypedResults.Problem("The email or password is not right.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");

    internal static Task SignInWithCookieAsync(HttpContext http, UserRecord user, string? sessionId = null)
    {
        var identity = new ClaimsIdentity(
            SessionService.NewSession(user, sessionId),
            CookieAuthenticationDefaults.AuthenticationScheme,
            RoundtableClaims.Name,
            roleType: "role");
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }
}
