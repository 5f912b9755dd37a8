using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>The load tool's feedback burst, small, against the real server on Kestrel: correctness only, never timings.</summary>
public sealed class FeedbackBurstTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryBurstReachesThePresenterAsTheCompleteAggregateOfWhatWasSent()
    {
        var report = await KestrelServer.RunToolAsync(output,
            (url, writer) => FeedbackBurst.RunAsync(LoadOptions.Quick(url) with { Scenario = LoadScenario.FeedbackBurst }, writer, CancellationToken.None),
            FeedbackBurst.Print);

        var result = report.Result;
        Assert.Equal(20, result.Peers);
        Assert.Equal(2, result.Runs.Count);
        Assert.All(result.Runs, run =>
        {
            Assert.Equal(0, run.Errors);
            Assert.Equal(20, run.Submitted);
            Assert.True(run.Complete, $"burst {run.Run}: the presenter never had all 20 submissions");
            Assert.Null(run.AggregateMismatch);
            // Each burst is on its own presentation, and the presenter heard of each submission.
            Assert.True(run.PresenterUpdates >= 2);
        });
        Assert.Equal(result.Runs.Count, result.Runs.Select(r => r.PresentationId).Distinct().Count());
        Assert.True(result.Correct);
    }
}
