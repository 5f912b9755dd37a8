using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Server.Storage;
using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>The real server on Kestrel, on a free port, with fresh data, the demo and the sign-in limit raised for the tool's accounts.</summary>
internal sealed class KestrelServer : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "roundtable-load-" + Guid.NewGuid().ToString("N"));

    public KestrelServer() => UseKestrel(0);

    /// <summary>
    /// Runs the load tool against a fresh server, and writes what it printed and its report to the test's output.
    /// </summary>
    public static async Task<T> RunToolAsync<T>(ITestOutputHelper output, Func<Uri, TextWriter, Task<T>> run, Action<T, TextWriter> print)
    {
        await using var server = new KestrelServer();
        var url = await server.StartAsync();
        var writer = new StringWriter();
        var report = await run(url, writer);
        print(report, writer);
        output.WriteLine(writer.ToString());
        return report;
    }

    public async Task<Uri> StartAsync()
    {
        StartServer();
        var bound = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var url = new Uri($"http://127.0.0.1:{bound.Port}/");
        using var http = new HttpClient { BaseAddress = url };
        for (var i = 0; i < 600 && !(await http.GetAsync("health/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }
        return url;
    }

    // Development: the demo accounts, with the published password the tool signs in with by default.
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development")
            .UseSetting("Storage:DataDirectory", _dataDirectory)
            .UseSetting("Auth:SignInAttemptsPerMinute", "10000");

    public override async ValueTask DisposeAsync()
    {
        var db = Services.GetRequiredService<RoundtableDb>();
        await base.DisposeAsync();
        await db.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
