using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Seeding;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Setup;

/// <summary>Bound from the "Setup" section.</summary>
public sealed class SetupOptions
{
    public const string Section = "Setup";

    public const int MinimumTokenLength = 20;

    /// <summary>
    /// A set-up token the operator chooses (e.g. <c>Setup__AdminToken</c>), the same on every node; at least
    /// <see cref="MinimumTokenLength"/> characters. Unset: each node prints a token of its own when it starts without an admin.
    /// </summary>
    public string? AdminToken { get; set; }
}

/// <summary>
/// First-run set-up of the first admin. While no admin account exists, a set-up token (printed on standard output at
/// start, or the configured <see cref="SetupOptions.AdminToken"/>) lets one person create the first admin. The token is
/// spent by that creation: the check that no admin exists is decided with the append, against the expected version of
/// the directory stream, so two requests racing on any nodes create one admin between them.
/// </summary>
public sealed partial class FirstRunSetup(
    RoundtableDb db,
    DemoSeeder seeder,
    AccountService accounts,
    IDataProtectionProvider dataProtection,
    IOptions<SetupOptions> options,
    ILogger<FirstRunSetup> logger) : BackgroundService
{
    // A printed token is a data-protected payload: every node of a deployment shares the key ring (the data directory
    // when embedded, Redis when scaled out), so a token any node printed works on whichever node the request reaches.
    private const string Marker = "roundtable-first-admin:";
    private const int MaxTokenLength = 1024;
    private const string ClosedMessage = "This server is set up already: an admin account exists. Sign in instead.";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Roundtable.FirstRunSetup.v1");

    /// <summary>The token this node printed, if it printed one (for tests in this process).</summary>
    internal string? IssuedToken { get; private set; }

    // Once an admin exists set-up never opens again (no admin is ever removed), so the answer is kept: the sign-in page
    // asks on every visit, and a deployment with many accounts should not scan them for it.
    private volatile bool _closed;

    /// <summary>Open while no admin account exists.</summary>
    public bool IsOpen => !(_closed = _closed || db.Users.Exists(u => u.IsAdmin));

    private string? ConfiguredToken => options.Value.AdminToken is { Length: >= SetupOptions.MinimumTokenLength } token ? token : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // After the demo seed (if any), so a start that seeds an admin prints no token.
            await seeder.Done.WaitAsync(stoppingToken);
            if (!IsOpen)
            {
                return;
            }
            if (options.Value.AdminToken is { Length: > 0 and < SetupOptions.MinimumTokenLength })
            {
                LogConfiguredTokenTooShort(SetupOptions.MinimumTokenLength);
            }
            if (ConfiguredToken is not null)
            {
                LogOpenWithConfiguredToken();
                return;
            }
            IssuedToken = _protector.Protect(Marker + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            LogOpen();
            // Printed, not logged: logs are kept and shipped, and never carry secrets.
            Console.WriteLine();
            Console.WriteLine("First-run set-up: this server has no admin account yet. Open /setup.html and enter this one-time");
            Console.WriteLine("set-up token. It works on every node of this deployment until the first admin exists.");
            Console.WriteLine("  set-up token: " + IssuedToken);
            Console.WriteLine();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSetupFailed(ex);
        }
    }

    /// <summary>Whether the token is the configured one or one a node of this deployment printed.</summary>
    public bool Accepts(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }
        if (ConfiguredToken is { } configured && FixedTimeEquals(token, configured))
        {
            return true;
        }
        try
        {
            return _protector.Unprotect(token).StartsWith(Marker, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Creates the first admin, or says why not: set up already (409), a wrong token (403), bad input (400).</summary>
    public async Task<(UserRecord? User, ApiProblem? Problem)> CreateFirstAdminAsync(
        string? token, string? email, string? displayName, string? password, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return (null, Closed());
        }
        if (!Accepts(token))
        {
            LogWrongToken();
            const string Wrong = "That set-up token is not right. Copy it from the server's output, where it was printed at start.";
            return (null, new ApiProblem(StatusCodes.Status403Forbidden, "Forbidden", Wrong, new Dictionary<string, string[]> { ["token"] = [Wrong] }));
        }
        var (user, problem) = await accounts.RegisterAsync(email, displayName, password, isAdmin: true, cancellationToken,
            precondition: () => IsOpen ? null : DirectoryDecision.Conflict(ClosedMessage));
        if (user is not null)
        {
            LogFirstAdminCreated(user.Id);
        }
        return (user, problem);
    }

    private static ApiProblem Closed() => new(StatusCodes.Status409Conflict, "Conflict", ClosedMessage);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
        Message = "No admin account exists: first-run set-up is open at /setup.html with the one-time token printed on this node's standard output")]
    private partial void LogOpen();

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning,
        Message = "No admin account exists: first-run set-up is open at /setup.html with the token from Setup:AdminToken")]
    private partial void LogOpenWithConfiguredToken();

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Setup:AdminToken is ignored: it must have at least {MinimumLength} characters")]
    private partial void LogConfiguredTokenTooShort(int minimumLength);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "First-run set-up refused a wrong set-up token")]
    private partial void LogWrongToken();

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "First-run set-up created the first admin account {UserId}; set-up is closed")]
    private partial void LogFirstAdminCreated(string userId);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Error, Message = "Opening first-run set-up failed")]
    private partial void LogSetupFailed(Exception ex);
}
