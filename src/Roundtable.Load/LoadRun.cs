namespace Roundtable.Load;

/// <summary>Everything one invocation measured.</summary>
public sealed record LoadReport(LoadOptions Options, IReadOnlyList<ChatResult> Results);

/// <summary>Runs the chat load against Roundtable and, when given, the bare hub; then the catch-up benchmark.</summary>
public static class LoadRun
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var results = new List<ChatResult>();
        await using (var roundtable = new RoundtableTarget(options))
        {
            output.WriteLine($"{roundtable.Name}: {options.Connections} connections in {options.Rooms} rooms, {options.Rate:0.###} msg/s each, {options.Duration.TotalSeconds:0} s");
            var result = await new ChatScenario(options, output, options.ServerPid).RunAsync(roundtable, cancellationToken);
            if (options.CatchupEvents > 0)
            {
                var (events, ms) = await roundtable.MeasureCatchupAsync(options.CatchupEvents, cancellationToken);
                result = result with { CatchupEvents = events, CatchupMs = ms };
            }
            results.Add(result);
            output.WriteLine();
        }
        if (options.BaselineUrl is { } baseline)
        {
            await using var bare = new BareHubTarget(baseline);
            output.WriteLine($"bare hub: the same load");
            results.Add(await new ChatScenario(options, output, options.BaselinePid).RunAsync(bare, cancellationToken));
            output.WriteLine();
        }
        return new LoadReport(options, results);
    }
}

public static class Report
{
    public static void Print(LoadReport report, TextWriter output)
    {
        var rows = new (string Name, Func<ChatResult, string> Value)[]
        {
            ("connections / rooms", r => $"{r.Connections} / {r.Rooms}"),
            ("messages in /s", r => $"{r.MessagesInPerSecond:N1}"),
            ("deliveries /s", r => $"{r.DeliveriesPerSecond:N1}"),
            ("latency p50 ms", r => $"{r.LatencyP50Ms:0.00}"),
            ("latency p95 ms", r => $"{r.LatencyP95Ms:0.00}"),
            ("latency p99 ms", r => $"{r.LatencyP99Ms:0.00}"),
            ("latency max ms", r => $"{r.LatencyMaxMs:0.00}"),
            ("connect p50 / max ms", r => $"{r.ConnectP50Ms:0.0} / {r.ConnectMaxMs:0.0}"),
            ("missed live (filled from log)", r => $"{r.MissedLive}"),
            ("lost", r => $"{r.Lost}"),
            ("duplicated", r => $"{r.Duplicated}"),
            ("errors", r => r.Errors == 0 ? "0" : $"{r.Errors} ({r.FirstError})"),
            ("send lag p99 ms", r => $"{r.SendLagP99Ms:0.0}"),
            ("load tool CPU %", r => $"{r.ToolCpuPercent:0.0}"),
            ("server CPU %", r => r.ServerCpuPercent is { } pc ? $"{pc:0.0}" : "-"),
            ("server KB per idle connection", r => r.KilobytesPerIdleConnection is { } kb ? $"{kb:0.0}" : "-"),
            ("catch-up", r => r.CatchupMs is null ? "-" : $"{r.CatchupEvents:N0} events in {r.CatchupMs:0.0} ms"),
        };
        var results = report.Results;
        output.WriteLine();
        output.WriteLine("| measure | " + string.Join(" | ", results.Select(r => r.Target)) + (results.Count == 2 ? " | Roundtable / bare |" : " |"));
        output.WriteLine("| --- | " + string.Join(" | ", results.Select(_ => "---")) + (results.Count == 2 ? " | --- |" : " |"));
        foreach (var (name, value) in rows)
        {
            var ratio = results.Count == 2 && name.StartsWith("deliveries", StringComparison.Ordinal) && results[1].DeliveriesPerSecond > 0
                ? $" | {results[0].DeliveriesPerSecond / results[1].DeliveriesPerSecond:0.00}"
                : results.Count == 2 && name == "latency p99 ms" && results[1].LatencyP99Ms > 0
                    ? $" | {results[0].LatencyP99Ms / results[1].LatencyP99Ms:0.00}"
                    : results.Count == 2 ? " | " : "";
            output.WriteLine($"| {name} | " + string.Join(" | ", results.Select(value)) + ratio + " |");
        }
    }
}
