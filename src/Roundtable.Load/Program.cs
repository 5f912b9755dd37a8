using System.Text.Json;
using Roundtable.Load;

// The load tool: the same chat load against Roundtable and, in the same run, the bare broadcast hub; or the
// feedback burst (--scenario feedback-burst).
// Usage: see the README section "Load tool" and docs/BENCHMARKS.md.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

if (options.Scenario == LoadScenario.FeedbackBurst)
{
    var burst = await FeedbackBurst.RunAsync(options, Console.Out, cancel.Token);
    FeedbackBurst.Print(burst, Console.Out);
    await WriteJsonAsync(burst);
    return burst.Result.Correct ? 0 : 1;
}

var report = await LoadRun.RunAsync(options, Console.Out, cancel.Token);
Report.Print(report, Console.Out);
await WriteJsonAsync(report);
return report.Results.All(r => r.DeliveredEverything) ? 0 : 1;

async Task WriteJsonAsync<T>(T written)
{
    if (options.JsonPath is not null)
    {
        await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(written, new JsonSerializerOptions { WriteIndented = true }));
    }
}
