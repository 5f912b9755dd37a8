using Microsoft.Extensions.Options;

namespace Roundtable.Server.Limits;

/// <summary>
/// What one person (or, signed out, one address) may do, across all their connections and, when scaled out, all nodes.
/// Bound from the "Limits" section. The defaults leave room for a person with a dozen pages open reconnecting at once;
/// a script gets a fraction of what it asks for.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Hub calls a person may make per second, sustained, over all their connections (tokens per second).</summary>
    public double CommandsPerSecond { get; set; } = 20;

    /// <summary>Tokens a person may spend at once above the sustained rate (a reconnect of many pages, a quick run of clicks).</summary>
    public int CommandBurst { get; set; } = 60;

    /// <summary>
    /// Tokens a <c>Catchup</c> costs (any other hub call costs 1): a page of catch-up reads and shapes up to 2,000 events,
    /// where a chat message is one.
    /// </summary>
    public int CatchupCost { get; set; } = 3;

    /// <summary><c>PreviewMarkdown</c> costs 1 token plus 1 per this many characters: rendering grows with the text.</summary>
    public int PreviewCharactersPerToken { get; set; } = 2048;

    /// <summary>Connections a person may hold open to each hub at once (a page holds one of each).</summary>
    public int ConnectionsPerUser { get; set; } = 20;

    /// <summary>
    /// State-changing HTTP requests (POST, PUT, PATCH, DELETE) a person may make per second, sustained. Each is stored
    /// as an event or renders Markdown; a person clicking Save does a few a minute.
    /// </summary>
    public double ApiWritesPerSecond { get; set; } = 5;

    public int ApiWriteBurst { get; set; } = 60;

    /// <summary>Failed sign-ins an account may have before it is locked (per normalised email, known or not).</summary>
    public int SignInFailuresBeforeLockout { get; set; } = 5;

    /// <summary>The first lockout; each further failure after one doubles it, up to <see cref="SignInLockoutMax"/>.</summary>
    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan SignInLockoutMax { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long failures are remembered after the last attempt; a successful sign-in forgets them at once.</summary>
    public TimeSpan SignInFailureMemory { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A refused person (or address) is logged once per this period per kind of limit and node, with a count.</summary>
    public TimeSpan RefusalLogWindow { get; set; } = TimeSpan.FromMinutes(1);

    internal TokenBucket Commands => new(CommandsPerSecond, CommandBurst);

    internal TokenBucket ApiWrites => new(ApiWritesPerSecond, ApiWriteBurst);

    internal LockoutPolicy SignIn => new(SignInFailuresBeforeLockout, SignInLockout, SignInLockoutMax, SignInFailureMemory);

    /// <summary>Null when the settings make sense; otherwise what is wrong, for the start-up error.</summary>
    internal string? Problem() =>
        CommandsPerSecond <= 0 || ApiWritesPerSecond <= 0 ? "Limits: rates must be above 0."
        : CommandBurst < 1 || ApiWriteBurst < 1 ? "Limits: bursts must be at least 1."
        : CatchupCost < 1 || CatchupCost > CommandBurst ? "Limits:CatchupCost must be from 1 to CommandBurst."
        : PreviewCharactersPerToken < 1 ? "Limits:PreviewCharactersPerToken must be at least 1."
        : ConnectionsPerUser < 1 ? "Limits:ConnectionsPerUser must be at least 1."
        : SignInFailuresBeforeLockout < 1 ? "Limits:SignInFailuresBeforeLockout must be at least 1."
        : SignInLockout <= TimeSpan.Zero || SignInLockoutMax < SignInLockout ? "Limits: SignInLockout must be above 0 and at most SignInLockoutMax."
        : SignInFailureMemory <= TimeSpan.Zero || RefusalLogWindow <= TimeSpan.Zero ? "Limits: SignInFailureMemory and RefusalLogWindow must be above 0."
        : null;
}

/// <summary>Refuses to start with limits that cannot work (a zero rate, a catch-up dearer than the whole burst).</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
