using System.Collections.Concurrent;
using Roundtable.Server.Limits;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// The limits' state shared by every node: token buckets and sign-in attempts as small hashes, open connections as a
/// sorted set per person and hub (scored by when each connection's lease ends). Each operation is one Lua script, so
/// it is atomic however many nodes ask at once, and timed by Redis's own clock, so nodes' clocks do not matter.
/// While Redis cannot be reached, every limit holds per node instead (the same rules in this process); that is logged
/// once when it starts and once when it ends.
/// </summary>
public sealed partial class RedisLimitStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time, ILogger<RedisLimitStore> logger)
    : ILimitStore
{
    /// <summary>
    /// A connection counts until its lease ends; its node renews the lease while it is open. A node that dies stops
    /// renewing, so its connections stop counting within a lease (people reconnect elsewhere long before).
    /// </summary>
    internal static readonly TimeSpan ConnectionLease = TimeSpan.FromSeconds(60);

    internal static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // KEYS: bucket. ARGV: tokens per second, burst, cost. Returns 0 when taken, else milliseconds until enough.
    private const string TakeScript = Now + """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local cost = math.min(tonumber(ARGV[3]), burst)
        local state = redis.call('HMGET', KEYS[1], 't', 'a')
        local tokens = tonumber(state[1]) or burst
        local at = tonumber(state[2]) or now
        if now > at then
          tokens = math.min(burst, tokens + (now - at) * rate / 1000)
          at = now
        end
        local wait = 0
        if tokens >= cost then tokens = tokens - cost else wait = math.ceil((cost - tokens) * 1000 / rate) end
        redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', at)
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
        return wait
        """;

    // KEYS: connections. ARGV: member, limit, lease (ms). Returns 1 when counted, 0 when the limit is reached.
    private const string OpenScript = Now + """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
        return 1
        """;

    // KEYS: connections. ARGV: lease (ms), members... Extends the leases of members still counted.
    private const string RenewScript = Now + """
        for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
        return 0
        """;

    private const string CountScript = Now + """
        return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
        """;

    // KEYS: attempts. ARGV: failures before lockout, first lockout, longest lockout, memory (ms). Returns 0 when the
    // attempt may go ahead (counted as a failure until forgotten), else milliseconds until the lockout ends. The same
    // rule as LockoutPolicy.LockoutAfter.
    private const string AttemptScript = Now + """
        local lockedUntil = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
        if now < lockedUntil then return lockedUntil - now end
        local failures = redis.call('HINCRBY', KEYS[1], 'f', 1)
        local before = tonumber(ARGV[1])
        if failures >= before then
          lockedUntil = now + math.ceil(math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ math.min(failures - before, 40)))
          redis.call('HSET', KEYS[1], 'u', lockedUntil)
        end
        redis.call('PEXPIRE', KEYS[1], math.max(now, lockedUntil) - now + tonumber(ARGV[4]))
        return 0
        """;

    private readonly MemoryLimitStore _local = new(time);

    /// <summary>This node's open connections: where each is counted (true: in Redis), for renewing and closing.</summary>
    private readonly ConcurrentDictionary<(string Key, string Member), bool> _connections = new();

    private int _unreachable;

    private IDatabase Db => redis.GetDatabase();

    public ValueTask<LimitDecision> TakeAsync(string key, double cost, TokenBucket bucket) => SharedAsync(
        async db =>
        {
            var wait = (long)await db.ScriptEvaluateAsync(TakeScript, [keys.Limit(key)], [bucket.PerSecond, bucket.Burst, cost]);
            return wait == 0 ? LimitDecision.Allow : new LimitDecision(false, TimeSpan.FromMilliseconds(wait));
        },
        () => _local.TakeAsync(key, cost, bucket));

    public async ValueTask<bool> TryOpenAsync(string key, string member, int limit)
    {
        var counted = await SharedAsync(
            async db => (long)await db.ScriptEvaluateAsync(OpenScript, [keys.Limit(key)], [member, limit, (long)ConnectionLease.TotalMilliseconds]) == 1 ? (bool?)true : false,
            () => ValueTask.FromResult<bool?>(null));
        if (counted is { } inRedis)
        {
            if (inRedis)
            {
                _connections[(key, member)] = true;
            }
            return inRedis;
        }
        var opened = await _local.TryOpenAsync(key, member, limit);
        if (opened)
        {
            _connections[(key, member)] = false;
        }
        return opened;
    }

    public async ValueTask CloseAsync(string key, string member)
    {
        if (!_connections.TryRemove((key, member), out var inRedis))
        {
            return;
        }
        if (!inRedis)
        {
            await _local.CloseAsync(key, member);
            return;
        }
        // Not reached: the lease runs out instead.
        await SharedAsync(async db => await db.SortedSetRemoveAsync(keys.Limit(key), member), () => ValueTask.FromResult(false));
    }

    public async ValueTask<int> CountAsync(string key)
    {
        var local = await _local.CountAsync(key);
        return local + await SharedAsync(async db => (int)(long)await db.ScriptEvaluateAsync(CountScript, [keys.Limit(key)]), () => ValueTask.FromResult(0));
    }

    public ValueTask<LimitDecision> BeginAttemptAsync(string key, LockoutPolicy policy) => SharedAsync(
        async db =>
        {
            var wait = (long)await db.ScriptEvaluateAsync(AttemptScript, [keys.Limit(key)],
            [
                policy.FailuresBeforeLockout, (long)policy.FirstLockout.TotalMilliseconds,
                (long)policy.MaxLockout.TotalMilliseconds, (long)policy.Memory.TotalMilliseconds,
            ]);
            return wait == 0 ? LimitDecision.Allow : new LimitDecision(false, TimeSpan.FromMilliseconds(wait));
        },
        () => _local.BeginAttemptAsync(key, policy));

    public async ValueTask ForgetAttemptsAsync(string key)
    {
        await _local.ForgetAttemptsAsync(key);
        await SharedAsync(async db => await db.KeyDeleteAsync(keys.Limit(key)), () => ValueTask.FromResult(false));
    }

    /// <summary>Extends the leases of this node's open connections (one script per person and hub).</summary>
    internal async Task RenewAsync()
    {
        var lease = (long)ConnectionLease.TotalMilliseconds;
        var renewals = _connections.Where(c => c.Value).GroupBy(c => c.Key.Key, c => c.Key.Member)
            .Select(g => SharedAsync(
                async db => await db.ScriptEvaluateAsync(RenewScript, [keys.Limit(g.Key)], [lease, .. g.Select(m => (RedisValue)m)]),
                () => ValueTask.FromResult(RedisResult.Create(RedisValue.Null))).AsTask());
        await Task.WhenAll(renewals);
    }

    private async ValueTask<T> SharedAsync<T>(Func<IDatabase, Task<T>> shared, Func<ValueTask<T>> local)
    {
        try
        {
            var result = await shared(Db);
            if (Interlocked.Exchange(ref _unreachable, 0) == 1)
            {
                LogReachable();
            }
            return result;
        }
        // Whatever the client throws (also its own cancellation of a command it would not send): limits never fail a call.
        catch (Exception ex) when (ex is RedisException || RedisReachability.IsOutage(ex))
        {
            if (Interlocked.Exchange(ref _unreachable, 1) == 0)
            {
                LogUnreachable(ex.GetType().Name);
            }
            return await local();
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "Redis unreachable for limits ({Error}); each node enforces them on its own until it is back")]
    private partial void LogUnreachable(string error);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Redis reachable again; limits are shared across nodes again")]
    private partial void LogReachable();
}

/// <summary>
/// Renews the leases of this node's open connections in Redis, so they keep counting while they are open. It runs for as
/// long as the node does: a failed round (Redis away; logged once by the store) is simply tried again the next period.
/// </summary>
public sealed partial class ConnectionLeaseRenewal(RedisLimitStore store, TimeProvider time, ILogger<ConnectionLeaseRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RedisLimitStore.RenewEvery, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.RenewAsync();
                    failing = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                    {
                        LogRenewalFailed(ex);
                    }
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Renewing connection leases failed; trying again each period (logged once until it succeeds)")]
    private partial void LogRenewalFailed(Exception ex);
}
