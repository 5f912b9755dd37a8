using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Accounts;

/// <summary>Creates accounts (as directory events) and checks passwords against the projected users.</summary>
public sealed class AccountService(RoundtableDb db, DirectoryWriter writer, PasswordPolicy policy)
{
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 80;
    public const int MaxPasswordLength = 256;

    private readonly PasswordHasher<UserRecord> _hasher = new();
    private long _typicalSignUpTicks;

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
        // An invited account has no password yet: it is refused exactly as an unknown email is, after the same work.
        if (user is null || user.Invited || user.PasswordHash.Length == 0)
        {
            _hasher.VerifyHashedPassword(new UserRecord(), _decoyHash.Value, password);
            return null;
        }
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>
    /// Registers a new account; returns it, or the problem with the input (an email that has an account is a 409
    /// conflict). The password is hashed before the directory is locked, for every well-formed request alike. A
    /// precondition is decided with the rest, against the directory as of the expected version, so a concurrent write
    /// on any node makes it decide again.
    /// </summary>
    public async Task<(UserRecord? User, ApiProblem? Problem)> RegisterAsync(
        string? email, string? displayName, string? password, bool isAdmin, CancellationToken cancellationToken = default,
        Func<DirectoryDecision?>? precondition = null)
    {
        if (Validate(email, displayName, password) is { } invalid)
        {
            return (null, invalid.Problem);
        }
        var userId = Ids.New();
        var hash = _hasher.HashPassword(new UserRecord { Id = userId }, password!);
        var normalised = NormaliseEmail(email!);
        var problem = await writer.WriteAsync(() => precondition?.Invoke()
            ?? (db.Users.Exists(u => u.Email == normalised)
                ? DirectoryDecision.Conflict("An account with this email already exists.")
                : DirectoryDecision.Accept(new UserRegistered(userId, normalised, displayName!.Trim(), hash, isAdmin))), cancellationToken);
        return problem is null ? (db.Users.FindById(userId), null) : (null, problem);
    }

    /// <summary>
    /// Public sign-up, which must not tell whether an email already has an account: a new email registers, one that
    /// has an account changes nothing, and both answer the same (null) in about the same time. The difference
    /// would be the append, so an existing email waits as long as recent registrations took on this node.
    /// </summary>
    public async Task<ApiProblem?> SignUpAsync(string? email, string? displayName, string? password, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var (_, problem) = await RegisterAsync(email, displayName, password, isAdmin: false, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (problem is null)
        {
            var typical = Volatile.Read(ref _typicalSignUpTicks);
            Volatile.Write(ref _typicalSignUpTicks, typical == 0 ? elapsed.Ticks : (long)(typical * 0.8 + elapsed.Ticks * 0.2));
            return null;
        }
        if (problem.Status == StatusCodes.Status409Conflict)
        {
            var padding = TimeSpan.FromTicks(Volatile.Read(ref _typicalSignUpTicks)) - elapsed;
            if (padding > TimeSpan.Zero)
            {
                await Task.Delay(padding, cancellationToken);
            }
            return null;
        }
        return problem;
    }

    /// <summary>
    /// Changes the password of <paramref name="userId"/> once the current one is given, which gives the account a new
    /// security stamp and so ends every session and token. Returns the account as changed, or the problem.
    /// </summary>
    public async Task<(UserRecord? User, ApiProblem? Problem)> ChangePasswordAsync(
        string userId, string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        if (FindById(userId) is not { } user)
        {
            return (null, ApiProblem.NotFound("Your account no longer exists."));
        }
        if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > MaxPasswordLength
            || _hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return (null, ApiProblem.Invalid("currentPassword", "That is not your current password."));
        }
        if (policy.Problem(newPassword, user.Email, user.DisplayName) is { } weak)
        {
            return (null, ApiProblem.Invalid("newPassword", weak));
        }
        if (newPassword == currentPassword)
        {
            return (null, ApiProblem.Invalid("newPassword", "Choose a password other than your current one."));
        }
        var hash = _hasher.HashPassword(user, newPassword!);
        var problem = await writer.WriteAsync(() => FindById(userId)?.PasswordHash != user.PasswordHash
            ? DirectoryDecision.Conflict("Your password was changed elsewhere just now. Sign in again with the new one.")
            : DirectoryDecision.Accept(new PasswordChanged(userId, hash, SessionService.NewId())), cancellationToken);
        return problem is null ? (FindById(userId), null) : (null, problem);
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
        return policy.Problem(password, email, displayName) is { } weak ? DirectoryDecision.Invalid("password", weak) : null;
    }

    public static bool IsPlausibleEmail(string email)
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
