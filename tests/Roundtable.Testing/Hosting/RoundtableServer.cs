using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Roundtable.Testing;

/// <summary>
/// The real server on real Kestrel, on a free loopback port, with its own data directory; in the Development
/// environment (the demo seed, with the published password) unless another environment is given. For clients that
/// need a real socket (a browser, the load tool); in-process hub and API tests use the test server instead.
/// </summary>
public sealed class RoundtableServer : WebApplicationFactory<Program>
{
    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly RecentLogs _logs = new();

    /// <param name="settings">Configuration on top of the defaults (e.g. "Rooms:PresenceGracePeriod").</param>
    /// <param name="port">The loopback port; 0 (a free one) unless the address must be known before start (e.g. for links in emails).</param>
    public RoundtableServer(string environment = "Development", IReadOnlyDictionary<string, string>? settings = null, int port = 0)
    {
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(port);
    }

    public string DataDirectory { get; } = TestEnvironment.TempDirectoryPath("server");

    /// <summary>Where a browser or client reaches the server, once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts Kestrel and waits until the server is ready (its log replayed, the demo seeded).</summary>
    public async Task<Uri> StartAsync()
    {
        StartServer();
        var bound = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // A wildcard address is not one a browser can visit.
        var host = bound.Host is "0.0.0.0" or "[::]" or "localhost" ? "127.0.0.1" : bound.Host;
        BaseAddress = new Uri($"http://{host}:{bound.Port}/");
        using var http = new HttpClient { BaseAddress = BaseAddress };
        await Readiness.WaitAsync(http, $"The server on {BaseAddress}", logs: Logs);
        return BaseAddress;
    }

    /// <summary>The warnings and errors the server logged so far, for a failure message.</summary>
    public string Logs() => _logs.Text();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder
            .UseEnvironment(_environment)
            .UseSetting("Storage:DataDirectory", DataDirectory)
            .UseSetting("Auth:SignInAttemptsPerMinute", "10000")
            .ConfigureLogging(logging => logging.AddProvider(_logs));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // The app's own thread may still be closing the database when the host returns; wait for it before deleting.
        if (BaseAddress is null)
        {
            await base.DisposeAsync();
        }
        else
        {
            await HostShutdown.DisposeAndWaitForDatabaseAsync(Services, base.DisposeAsync);
        }
        TestEnvironment.DeleteTempDirectory(DataDirectory);
    }

    /// <summary>Keeps the last warnings and errors (never Information: the load tool makes thousands of calls).</summary>
    private sealed class RecentLogs : ILoggerProvider
    {
        private const int Kept = 200;
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text() => "--- server log (warnings and errors) ---\n" + string.Join("\n", _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private void Add(string line)
        {
            _lines.Enqueue(line);
            while (_lines.Count > Kept && _lines.TryDequeue(out _))
            {
            }
        }

        private sealed class Logger(RecentLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    logs.Add($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name}");
                }
            }
        }
    }
}
