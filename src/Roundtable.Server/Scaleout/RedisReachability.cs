using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Whether this node reaches Redis, as its own calls find it: the log, the heartbeat, presence and the limits all report
/// here. An outage is logged once when it begins and once when it ends, however many calls fail meanwhile, and
/// <c>/health/ready</c> reports unready while it lasts.
/// </summary>
public sealed partial class RedisReachability(ILogger<RedisReachability> logger)
{
    private long _downSince = -1;

    public bool IsReachable => Interlocked.Read(ref _downSince) < 0;

    /// <summary>
    /// True for anything a Redis call throws other than Redis's own error reply (or a command the client refuses as
    /// malformed): what an unreachable or stalled Redis causes is not only connection errors and timeouts. The client
    /// cancels the task of a command it refused to send (no connection, fail-fast backlog), and when it gives up on a
    /// silent socket, commands awaiting a reply have been seen to fail with the pipe's InvalidOperationException
    /// ("Reading is not allowed after reader was completed").
    /// </summary>
    public static bool IsOutage(Exception ex) => ex is not (RedisServerException or RedisCommandException);

    public void Succeeded()
    {
        // Read first: this runs after every Redis call, and a write would bounce the line between cores.
        if (Volatile.Read(ref _downSince) < 0)
        {
            return;
        }
        var since = Interlocked.Exchange(ref _downSince, -1);
        if (since >= 0)
        {
            LogReachable(Stopwatch.GetElapsedTime(since).TotalSeconds);
        }
    }

    public void Failed(Exception ex)
    {
        if (Interlocked.CompareExchange(ref _downSince, Stopwatch.GetTimestamp(), -1) == -1)
        {
            LogUnreachable(ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning,
        Message = "Redis unreachable ({Error}: {Detail}); writes are refused and the node reports unready until it is back")]
    private partial void LogUnreachable(string error, string detail);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Redis reachable again after {Seconds:0.0} s")]
    private partial void LogReachable(double seconds);
}

/// <summary>Part of <c>/health/ready</c> in the scaled deployment: unready while this node cannot reach Redis.</summary>
public sealed class RedisReadinessCheck(RedisReachability reachability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(reachability.IsReachable
            ? HealthCheckResult.Healthy("Redis reachable.")
            : HealthCheckResult.Unhealthy("Redis cannot be reached; writes are refused until it is back."));
}
