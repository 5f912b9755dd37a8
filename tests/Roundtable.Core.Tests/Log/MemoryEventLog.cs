using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Tests;

/// <summary>
/// An event log in memory, for tests of what sits on the log. <see cref="BeforeAppend"/> runs before each append is
/// checked, so a test can let another writer in first or make the log fail.
/// </summary>
internal sealed class MemoryEventLog : IEventLog
{
    private readonly Lock _lock = new();
    private readonly List<StoredEvent> _all = [];

    public Func<string, Task>? BeforeAppend { get; set; }

    public int Appends { get; private set; }

    public int EventsRead { get; private set; }

    /// <summary>Appends as another writer would: straight to the log, expecting the stream's current version.</summary>
    public AppendResult AppendNow(string stream, params DomainEvent[] events)
    {
        lock (_lock)
        {
            return AppendLocked(stream, VersionLocked(stream), events);
        }
    }

    public async Task<AppendResult> AppendAsync(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default)
    {
        if (BeforeAppend is { } before)
        {
            await before(stream);
        }
        lock (_lock)
        {
            Appends++;
            return AppendLocked(stream, expectedVersion, events);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long afterSeq, int maxCount, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredEvent> page = [.. _all.Where(e => e.Stream == stream && e.Seq > afterSeq).Take(maxCount)];
            EventsRead += page.Count;
            return Task.FromResult(page);
        }
    }

    public Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(VersionLocked(stream));
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([.. _all.Where(e => e.Position > afterPosition).Take(maxCount)]);
        }
    }

    public Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_all.Count);
        }
    }

    public Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private long VersionLocked(string stream) => _all.LastOrDefault(e => e.Stream == stream)?.Seq ?? 0;

    private AppendResult AppendLocked(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events)
    {
        var version = VersionLocked(stream);
        if (version != expectedVersion)
        {
            return AppendResult.Conflict(version);
        }
        var stored = events.Select((e, i) => new StoredEvent(stream, version + i + 1, _all.Count + i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
        _all.AddRange(stored);
        return AppendResult.Success(stored);
    }
}
