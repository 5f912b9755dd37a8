using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Server.Rooms;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Presence across nodes: a set per (room, user) of the nodes holding a connection, and a heartbeat key per node
/// with an expiry. A claim of a node whose heartbeat has expired (it died) does not count and is cleaned up.
/// </summary>
/// <remarks>
/// Redis being away reaches callers as <see cref="EventLogUnavailableException"/>, as from the log: a join is refused
/// with the same clear message, and a leave waits (nobody is taken for gone because presence could not be read).
/// </remarks>
public sealed class RedisPresenceRegistry(
    IConnectionMultiplexer redis, RedisKeys keys, NodeHeartbeat node, IOptions<RedisOptions> options, RedisReachability reachability) : IPresenceRegistry
{
    private IDatabase Db => redis.GetDatabase();

    public Task ClaimAsync(string roomId, string userId) => Guard(() => Db.SetAddAsync(keys.Presence(roomId, userId), node.NodeId));

    public Task ReleaseAsync(string roomId, string userId) => Guard(() => Db.SetRemoveAsync(keys.Presence(roomId, userId), node.NodeId));

    public Task<bool> IsConnectedAnywhereAsync(string roomId, string userId) => Guard(async () =>
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
    });

    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            var result = await call();
            reachability.Succeeded();
            return result;
        }
        catch (Exception ex) when (RedisReachability.IsOutage(ex))
        {
            reachability.Failed(ex);
            throw new EventLogUnavailableException(RedisEventLog.UnavailableMessage, ex);
        }
    }
}

/// <summary>Keeps this node's heartbeat key alive; other nodes treat its presence claims as void once it expires.</summary>
/// <remarks>
/// It never stops while the node runs: any failure to write (Redis away, stalled, or the library cancelling the command)
/// is reported to <see cref="RedisReachability"/> (logged once per outage) and the next beat tries again.
/// </remarks>
public sealed class NodeHeartbeat(
    IConnectionMultiplexer redis, RedisKeys keys, IOptions<RedisOptions> options, RedisReachability reachability)
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
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await BeatAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task BeatAsync()
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(keys.Node(NodeId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), options.Value.NodeTimeout);
            Interlocked.CompareExchange(ref _healthySinceTicks, Environment.TickCount64, long.MaxValue);
            reachability.Succeeded();
        }
        catch (Exception ex)
        {
            // Whatever the reason (also e.g. Redis still loading its AOF), other nodes will soon take this one for gone,
            // so it counts as Redis being unreachable: logged once, and the node reports unready until a beat is written.
            Interlocked.Exchange(ref _healthySinceTicks, long.MaxValue);
            reachability.Failed(ex);
        }
    }
}
