using System.Globalization;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// The shared event log of the scaled deployment, in Redis Streams: one stream per log stream (entry id "{seq}-0")
/// and one global stream for projections (entry id "{position}-0"). One Lua script appends atomically: it checks
/// the expected version, assigns seqs and positions, writes both streams and announces the new head. Redis's own
/// clock stamps the events, so every node agrees on their times. Events that every live node has archived into its
/// LiteDB are trimmed from Redis (<see cref="LogTrimmer"/>); reads of them come from this node's <see cref="LogArchive"/>.
/// </summary>
public sealed partial class RedisEventLog : IEventLog, IDisposable
{
    // KEYS: stream, all, head, trimmed. ARGV: expected version, stream name, event data...
    // Returns {1, version, position, millis} on success, {0, actual version} on conflict. A stream trimmed away
    // entirely continues from the version recorded when it was trimmed, never from 0.
    private const string AppendScript = """
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        local version = 0
        if #last > 0 then version = tonumber(string.match(last[1][1], '^(%d+)'))
        else version = tonumber(redis.call('HGET', KEYS[4], ARGV[2]) or '0') end
        if version ~= tonumber(ARGV[1]) then return {0, version} end
        local position = tonumber(redis.call('GET', KEYS[3]) or '0')
        local t = redis.call('TIME')
        local millis = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        for i = 3, #ARGV do
          version = version + 1
          position = position + 1
          redis.call('XADD', KEYS[1], version .. '-0', 'p', position, 'a', millis, 'd', ARGV[i])
          redis.call('XADD', KEYS[2], position .. '-0', 's', ARGV[2], 'q', version, 'a', millis, 'd', ARGV[i])
        end
        redis.call('SET', KEYS[3], position)
        return {1, version, position, millis}
        """;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly ILogger<RedisEventLog> _logger;
    private readonly PositionSignal _knownHead = new();
    private readonly RedisReachability? _reachability;
    private readonly LogArchive? _archive;

    public RedisEventLog(
        IConnectionMultiplexer redis, RedisKeys keys, ILogger<RedisEventLog> logger, RedisReachability? reachability = null, LogArchive? archive = null)
    {
        _redis = redis;
        _keys = keys;
        _logger = logger;
        _reachability = reachability;
        _archive = archive;
        _redis.GetSubscriber().Subscribe(_keys.Appended, (_, value) =>
        {
            if (value.TryParse(out long position))
            {
                Advance(position);
            }
        });
    }

    private IDatabase Db => _redis.GetDatabase();

    public async Task<AppendResult> AppendAsync(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (events.Count == 0)
        {
            throw new ArgumentException("Nothing to append.", nameof(events));
        }
        var args = new RedisValue[events.Count + 2];
        args[0] = expectedVersion;
        args[1] = stream;
        for (var i = 0; i < events.Count; i++)
        {
            args[i + 2] = EventSerializer.Serialize(events[i]);
        }

        var reply = (RedisResult[])(await Guard(() => Db.ScriptEvaluateAsync(AppendScript, [_keys.Stream(stream), _keys.All, _keys.Head, _keys.Trimmed], args), append: true))!;
        if ((long)reply[0] == 0)
        {
            return AppendResult.Conflict((long)reply[1]);
        }
        var version = (long)reply[1];
        var position = (long)reply[2];
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)reply[3]);
        var stored = new List<StoredEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var back = events.Count - 1 - i;
            stored.Add(new StoredEvent(stream, version - back, position - back, at, events[i]));
        }
        Advance(position);
        // At most once, like all pub/sub: followers also poll, so a lost announcement only delays them.
        _ = Db.PublishAsync(_keys.Appended, position, CommandFlags.FireAndForget);
        return AppendResult.Success(stored);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long afterSeq, int maxCount, CancellationToken cancellationToken = default)
    {
        var entries = await Guard(() => Db.StreamRangeAsync(_keys.Stream(stream), $"{afterSeq + 1}-0", "+", maxCount));
        var events = entries.Select(e => new StoredEvent(
            stream,
            IdNumber(e.Id),
            (long)e["p"],
            DateTimeOffset.FromUnixTimeMilliseconds((long)e["a"]),
            EventSerializer.Deserialize(e["d"]!))).ToList();
        return events.Count > 0 && events[0].Seq == afterSeq + 1 ? events : WithArchivedStream(stream, afterSeq, maxCount, events);
    }

    public async Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default)
    {
        var last = await Guard(() => Db.StreamRangeAsync(_keys.Stream(stream), "-", "+", 1, Order.Descending));
        return last.Length == 0 ? await TrimmedVersionAsync(stream) : IdNumber(last[0].Id);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        var entries = await Guard(() => Db.StreamRangeAsync(_keys.All, $"{afterPosition + 1}-0", "+", maxCount));
        var events = entries.Select(e => new StoredEvent(
            (string)e["s"]!,
            (long)e["q"],
            IdNumber(e.Id),
            DateTimeOffset.FromUnixTimeMilliseconds((long)e["a"]),
            EventSerializer.Deserialize(e["d"]!))).ToList();
        // The trimmer always leaves the newest event in Redis, so an empty answer means nothing newer.
        return events.Count == 0 || events[0].Position == afterPosition + 1 ? events : WithArchivedAll(afterPosition, maxCount, events);
    }

    public async Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        var head = await Guard(() => Db.StringGetAsync(_keys.Head));
        var position = head.IsNull ? 0 : (long)head;
        Advance(position);
        return position;
    }

    public async Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken)
    {
        while (!await _knownHead.WaitForAsync(afterPosition + 1, PollInterval, cancellationToken))
        {
            try
            {
                await GetHeadPositionAsync(cancellationToken);
            }
            catch (EventLogUnavailableException)
            {
                // Keep waiting; Redis will be back, and the next poll tells.
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _redis.GetSubscriber().Unsubscribe(_keys.Appended);
        }
        catch (Exception)
        {
            // Shutting down while Redis is away (or the multiplexer already gone): nothing left to unsubscribe from.
        }
    }

    private void Advance(long position) => _knownHead.Advance(position);

    /// <summary>
    /// Redis failing is "nothing was saved" only when the command certainly never reached it. An append that may have
    /// been sent (a timeout waiting for the reply, a connection lost with the reply outstanding) may have run: its
    /// outcome is unknown, and the caller's retry with the same idempotency key finds what was stored.
    /// </summary>
    private async Task<T> Guard<T>(Func<Task<T>> call, bool append = false)
    {
        try
        {
            var result = await call();
            _reachability?.Succeeded();
            return result;
        }
        catch (Exception ex) when (RedisReachability.IsOutage(ex))
        {
            if (_reachability is null)
            {
                LogRedisUnavailable(ex.GetType().Name);
            }
            else
            {
                _reachability.Failed(ex);
            }
            if (append && !CertainlyNotSent(ex))
            {
                throw new EventLogOutcomeUnknownException(ex);
            }
            throw new EventLogUnavailableException(UnavailableMessage, ex);
        }
    }

    internal const string UnavailableMessage = "The shared event store (Redis) cannot be reached; nothing was saved. Try again in a moment.";

    /// <summary>
    /// True when StackExchange.Redis says the command never left this process: it was still waiting to be written or in
    /// the backlog (<see cref="CommandStatus"/>), or it was refused before writing (a disposed multiplexer; a cancelled
    /// task, which the library uses only for commands it would not send: no connection with a fail-fast backlog, or a
    /// timeout before the write). Anything else, including <see cref="CommandStatus.Unknown"/>, may have run.
    /// </summary>
    internal static bool CertainlyNotSent(Exception ex) => ex switch
    {
        RedisConnectionException connection => connection.CommandStatus is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog,
        RedisTimeoutException timeout => timeout.Commandstatus is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog,
        ObjectDisposedException or OperationCanceledException => true,
        _ => false,
    };

    private static long IdNumber(RedisValue id)
    {
        var text = (string)id!;
        return long.Parse(text.AsSpan(0, text.IndexOf('-')), CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis unavailable ({Error}); the command failed fast")]
    private partial void LogRedisUnavailable(string error);
}
