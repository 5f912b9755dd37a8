using System.Text.Json;
using Roundtable.Load;

// The load tool: the same chat load against Roundtable and, in the same run, the bare broadcast hub.
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

var report = await LoadRun.RunAsync(options, Console.Out, cancel.Token);
Report.Print(report, Console.Out);
if (options.JsonPath is not null)
{
    await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
}
return report.Results.All(r => r.DeliveredEverything) ? 0 : 1;
