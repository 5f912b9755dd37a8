using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>Runs the load tool against a fresh server on Kestrel (the demo accounts, the published password).</summary>
internal static class KestrelServer
{
    /// <summary>Runs the tool against a fresh server, and writes what it printed and its report to the test's output.</summary>
    public static async Task<T> RunToolAsync<T>(ITestOutputHelper output, Func<Uri, TextWriter, Task<T>> run, Action<T, TextWriter> print)
    {
        await using var server = new RoundtableServer();
        var url = await server.StartAsync();
        var writer = new StringWriter();
        var report = await run(url, writer);
        print(report, writer);
        output.WriteLine(writer.ToString());
        return report;
    }
}
