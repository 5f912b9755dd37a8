using Roundtable.Core.Log;
using Roundtable.Server.Storage;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// Reads that reach behind what Redis still holds: the trimmed part of a stream or of the global order comes from this
/// node's archive, joined to what Redis has without a gap. A node whose archive lacks it (it was away too long) fails
/// the read with a clear message rather than answering with part of the history.
/// </summary>
public sealed partial class RedisEventLog
{
    private const string HistoryMissing =
        "This node no longer has part of the log's history (it was away longer than Redis keeps events); it is not ready. Restore its data directory from a peer (see docs/SCALING.md).";

    /// <summary>The version of a stream Redis holds no events of: recorded when it was trimmed, else 0 (a new stream).</summary>
    private async Task<long> TrimmedVersionAsync(string stream)
    {
        var version = await Guard(() => Db.HashGetAsync(_keys.Trimmed, stream));
        return version.IsNull ? 0 : (long)version;
    }

    private List<StoredEvent> WithArchivedStream(string stream, long afterSeq, int maxCount, List<StoredEvent> fromRedis)
    {
        if (_archive is null)
        {
            return fromRedis;
        }
        var archived = _archive.ReadStream(stream, afterSeq, maxCount);
        if (archived.Count == 0 || archived[0].Seq != afterSeq + 1)
        {
            // Nothing after afterSeq anywhere (the usual "up to date" read), unless this node's archive has a hole.
            if (fromRedis.Count == 0 && !_archive.IsBehindLog)
            {
                return fromRedis;
            }
            LogHistoryMissing(stream, afterSeq + 1, _archive.Position);
            throw new EventLogUnavailableException(HistoryMissing);
        }
        return Join(archived, fromRedis, e => e.Seq, maxCount);
    }

    private List<StoredEvent> WithArchivedAll(long afterPosition, int maxCount, List<StoredEvent> fromRedis)
    {
        var archived = _archive?.ReadAll(afterPosition, maxCount) ?? [];
        if (archived.Count == 0 || archived[0].Position != afterPosition + 1)
        {
            LogHistoryMissing("(all)", afterPosition + 1, _archive?.Position ?? 0);
            throw new EventLogUnavailableException(HistoryMissing);
        }
        return Join(archived, fromRedis, e => e.Position, maxCount);
    }

    /// <summary>The archived run, then Redis's events that continue it without a gap, up to <paramref name="maxCount"/>.</summary>
    private static List<StoredEvent> Join(IReadOnlyList<StoredEvent> archived, List<StoredEvent> fromRedis, Func<StoredEvent, long> number, int maxCount)
    {
        var joined = new List<StoredEvent>(Math.Min(maxCount, archived.Count + fromRedis.Count));
        joined.AddRange(archived);
        foreach (var e in fromRedis)
        {
            if (joined.Count >= maxCount)
            {
                break;
            }
            var next = number(joined[^1]) + 1;
            if (number(e) < next)
            {
                continue;
            }
            if (number(e) > next)
            {
                break; // the caller reads on from where this ends
            }
            joined.Add(e);
        }
        return joined;
    }

    /// <summary>
    /// The global log's events after <paramref name="afterPosition"/> as Redis holds them, for the archive (the data
    /// left serialised). Throws <see cref="LogTrimmedException"/> when Redis no longer holds the next one.
    /// </summary>
    internal async Task<IReadOnlyList<EventDocument>> ReadForArchiveAsync(long afterPosition, int maxCount)
    {
        var entries = await Guard(() => Db.StreamRangeAsync(_keys.All, $"{afterPosition + 1}-0", "+", maxCount));
        if (entries.Length > 0 && IdNumber(entries[0].Id) != afterPosition + 1)
        {
            throw new LogTrimmedException(afterPosition, IdNumber(entries[0].Id));
        }
        return entries.Select(e =>
        {
            var stream = (string)e["s"]!;
            var seq = (long)e["q"];
            return new EventDocument
            {
                Id = IdNumber(e.Id),
                Key = EventDocument.KeyOf(stream, seq),
                Stream = stream,
                Seq = seq,
                At = DateTime.UnixEpoch.AddMilliseconds((long)e["a"]),
                Data = (string)e["d"]!,
            };
        }).ToList();
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Error, Message = "A read of {Stream} from {From} reaches history this node does not hold (its archive ends at position {Archived}); answered with an error")]
    private partial void LogHistoryMissing(string stream, long from, long archived);
}

/// <summary>Redis no longer holds the events right after <see cref="After"/>: the oldest it holds is <see cref="Oldest"/>.</summary>
public sealed class LogTrimmedException(long after, long oldest)
    : Exception($"Redis holds the log from position {oldest}; events {after + 1} to {oldest - 1} are gone from it.")
{
    public long After { get; } = after;

    public long Oldest { get; } = oldest;
}
