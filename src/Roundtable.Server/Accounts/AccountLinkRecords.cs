namespace Roundtable.Server.Accounts;

/// <summary>What a one-time link lets its holder do.</summary>
public enum AccountLinkPurpose
{
    Invitation,
    PasswordReset,
}

/// <summary>
/// A one-time link that is still good (read model). Id: the SHA-256 of its token, hex. Removed when the account's password
/// changes (the link was used, or another way in was) and when a newer link of the same purpose replaces it; an
/// expired one stays until then but is refused.
/// </summary>
public sealed class AccountLinkRecord
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public AccountLinkPurpose Purpose { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
