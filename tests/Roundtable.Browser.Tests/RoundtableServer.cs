using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The real server on real Kestrel, on a free port, with its own data directory; in the Development environment (the
/// demo seed, with the published password) unless another environment is given.
/// </summary>
public sealed class RoundtableServer : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "roundtable-browser-" + Guid.NewGuid().ToString("N"));
    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public RoundtableServer(string environment = "Development", IReadOnlyDictionary<string, string>? settings = null)
    {
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(0);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public async Task StartAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var bound = new Uri(addresses.First());
        // A wildcard address is not one a browser can visit.
        var host = bound.Host is "0.0.0.0" or "[::]" ? "127.0.0.1" : bound.Host;
        BaseAddress = new Uri($"http://{host}:{bound.Port}/");
        await WaitUntilReadyAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder
            .UseEnvironment(_environment)
            .UseSetting("Storage:DataDirectory", _dataDirectory)
            .UseSetting("Rooms:PresenceGracePeriod", "00:00:01")
            .UseSetting("Auth:SignInAttemptsPerMinute", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The server did not become ready within 60 s.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleaner; it must not fail the run.
        }
    }
}
