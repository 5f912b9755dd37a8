using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Accounts;

/// <summary>
/// Which sign-ins are still good. Every cookie and bearer token carries a session id and the account's security stamp;
/// on each request both are checked against the projected user record (held in memory between directory changes, so
/// the check costs no read of the log). Signing out records the one session as ended; a password change or "sign out
/// everywhere" gives the account a new stamp, which ends all of them. Both are directory events, so every node
/// refuses the session as soon as its projection has the event.
/// </summary>
public sealed class SessionService(CohortAccess access, DirectoryWriter writer, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The claims of a new session of <paramref name="user"/>: who they are, a fresh session id, their stamp.</summary>
    public static IEnumerable<Claim> NewSession(UserRecord user, string? sessionId = null) =>
    [
        .. RoundtableClaims.For(user.Id, user.DisplayName, user.Email),
        new(RoundtableClaims.SessionId, sessionId ?? NewId()),
        new(RoundtableClaims.SecurityStamp, user.SecurityStamp ?? ""),
    ];

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// True while the session is still good: the account exists, its stamp is the one the session was issued under,
    /// and the session was not signed out. (A cookie from before sessions had ids carries no stamp, which counts as
    /// the empty stamp every account starts with.)
    /// </summary>
    public bool IsCurrent(ClaimsPrincipal principal) => IsCurrent(principal, principal.UserId() is { } userId ? access.User(userId) : null);

    /// <summary>
    /// The same rule, given the account as projected (null: no such account). For <see cref="HubSessions"/>, which
    /// cannot depend on this service: the writer here waits on the projector that its listener is part of.
    /// </summary>
    public static bool IsCurrent(ClaimsPrincipal principal, UserRecord? user)
    {
        if (user is null || principal.UserId() != user.Id)
        {
            return false;
        }
        if ((principal.FindFirst(RoundtableClaims.SecurityStamp)?.Value ?? "") != (user.SecurityStamp ?? ""))
        {
            return false;
        }
        var sessionId = principal.SessionIdOf();
        return sessionId is null || user.EndedSessions?.Exists(s => s.Id == sessionId) != true;
    }

    /// <summary>
    /// Ends the caller's session on every node. A session without an id (issued before sessions had one) cannot be
    /// told apart from the account's others, so for it every session ends.
    /// </summary>
    public Task<ApiProblem?> EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (principal.SessionIdOf() is not { } sessionId)
        {
            return EndAllAsync(userId, cancellationToken);
        }
        // No cookie or token issued before now outlives the longer of the two lifetimes.
        var until = time.GetUtcNow() + (options.Value.CookieLifetime > options.Value.TokenLifetime ? options.Value.CookieLifetime : options.Value.TokenLifetime);
        return writer.WriteAsync(() => access.User(userId) is null
            ? DirectoryDecision.Accept()
            : DirectoryDecision.Accept(new SignedOut(userId, sessionId, until)), cancellationToken);
    }

    /// <summary>Ends every session and token of the account, on every node.</summary>
    public Task<ApiProblem?> EndAllAsync(string userId, CancellationToken cancellationToken) =>
        writer.WriteAsync(() => access.User(userId) is null
            ? DirectoryDecision.Accept()
            : DirectoryDecision.Accept(new SignedOutEverywhere(userId, NewId())), cancellationToken);
}
