namespace Roundtable.Testing;

/// <summary>
/// Waits on a condition that nothing signals (a log file, an HTTP answer, a counter another task moves), checking it
/// often until a generous deadline. Where something can signal (a room client's deliveries), wait on that instead.
/// </summary>
public static class Eventually
{
    /// <summary>The deadline unless a test gives one: generous, for a busy two-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <param name="failFast">Why waiting longer is pointless (e.g. a server died), or null while it is not.</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string?>? failFast = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (failFast?.Invoke() is { } reason)
            {
                throw new InvalidOperationException($"{reason} while waiting until {what}.");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0} s: {what}.");
            }
            await Task.Delay(Interval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string?>? failFast = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, failFast);
}
