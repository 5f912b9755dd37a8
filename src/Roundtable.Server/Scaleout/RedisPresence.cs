using Microsoft.Extensions.Options;
using Roundtable.Server.Rooms;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Presence across nodes: a set per (room, user) of the nodes holding a connection, and a heartbeat key per node
/// with an expiry. A claim of a node whose heartbeat has expired (it died) does not count and is cleaned up.
/// </summary>
public sealed class RedisPresenceRegistry(IConnectionMultiplexer redis, RedisKeys keys, NodeHeartbeat node, IOptions<RedisOptions> options) : IPresenceRegistry
{
    private IDatabase Db => redis.GetDatabase();

    public Task ClaimAsync(string roomId, string userId) => Db.SetAddAsync(keys.Presence(roomId, userId), node.NodeId);

    public Task ReleaseAsync(string roomId, string userId) => Db.SetRemoveAsync(keys.Presence(roomId, userId), node.NodeId);

    public async Task<bool> IsConnectedAnywhereAsync(string roomId, string userId)
    {
        var key = keys.Presence(roomId, userId);
        // Right after this node could not reach Redis, the others may not have reached it either: their heartbeats
        // may have lapsed while they lived. Judge them only once they have had a full timeout to beat again.
        var mayJudge = node.HealthyFor(options.Value.NodeTimeout);
        foreach (var member in await Db.SetMembersAsync(key))
        {
            if (!mayJudge || await Db.KeyExistsAsync(keys.Node(member!)))
            {
                return true;
            }
            await Db.SetRemoveAsync(key, member);
        }
        return false;
    }
}

/// <summary>Keeps this node's heartbeat key alive; other nodes treat its presence claims as void once it expires.</summary>
public sealed partial class NodeHeartbeat(IConnectionMultiplexer redis, RedisKeys keys, IOptions<RedisOptions> options, ILogger<NodeHeartbeat> logger)
    : BackgroundService
{
    private long _healthySinceTicks = long.MaxValue;

    public string NodeId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>True when every heartbeat for at least <paramref name="period"/> has been written.</summary>
    public bool HealthyFor(TimeSpan period) =>
        Environment.TickCount64 - Interlocked.Read(ref _healthySinceTicks) >= (long)period.TotalMilliseconds;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await BeatAsync();
        }
    }

    private async Task BeatAsync()
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(keys.Node(NodeId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), options.Value.NodeTimeout);
            Interlocked.CompareExchange(ref _healthySinceTicks, Environment.TickCount64, long.MaxValue);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _healthySinceTicks, long.MaxValue);
            LogHeartbeatFailed(ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Node heartbeat not written ({Error}); retrying")]
    private partial void LogHeartbeatFailed(string error);
}
