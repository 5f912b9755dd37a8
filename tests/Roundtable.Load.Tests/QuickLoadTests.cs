using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>The load tool's --quick run against the real server on Kestrel: correctness only, never timings.</summary>
public sealed class QuickLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task QuickRunDeliversEveryMessageOnceToEveryConnection()
    {
        var report = await KestrelServer.RunToolAsync(output,
            (url, writer) => LoadRun.RunAsync(LoadOptions.Quick(url) with { CatchupEvents = 300 }, writer, CancellationToken.None), Report.Print);

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
}
