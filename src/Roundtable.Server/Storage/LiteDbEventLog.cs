using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using LiteDB;
using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Server.Storage;

/// <summary>
/// The embedded event log, in the node's LiteDB file. One writer thread drains a queue of appends and commits
/// each batch in one transaction (group commit: many appends, one commit), checking every append's expected
/// version against the stream's version as of that point in the batch. An append is acknowledged once its
/// transaction has committed to LiteDB's journal (it survives a killed process; see docs/ARCHITECTURE.md).
/// When appends come fast from many streams, the writer holds a batch open a moment for company (see
/// <see cref="CommitDelay"/>).
/// </summary>
public sealed partial class LiteDbEventLog : IEventLog, IDisposable
{
    private const int MaxBatch = 512;
    private const int RecentCapacity = 4096;

    // Fixed expression texts with parameters: LiteDB compiles an expression once per distinct text, so a query
    // that put its values into the text (as Query.Between does) would compile a new delegate on every read.
    private const string StreamRange = "$.Key BETWEEN @0 AND @1";
    private const string AfterPosition = "$._id > @0";
    private static readonly BsonExpression KeyOrder = BsonExpression.Create("$.Key");

    private readonly RoundtableDb _db;
    private readonly TimeProvider _time;
    private readonly ILogger<LiteDbEventLog> _logger;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Thread _writer;
    // Set when appends are queued. It does not spin: a writer spinning while idle takes a core's time from the
    // requests it is waiting for (on 2 cores that was a tenth of the server's CPU under chat load).
    private readonly ManualResetEventSlim _queued = new(false, spinCount: 0);
    private readonly PositionSignal _head;
    private readonly RecentEvents _recent = new(RecentCapacity);
    private readonly CommitDelay _delay;
    private long _commits;

    public LiteDbEventLog(RoundtableDb db, TimeProvider time, ILogger<LiteDbEventLog> logger, CommitDelay? delay = null)
    {
        _db = db;
        _time = time;
        _logger = logger;
        _delay = delay ?? new CommitDelay();
        _head = new PositionSignal(_db.Events.Count() == 0 ? 0 : _db.Events.Max(e => e.Id));
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "event-log-writer" };
        _writer.Start();
    }

    public Task<AppendResult> AppendAsync(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (events.Count == 0)
        {
            throw new ArgumentException("Nothing to append.", nameof(events));
        }
        var pending = new PendingAppend(stream, expectedVersion, events, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(LiteDbEventLog));
        }
        _queued.Set();
        return pending.Completion.Task;
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long afterSeq, int maxCount, CancellationToken cancellationToken = default)
    {
        var range = BsonExpression.Create(StreamRange, EventDocument.KeyOf(stream, afterSeq + 1), EventDocument.KeyOf(stream, long.MaxValue));
        var docs = _db.Events.Find(range, skip: 0, limit: maxCount);
        return Task.FromResult<IReadOnlyList<StoredEvent>>(docs.Select(ToStored).ToList());
    }

    public Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default) =>
        Task.FromResult(VersionOf(stream));

    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        if (_recent.TryRead(afterPosition, maxCount, _head.Position) is { } recent)
        {
            return Task.FromResult(recent);
        }
        var docs = _db.Events.Find(BsonExpression.Create(AfterPosition, afterPosition), skip: 0, limit: maxCount);
        return Task.FromResult<IReadOnlyList<StoredEvent>>(docs.Select(ToStored).ToList());
    }

    /// <summary>Transactions committed so far: with appends, how well they were grouped.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_head.Position);

    public Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken) =>
        _head.WaitForAsync(afterPosition + 1, cancellationToken);

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _queued.Set();
        _writer.Join(TimeSpan.FromSeconds(10));
    }

    // A stream's version is its last event's seq, found from the end of its key range; after that, it is kept in memory.
    // (No separate record of versions to update on every append: that was a quarter of an append's cost.)
    private long VersionOf(string stream) =>
        _versions.GetOrAdd(stream, s => _db.Events.Query()
            .Where(BsonExpression.Create(StreamRange, EventDocument.KeyOf(s, 1), EventDocument.KeyOf(s, long.MaxValue)))
            .OrderByDescending(KeyOrder)
            .Limit(1)
            .ToList() is [var last] ? last.Seq : 0);

    private static StoredEvent ToStored(EventDocument doc) =>
        new(doc.Stream, doc.Seq, doc.Id, new DateTimeOffset(doc.At, TimeSpan.Zero), EventSerializer.Deserialize(doc.Data));

    // LiteDB transactions belong to a thread, so every write happens on this one.
    private void WriteLoop()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (true)
        {
            batch.Clear();
            TakeQueued(batch);
            if (batch.Count > 0)
            {
                if (_delay.IsBusy)
                {
                    WaitForCompany(batch);
                }
                _delay.Observe(batch.Count, batch.Select(p => p.Stream));
                WriteBatch(batch);
                continue;
            }
            if (_queue.Reader.Completion.IsCompleted)
            {
                return;
            }
            // Reset, then look again: an append queued in between is either seen now or sets the event after the reset.
            _queued.Reset();
            if (!_queue.Reader.TryPeek(out _) && !_queue.Reader.Completion.IsCompleted)
            {
                _queued.Wait();
            }
        }
    }

    private void TakeQueued(List<PendingAppend> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    /// <summary>Takes what else is queued until the batch is big enough or its first append has waited long enough.</summary>
    private void WaitForCompany(List<PendingAppend> batch)
    {
        while (batch.Count < _delay.Company && !_queue.Reader.Completion.IsCompleted)
        {
            var remaining = _delay.Delay - Stopwatch.GetElapsedTime(batch[0].QueuedAt);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            _queued.Reset();
            if (!_queue.Reader.TryPeek(out _))
            {
                // Whole milliseconds: a shorter timeout would not wait at all.
                _queued.Wait((int)Math.Ceiling(remaining.TotalMilliseconds));
            }
            TakeQueued(batch);
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        var now = _time.GetUtcNow();
        var at = new DateTime(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc); // LiteDB keeps milliseconds
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var docs = new List<EventDocument>();
        var outcomes = new List<(PendingAppend Pending, AppendResult Result)>(batch.Count);
        var head = _head.Position;

        foreach (var pending in batch)
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Completion.TrySetCanceled(pending.CancellationToken);
                continue;
            }
            var version = versions.TryGetValue(pending.Stream, out var v) ? v : VersionOf(pending.Stream);
            if (version != pending.ExpectedVersion)
            {
                outcomes.Add((pending, AppendResult.Conflict(version)));
                continue;
            }
            var stored = new List<StoredEvent>(pending.Events.Count);
            foreach (var e in pending.Events)
            {
                var seq = ++version;
                var position = ++head;
                docs.Add(new EventDocument
                {
                    Id = position,
                    Key = EventDocument.KeyOf(pending.Stream, seq),
                    Stream = pending.Stream,
                    Seq = seq,
                    At = at,
                    Data = EventSerializer.Serialize(e),
                });
                stored.Add(new StoredEvent(pending.Stream, seq, position, new DateTimeOffset(at), e));
            }
            versions[pending.Stream] = version;
            outcomes.Add((pending, AppendResult.Success(stored)));
        }

        if (docs.Count > 0 && !Commit(docs, outcomes))
        {
            return;
        }

        foreach (var (stream, version) in versions)
        {
            _versions[stream] = version;
        }
        _recent.Add(outcomes.SelectMany(o => o.Result.Events));
        _head.Advance(head);
        foreach (var (pending, result) in outcomes)
        {
            pending.Completion.TrySetResult(result);
        }
    }

    private bool Commit(List<EventDocument> docs, List<(PendingAppend Pending, AppendResult Result)> outcomes)
    {
        try
        {
            _db.Database.BeginTrans();
            _db.Events.InsertBulk(docs);
            _db.Database.Commit();
            Interlocked.Increment(ref _commits);
            return true;
        }
        catch (Exception ex)
        {
            _db.Database.Rollback();
            LogAppendFailed(ex, docs.Count);
            foreach (var (pending, _) in outcomes)
            {
                pending.Completion.TrySetException(new EventLogUnavailableException("The event log could not store the change; nothing was saved.", ex));
            }
            return false;
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Appending {Count} events to the LiteDB log failed; the batch was rolled back")]
    private partial void LogAppendFailed(Exception ex, int count);

    private sealed record PendingAppend(string Stream, long ExpectedVersion, IReadOnlyList<DomainEvent> Events, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();
    }
}
