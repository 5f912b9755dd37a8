namespace Roundtable.Server.Accounts;

/// <summary>How people get an account and back into it. Bound from the "Accounts" section.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// Whether anyone may create an account from the sign-in page. Off by default: people are invited, or ask a program
    /// for access once an admin has made their account.
    /// </summary>
    public bool OpenRegistration { get; set; }

    /// <summary>How long an invitation's link stays good.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a password-reset link stays good.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);
}
