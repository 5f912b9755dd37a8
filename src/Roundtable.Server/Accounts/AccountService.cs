using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Accounts;

/// <summary>Creates accounts (as directory events) and checks passwords against the projected users.</summary>
public sealed class AccountService(RoundtableDb db, DirectoryWriter writer, IOptions<AuthOptions> options)
{
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 80;
    public const int MaxPasswordLength = 256;

    private readonly PasswordHasher<UserRecord> _hasher = new();

    // Verified against when the email is unknown, so a miss costs as much time as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => new PasswordHasher<UserRecord>().HashPassword(new UserRecord(), Guid.NewGuid().ToString()));

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    public UserRecord? FindByEmail(string email) => db.Users.FindOne(u => u.Email == NormaliseEmail(email));

    public UserRecord? FindById(string id) => db.Users.FindById(id);

    public UserRecord? VerifyPassword(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            return null;
        }
        var user = FindByEmail(email);
        if (user is null)
        {
            _hasher.VerifyHashedPassword(new UserRecord(), _decoyHash.Value, password);
            return null;
        }
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>
    /// Registers a new account; returns it, or the problem with the input. A precondition is decided with the rest,
    /// against the directory as of the expected version, so a concurrent write on any node makes it decide again.
    /// </summary>
    public async Task<(UserRecord? User, DirectoryProblem? Problem)> RegisterAsync(
        string? email, string? displayName, string? password, bool isAdmin, CancellationToken cancellationToken = default,
        Func<DirectoryDecision?>? precondition = null)
    {
        var userId = Ids.New();
        var problem = await writer.WriteAsync(() =>
        {
            var invalid = precondition?.Invoke() ?? Validate(email, displayName, password);
            if (invalid is not null)
            {
                return invalid;
            }
            var normalised = NormaliseEmail(email!);
            if (db.Users.Exists(u => u.Email == normalised))
            {
                return DirectoryDecision.Conflict("An account with this email already exists.");
            }
            var hash = _hasher.HashPassword(new UserRecord { Id = userId }, password!);
            return DirectoryDecision.Accept(new UserRegistered(userId, normalised, displayName!.Trim(), hash, isAdmin));
        }, cancellationToken);
        return problem is null ? (db.Users.FindById(userId), null) : (null, problem);
    }

    private DirectoryDecision? Validate(string? email, string? displayName, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxEmailLength || !IsPlausibleEmail(email.Trim()))
        {
            return DirectoryDecision.Invalid("email", "Enter a valid email address.");
        }
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > MaxDisplayNameLength)
        {
            return DirectoryDecision.Invalid("displayName", $"Enter a name of 1 to {MaxDisplayNameLength} characters.");
        }
        var min = options.Value.MinimumPasswordLength;
        if (password is null || password.Length < min || password.Length > MaxPasswordLength)
        {
            return DirectoryDecision.Invalid("password", $"Choose a password of {min} to {MaxPasswordLength} characters.");
        }
        return null;
    }

    private static bool IsPlausibleEmail(string email)
    {
        var at = email.IndexOf('@');
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 3
            && email.IndexOf('.', at) > at + 1 && !email.Any(char.IsWhiteSpace);
    }
}

/// <summary>New record ids: 32 hex characters, safe in URLs, stream names and keys.</summary>
public static class Ids
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
