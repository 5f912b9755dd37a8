using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

/// <summary>
/// The real server in-process, on its own temporary data directory. Start it with <see cref="StartAsync"/>,
/// which waits for readiness (the demo seed is then in place). It runs in the Development environment, where the demo
/// is seeded with the published password; pass another environment to start as a deployment does.
/// </summary>
public sealed class RoundtableFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "roundtable-demo";
    public const string AdminEmail = "admin@roundtable.local";
    public const string CoachEmail = "coach@roundtable.local";
    public const string ManagerEmail = "manager@roundtable.local";
    public const string LenaEmail = "lena@roundtable.local";
    public const string LiamEmail = "liam@roundtable.local";
    public const string NoorEmail = "noor@roundtable.local";
    public const string TheoEmail = "theo@roundtable.local";
    public const string SeededCohortName = "Autumn 2026 cohort";
    public const string LiveRoundtableTitle = "Week 1: Opening roundtable";

    private readonly bool _ownsDataDirectory;
    private readonly Dictionary<string, string> _settings;

    private readonly TimeProvider? _time;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _testServices;
    private readonly ILoggerProvider? _logs;

    /// <param name="time">A clock for the whole server (e.g. a fake one that a test moves on); the system clock when null.</param>
    /// <param name="environment">The hosting environment: Development (the demo, the published password) unless given.</param>
    /// <param name="testServices">Services a test adds or replaces (e.g. a startup filter in front of the pipeline).</param>
    /// <param name="logs">Also receives everything the server logs (at Information and above), for tests that check the log.</param>
    public RoundtableFactory(
        string? dataDirectory = null, TimeSpan? presenceGracePeriod = null, IDictionary<string, string>? settings = null, TimeProvider? time = null,
        string environment = "Development", Action<IServiceCollection>? testServices = null, ILoggerProvider? logs = null)
    {
        _time = time;
        _environment = environment;
        _testServices = testServices;
        _logs = logs;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _settings = new Dictionary<string, string>
        {
            // Tests act as a handful of demo accounts, each making hundreds of calls a second over many connections (an
            // access table connects, joins and calls as six people per row): far beyond any person, so the per-person
            // limits are raised here. LimitsTests sets them back through `settings`.
            ["Limits:CommandsPerSecond"] = "100000",
            ["Limits:CommandBurst"] = "100000",
            ["Limits:ApiWritesPerSecond"] = "100000",
            ["Limits:ApiWriteBurst"] = "100000",
            ["Limits:ConnectionsPerUser"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
        _settings["Storage:DataDirectory"] = DataDirectory;
        _settings["Auth:SignInAttemptsPerMinute"] = "100000";
        _settings["Rooms:PresenceGracePeriod"] = (presenceGracePeriod ?? TimeSpan.FromSeconds(0.5)).ToString("c");
    }

    public string DataDirectory { get; }

    public TimeSpan PresenceGracePeriod => TimeSpan.Parse(_settings["Rooms:PresenceGracePeriod"]);

    public static string NewDataDirectory() => TestEnvironment.TempDirectoryPath("server");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (_logs is not null)
            {
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddProvider(_logs);
            }
        });
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
        if (_testServices is not null)
        {
            builder.ConfigureTestServices(_testServices);
        }
    }

    public async Task<RoundtableFactory> StartAsync()
    {
        using var client = CreateClient();
        await Readiness.WaitAsync(client, "The in-process server");
        return this;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A bearer token from POST /api/auth/token (remembered per account; tokens last hours).</summary>
    public async Task<string> TokenAsync(string email, string password = DemoPassword)
    {
        if (_tokens.TryGetValue(email, out var known))
        {
            return known;
        }
        var token = await IssueTokenAsync(email, password);
        _tokens[email] = token;
        return token;
    }

    public async Task<string> IssueTokenAsync(string email, string password = DemoPassword)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Json.Options);
        return token!.AccessToken;
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> ClientAsAsync(string email) => ClientWithToken(await TokenAsync(email));

    /// <summary>The seeded cohort and its live roundtable, as the admin sees them on the home page.</summary>
    public async Task<(string CohortId, string LiveRoundtableId)> SeededCohortAsync()
    {
        using var admin = await ClientAsAsync(AdminEmail);
        var home = await admin.GetFromJsonAsync<HomeDto>("/api/home", Json.Options);
        var cohort = Assert.Single(home!.Cohorts, c => c.Cohort.Name == SeededCohortName);
        var live = Assert.Single(cohort.Roundtables, r => r.Title == LiveRoundtableTitle);
        return (cohort.Cohort.Id, live.Id);
    }

    /// <summary>Schedules a fresh roundtable in the seeded cohort (as the admin), so a test has a room of its own.</summary>
    public async Task<string> NewRoundtableAsync(string title = "Test roundtable")
    {
        var (cohortId, _) = await SeededCohortAsync();
        using var admin = await ClientAsAsync(AdminEmail);
        using var response = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables",
            new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RoundtableDto>(Json.Options))!.Id;
    }

    /// <summary>Registers a user through the admin API and, when a role is given, adds them to the cohort. Returns their user id.</summary>
    public async Task<string> NewUserAsync(string email, string? cohortId = null, CohortRole role = CohortRole.Learner, string password = DemoPassword, string? displayName = null)
    {
        using var admin = await ClientAsAsync(AdminEmail);
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, displayName = displayName ?? "User " + email.Split('@')[0], password, isAdmin = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<UserDto>(Json.Options))!;
        if (cohortId is not null)
        {
            using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{user.Id}", new { role = role.ToString() });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
        return user.Id;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // The app's own thread may still be disposing when the factory returns; the file must be closed
        // before another server (or the next test) opens it.
        await HostShutdown.DisposeAndWaitForDatabaseAsync(Services, base.DisposeAsync);
        if (_ownsDataDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory) => TestEnvironment.DeleteTempDirectory(directory);
}

/// <summary>One started server for every test of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public RoundtableFactory Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await new RoundtableFactory().StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
