using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Accounts;

/// <summary>
/// One-time links to choose a password: an invitation's (for an account made for someone) and a password reset's. A
/// link's token is 32 random bytes, URL-safe; only its SHA-256 goes on the log, so neither the log nor a read model
/// holds anything that opens an account. A link is good until it expires, until the account's password changes (its
/// own use included: single use) and until a newer link of its purpose replaces it.
/// </summary>
public sealed class AccountLinks(RoundtableDb db, CohortAccess access, DirectoryWriter writer, PasswordPolicy policy, IOptions<AccountsOptions> options, TimeProvider time)
{
    /// <summary>What every link that cannot be used answers, whatever the reason, so a link tells nothing about the account.</summary>
    public const string NotUsable =
        "This link cannot be used: it was used already, it has expired, or a newer one replaced it. Ask for a new one.";

    private readonly PasswordHasher<UserRecord> _hasher = new();

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A short id of a link for mail keys and logs; it does not reveal the token.</summary>
    public static string IdOf(string tokenHash) => tokenHash[..16];

    /// <summary>
    /// Issues a new invitation link for an invited account, replacing any older one. Returns the token when this call
    /// issued it; null when the account is not (or no longer) invited. With <paramref name="onlyIfNone"/>, nothing is
    /// issued when the account already has a link issued at or after <paramref name="notBefore"/>: of several nodes
    /// reacting to the same invitation, one issues it.
    /// </summary>
    public async Task<string?> IssueInvitationAsync(string userId, string issuedBy, DateTime? notBefore = null, CancellationToken cancellationToken = default)
    {
        var token = NewToken();
        var hash = HashOf(token);
        var expiresAt = time.GetUtcNow() + options.Value.InvitationLifetime;
        // Read models keep times to the millisecond.
        var since = notBefore is { } at ? at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond)) : (DateTime?)null;
        var problem = await writer.WriteAsync(() =>
        {
            if (access.User(userId) is not { Invited: true })
            {
                return DirectoryDecision.Accept();
            }
            if (since is { } from && db.AccountLinks.Find(l => l.UserId == userId).Any(l => l.Purpose == AccountLinkPurpose.Invitation && l.IssuedAt >= from))
            {
                return DirectoryDecision.Accept();
            }
            return DirectoryDecision.Accept(new InvitationIssued(userId, hash, expiresAt, issuedBy));
        }, cancellationToken);
        return problem is null && db.AccountLinks.FindById(hash) is not null ? token : null;
    }

    /// <summary>Issues a password-reset link for the account, replacing any older one; returns its token.</summary>
    public async Task<string?> IssuePasswordResetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var token = NewToken();
        var hash = HashOf(token);
        var expiresAt = time.GetUtcNow() + options.Value.PasswordResetLifetime;
        var problem = await writer.WriteAsync(() => access.User(userId) is null
            ? DirectoryDecision.Accept()
            : DirectoryDecision.Accept(new PasswordResetIssued(userId, hash, expiresAt)), cancellationToken);
        return problem is null && db.AccountLinks.FindById(hash) is not null ? token : null;
    }

    /// <summary>The account a usable link of this purpose opens; null for a used, replaced, expired or unknown one.</summary>
    public UserRecord? Open(string? token, AccountLinkPurpose purpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var link = db.AccountLinks.FindById(HashOf(token));
        return link is not null && link.Purpose == purpose && link.ExpiresAt.AsUtc() > time.GetUtcNow() ? access.User(link.UserId) : null;
    }

    /// <summary>When a link stops working; null when it is not known (any more).</summary>
    public DateTimeOffset? ExpiryOf(string token) => db.AccountLinks.FindById(HashOf(token))?.ExpiresAt.AsUtc();

    /// <summary>
    /// Sets the password through a link: the link must still be usable when the change is decided, so of two uses at
    /// once only one changes the password. The new security stamp ends every session the account had and every other link.
    /// </summary>
    public async Task<(UserRecord? User, ApiProblem? Problem)> SetPasswordAsync(
        string? token, AccountLinkPurpose purpose, string? newPassword, CancellationToken cancellationToken = default)
    {
        if (Open(token, purpose) is not { } user)
        {
            return (null, ApiProblem.Invalid("token", NotUsable));
        }
        if (policy.Problem(newPassword, user.Email, user.DisplayName) is { } weak)
        {
            return (null, ApiProblem.Invalid("newPassword", weak));
        }
        var hash = _hasher.HashPassword(user, newPassword!);
        var problem = await writer.WriteAsync(() => Open(token, purpose) is { } still && still.Id == user.Id
            ? DirectoryDecision.Accept(new PasswordChanged(user.Id, hash, SessionService.NewId()))
            : DirectoryDecision.Invalid("token", NotUsable), cancellationToken);
        return problem is null ? (access.User(user.Id), null) : (null, problem);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
