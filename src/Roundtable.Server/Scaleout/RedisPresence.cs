using Microsoft.Extensions.Options;
using Roundtable.Server.Rooms;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Presence across nodes: a set per (room, user) of the nodes holding a connection, and a heartbeat key per node
/// with an expiry. A claim of a node whose heartbeat has expired (it died) does not count and is cleaned up.
/// </summary>
public sealed class RedisPresenceRegistry(IConnectionMultiplexer redis, RedisKeys keys, NodeHeartbeat node) : IPresenceRegistry
{
    private IDatabase Db => redis.GetDatabase();

    public Task ClaimAsync(string roomId, string userId) => Db.SetAddAsync(keys.Presence(roomId, userId), node.NodeId);

    public Task ReleaseAsync(string roomId, string userId) => Db.SetRemoveAsync(keys.Presence(roomId, userId), node.NodeId);

    public async Task<bool> IsConnectedAnywhereAsync(string roomId, string userId)
    {
        var key = keys.Presence(roomId, userId);
        foreach (var member in await Db.SetMembersAsync(key))
        {
            if (await Db.KeyExistsAsync(keys.Node(member!)))
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
    public string NodeId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

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
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogHeartbeatFailed(ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Node heartbeat not written ({Error}); retrying")]
    private partial void LogHeartbeatFailed(string error);
}
