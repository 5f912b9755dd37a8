namespace Roundtable.Core.Log;

/// <summary>
/// The latest events of the global log, in position order, kept in memory by the log that wrote them. The log's
/// followers (the projector, the dashboard) read what was just appended from here, not back from storage: at
/// hundreds of appends a second, reading each one back cost more than writing it. Only an unbroken run of positions
/// is kept, so a read it answers is exactly what storage would answer. Thread-safe.
/// </summary>
public sealed class RecentEvents(int capacity)
{
    private readonly StoredEvent[] _ring = new StoredEvent[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private readonly Lock _lock = new();
    private int _start;
    private int _count;

    /// <summary>Adds events that were just made durable, in position order; a gap before them starts the run afresh.</summary>
    public void Add(IEnumerable<StoredEvent> events)
    {
        lock (_lock)
        {
            foreach (var stored in events)
            {
                if (_count > 0 && stored.Position != Newest.Position + 1)
                {
                    _count = 0;
                }
                if (_count == _ring.Length)
                {
                    _start = (_start + 1) % _ring.Length;
                    _count--;
                }
                _ring[(_start + _count) % _ring.Length] = stored;
                _count++;
            }
        }
    }

    /// <summary>
    /// The events after <paramref name="afterPosition"/> (at most <paramref name="maxCount"/>), when every one of them
    /// up to <paramref name="headPosition"/> is held here; otherwise null, and the caller reads storage.
    /// </summary>
    public IReadOnlyList<StoredEvent>? TryRead(long afterPosition, int maxCount, long headPosition)
    {
        lock (_lock)
        {
            if (_count == 0 || afterPosition + 1 < _ring[_start].Position || Newest.Position < headPosition)
            {
                return null;
            }
            var skip = (int)Math.Min(_count, Math.Max(0, afterPosition + 1 - _ring[_start].Position));
            var take = Math.Min(_count - skip, maxCount);
            var page = new StoredEvent[take];
            for (var i = 0; i < take; i++)
            {
                page[i] = _ring[(_start + skip + i) % _ring.Length];
            }
            return page;
        }
    }

    private StoredEvent Newest => _ring[(_start + _count - 1) % _ring.Length];
}
