using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roundtable.Server.Storage;

namespace Roundtable.Testing;

/// <summary>
/// Disposes an in-process app and waits until its database file is closed. The app's own thread finishes the
/// shutdown, and a background service that is slow to stop holds it up to the host's shutdown timeout (30 s): on a
/// busy machine the wait must outlast that, and it says which services were still running so a slow stop is seen.
/// </summary>
public static class HostShutdown
{
    private static readonly TimeSpan Noticed = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public static async Task DisposeAndWaitForDatabaseAsync(IServiceProvider services, Func<ValueTask> dispose)
    {
        var db = services.GetService<RoundtableDb>();
        var background = services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        await dispose();
        if (db is null || await Closes(db.Closed, Noticed))
        {
            return;
        }
        var running = string.Join(", ", background.Where(s => s.ExecuteTask is { IsCompleted: false }).Select(s => s.GetType().Name));
        Console.WriteLine($"The app had not closed its database {Noticed.TotalSeconds:0} s after shutdown began; still running: {(running.Length > 0 ? running : "no background service")}.");
        if (!await Closes(db.Closed, Limit - Noticed))
        {
            throw new TimeoutException($"The app did not close its database within {Limit.TotalSeconds:0} s of shutdown; still running then: {running}.");
        }
    }

    private static async Task<bool> Closes(Task closed, TimeSpan within) =>
        await Task.WhenAny(closed, Task.Delay(within)) == closed;
}
