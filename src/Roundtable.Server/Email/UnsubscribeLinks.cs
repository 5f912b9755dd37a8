using Microsoft.AspNetCore.DataProtection;

namespace Roundtable.Server.Email;

/// <summary>
/// The token in an email's unsubscribe link: whose it is and for which kind, signed with the deployment's data
/// protection keys (shared by every node), so the link works without signing in and cannot be made for someone else.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Roundtable.Email.Unsubscribe.v1");

    public string TokenFor(string userId, string kind) => _protector.Protect($"{userId}\n{kind}");

    /// <summary>The person and kind the token names; null for a token that is not one of ours.</summary>
    public (string UserId, string Kind)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(token).Split('\n');
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
