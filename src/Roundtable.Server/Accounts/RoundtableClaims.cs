using System.Security.Claims;

namespace Roundtable.Server.Accounts;

/// <summary>The claims both sign-in schemes (cookie and bearer token) carry, under the same short names.</summary>
public static class RoundtableClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Email = "email";

    public static IEnumerable<Claim> For(string userId, string displayName, string email) =>
    [
        new(Subject, userId),
        new(Name, displayName),
        new(Email, email),
    ];

    public static string? UserId(this ClaimsPrincipal principal) => principal.FindFirst(Subject)?.Value;
}
