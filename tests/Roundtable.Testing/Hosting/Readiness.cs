using System.Net;
using System.Net.Sockets;

namespace Roundtable.Testing;

/// <summary>
/// Waits until a starting server answers its readiness probe. Until the overall deadline every way a starting server
/// can fail a probe counts as "not yet": refused connections, a request that times out on a busy machine, a reset,
/// 503 while it replays its log. Only the deadline, or the host saying it has died, ends the wait with a failure.
/// </summary>
public static class Readiness
{
    public const string ProbePath = "health/ready";

    /// <summary>How long a server may take to become ready: generous, for a busy two-core machine.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one probe may take before it counts as "not yet" and the next one starts: long enough that a server
    /// answering slowly on an overloaded machine is still heard, short enough to leave the deadline several tries.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <param name="http">A client addressed at the server (its base address, or the in-process test server's).</param>
    /// <param name="what">The server, as failure messages name it.</param>
    /// <param name="died">Why the server can no longer become ready (e.g. its process exited), or null while it can.</param>
    /// <param name="logs">What the server logged, appended to the failure message.</param>
    public static async Task WaitAsync(HttpClient http, string what, TimeSpan? deadline = null, Func<string?>? died = null, Func<string>? logs = null)
    {
        var limit = deadline ?? DefaultDeadline;
        using var overall = new CancellationTokenSource(limit);
        var last = "no answer yet";
        while (true)
        {
            if (died?.Invoke() is { } reason)
            {
                throw new InvalidOperationException($"{what} {reason} before it was ready (last probe: {last}).{Logs(logs)}");
            }
            using (var probe = CancellationTokenSource.CreateLinkedTokenSource(overall.Token))
            {
                probe.CancelAfter(ProbeTimeout);
                try
                {
                    using var response = await http.GetAsync(ProbePath, probe.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                    last = $"{(int)response.StatusCode} {response.StatusCode}";
                }
                catch (Exception ex) when (IsTransient(ex))
                {
                    last = $"{ex.GetType().Name}: {ex.Message}";
                }
            }
            try
            {
                await Task.Delay(Interval, overall.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what} was not ready within {limit.TotalSeconds:0} s (last probe: {last}).{Logs(logs)}");
            }
        }
    }

    /// <summary>A probe failure that a starting (or busy) server can cause; anything else is a bug worth seeing.</summary>
    private static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or OperationCanceledException or TimeoutException or SocketException or IOException;

    private static string Logs(Func<string>? logs) => logs is null ? "" : "\n" + logs();
}
