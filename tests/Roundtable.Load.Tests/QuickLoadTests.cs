using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Server.Storage;
using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>The load tool's --quick run against the real server on Kestrel: correctness only, never timings.</summary>
public sealed class QuickLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task QuickRunDeliversEveryMessageOnceToEveryConnection()
    {
        await using var server = new KestrelServer();
        var url = await server.StartAsync();
        var writer = new StringWriter();

        var report = await LoadRun.RunAsync(LoadOptions.Quick(url) with { CatchupEvents = 300 }, writer, CancellationToken.None);
        Report.Print(report, writer);
        output.WriteLine(writer.ToString());

        var result = Assert.Single(report.Results);
        Assert.Equal(0, result.Errors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        // Every connection received every event of its room after its join, live: each message at least
        // reached all 10 connections of its room (the sender included).
        Assert.True(result.MessagesSent > 0);
        Assert.True(result.ExpectedEvents >= result.MessagesSent * 10);
        Assert.Equal(0, result.MissedLive);
        // The catch-up read the whole room: the messages and the joins of the ten people writing them.
        Assert.Equal(300 + 10, result.CatchupEvents);
    }

    private sealed class KestrelServer : WebApplicationFactory<Program>
    {
        private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "roundtable-load-" + Guid.NewGuid().ToString("N"));

        public KestrelServer() => UseKestrel(0);

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

        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseSetting("Storage:DataDirectory", _dataDirectory)
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
}
