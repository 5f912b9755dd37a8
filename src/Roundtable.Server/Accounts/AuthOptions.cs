namespace Roundtable.Server.Accounts;

/// <summary>Sign-in settings. Bound from the "Auth" section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs bearer tokens. Every node of a deployment needs the same one.
    /// When empty, a node creates one in its data directory on first start (fine for the embedded default).
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "roundtable";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromDays(7);

    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>
    /// The common passwords a new password may not be (a JSON array of strings, compared case-insensitively), relative
    /// to the server's folder. The build copies it there from npm (@zxcvbn-ts/language-common: about 49,000).
    /// </summary>
    public string CommonPasswordsFile { get; set; } = "common-passwords.json";

    /// <summary>Sign-in, register and token requests allowed per client address per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 30;
}
