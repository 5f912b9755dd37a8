namespace Roundtable.Server.Scaleout;

/// <summary>
/// The scaled deployment. Setting <see cref="Configuration"/> switches a node from the embedded LiteDB log to the
/// shared Redis log and backplane; without it nothing here is used. Bound from the "Redis" section.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis connection string, e.g. "redis:6379".</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel of this deployment, so deployments can share a Redis.</summary>
    public string Prefix { get; set; } = "roundtable";

    /// <summary>How long a command may wait for Redis before it fails with a clear message.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a node renews its heartbeat; it counts as gone after <see cref="NodeTimeout"/> without one.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Redis keeps at least this many of the newest events, even once every live node has archived them: a node that
    /// restarts or loses Redis for a while catches up from there. Older events live in each node's archive (LiteDB).
    /// </summary>
    public long RetainEvents { get; set; } = 10_000;

    /// <summary>
    /// ...and every event younger than this. A node away for longer than both retentions (or a new empty node) cannot
    /// catch up from Redis and stays not ready until its data directory is restored from a peer (docs/SCALING.md).
    /// </summary>
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each node trims what every live node has archived (and re-reports its own archive position).</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(30);

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(Configuration)}"]);
}
