namespace Roundtable.Server.Rooms;

/// <summary>
/// A token bucket per connection: computed on demand from timestamps, so idle connections cost no timers.
/// Thread-safe (SignalR may run one connection's invocations concurrently when configured to).
/// </summary>
public sealed class CommandRateLimiter(double tokensPerSecond, int burst, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public bool TryAcquire()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * tokensPerSecond);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }
            _tokens -= 1;
            return true;
        }
    }
}
