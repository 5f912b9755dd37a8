using System.Security.Claims;

namespace Roundtable.Server.Accounts;

/// <summary>The claims both sign-in schemes (cookie and bearer token) carry, under the same short names.</summary>
public static class RoundtableClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Email = "email";
    /// <summary>This sign-in's own id: signing out ends this one session.</summary>
    public const string SessionId = "sid";
    /// <summary>The account's security stamp at sign-in: a new one (password change, sign out everywhere) ends the session.</summary>
    public const string SecurityStamp = "stamp";

    public static IEnumerable<Claim> For(string userId, string displayName, string email) =>
    [
        new(Subject, userId),
        new(Name, displayName),
        new(Email, email),
    ];

    public static string? UserId(this ClaimsPrincipal principal) => principal.FindFirst(Subject)?.Value;

    public static string? SessionIdOf(this ClaimsPrincipal principal) => principal.FindFirst(SessionId)?.Value;
}
