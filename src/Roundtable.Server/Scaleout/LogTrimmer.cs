using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Keeps Redis to the live and recent part of the log. Every <see cref="RedisOptions.TrimInterval"/> each node drops,
/// from the global stream and from every stream, the events that every live node has archived
/// (<see cref="RedisKeys.Archived"/>), except the newest <see cref="RedisOptions.RetainEvents"/> and those younger than
/// <see cref="RedisOptions.RetainFor"/>: that retention lets a node that restarts or loses Redis for a while catch up
/// from Redis. A stream trimmed to nothing is deleted and leaves its version in <see cref="RedisKeys.Trimmed"/>, so
/// its next append continues its seqs. Trimming is idempotent, so every node may run it.
/// </summary>
public sealed partial class LogTrimmer(
    IConnectionMultiplexer redis, RedisKeys keys, LogArchive archive, LogArchiver archiver, IOptions<RedisOptions> options, ILogger<LogTrimmer> logger)
    : BackgroundService
{
    private const int Chunk = 500;

    // KEYS: all, trimmed. ARGV: limit (trim positions below it), keep younger than (ms), chunk, stream key prefix.
    // Trims at most one chunk of the global stream's oldest entries, and each of their streams up to the same point.
    // Returns the last position trimmed, 0 when nothing was. (Stream keys are built here from the prefix: a sharded
    // deployment runs this per shard, whose global stream names only its own rooms; see docs/SCALING.md.)
    private const string TrimScript = """
        local t = redis.call('TIME')
        local cutoff = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[2])
        local limit = tonumber(ARGV[1])
        local entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', tonumber(ARGV[3]))
        local upto = {}
        local last = 0
        for _, e in ipairs(entries) do
          local position = tonumber(string.match(e[1], '^(%d+)'))
          if position >= limit then break end
          local f = e[2]
          local s, q, a
          for i = 1, #f, 2 do
            if f[i] == 's' then s = f[i + 1] elseif f[i] == 'q' then q = tonumber(f[i + 1]) elseif f[i] == 'a' then a = tonumber(f[i + 1]) end
          end
          if a > cutoff then break end
          upto[s] = q
          last = position
        end
        if last == 0 then return 0 end
        for s, q in pairs(upto) do
          local key = ARGV[4] .. s
          redis.call('XTRIM', key, 'MINID', (q + 1) .. '-0')
          if redis.call('XLEN', key) == 0 then
            redis.call('DEL', key)
            redis.call('HSET', KEYS[2], s, q)
          end
        end
        redis.call('XTRIM', KEYS[1], 'MINID', (last + 1) .. '-0')
        return last
        """;

    private IDatabase Db => redis.GetDatabase();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrimInterval);
        while (await NextTickAsync(timer, stoppingToken))
        {
            if (archive.IsBehindLog)
            {
                continue;
            }
            try
            {
                await archiver.ReportAsync();
                if (await LimitAsync() is { } limit)
                {
                    var trimmed = await TrimBelowAsync(limit, stoppingToken);
                    if (trimmed > 0)
                    {
                        LogTrimmed(trimmed, limit);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis away or busy: trimming waits for the next pass; nothing depends on it being prompt.
                LogTrimFailed(ex.GetType().Name);
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The first position Redis must keep: the slowest live node's next unarchived event, and no later than the newest
    /// <see cref="RedisOptions.RetainEvents"/> (at least the newest event, so an empty read means "nothing newer").
    /// Null when nothing may be trimmed. Nodes that are gone (heartbeat expired) stop counting and are forgotten.
    /// </summary>
    private async Task<long?> LimitAsync()
    {
        long? slowest = null;
        foreach (var entry in await Db.HashGetAllAsync(keys.Archived))
        {
            if (!await Db.KeyExistsAsync(keys.Node(entry.Name!)))
            {
                await Db.HashDeleteAsync(keys.Archived, entry.Name);
                continue;
            }
            slowest = Math.Min(slowest ?? long.MaxValue, (long)entry.Value);
        }
        var head = await Db.StringGetAsync(keys.Head);
        if (slowest is null || head.IsNull)
        {
            return null;
        }
        var limit = Math.Min(slowest.Value + 1, Math.Min((long)head - Math.Max(options.Value.RetainEvents, 0) + 1, (long)head));
        return limit > 1 ? limit : null;
    }

    private async Task<long> TrimBelowAsync(long limit, CancellationToken stoppingToken)
    {
        var keepYoungerThan = (long)options.Value.RetainFor.TotalMilliseconds;
        long last = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var reached = (long)await Db.ScriptEvaluateAsync(TrimScript, [keys.All, keys.Trimmed], [limit, keepYoungerThan, Chunk, keys.StreamPrefix]);
            if (reached == 0)
            {
                break;
            }
            last = reached;
        }
        return last;
    }

    [LoggerMessage(EventId = 5305, Level = LogLevel.Debug, Message = "Trimmed Redis's log up to position {Position} (limit {Limit})")]
    private partial void LogTrimmed(long position, long limit);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Warning, Message = "Trimming Redis's log failed ({Error}); trying again at the next pass")]
    private partial void LogTrimFailed(string error);
}
