using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using LiteDB;
using Microsoft.Extensions.Options;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Server.Storage.Segments;

namespace Roundtable.Server.Storage;

/// <summary>
/// The embedded event log. One writer thread drains a queue of appends and writes each batch (group commit: many
/// appends, one write), checking every append's expected version against the stream's version as of that point in
/// the batch. A batch goes first to the log's segment files with one write and one fdatasync (<see cref="SegmentLog"/>,
/// the write-ahead log), then into LiteDB's <c>events</c> collection, which serves reads; only then is it acknowledged.
/// So an acknowledged event is on disk (with Storage:Durability=Os: with the operating system). At start-up, and
/// after LiteDB failed, whatever the segments hold beyond LiteDB's last event is inserted again. While the volume
/// has less than Storage:MinFreeBytes free, appends are refused as "storage full" (see docs/ARCHITECTURE.md).
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
    private readonly SegmentLog _segments;
    private readonly StorageSpace _space;
    private readonly long _segmentBytes;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private long _commits;
    private long _syncs;
    // Written by the writer thread, read by the health check.
    private volatile bool _indexBehind;
    private volatile bool _full;
    private volatile bool _segmentFailing;
    private bool _batchWritten;
    // LiteDB failed inside a write: its in-memory state cannot be trusted, so it is reopened before the next use.
    private bool _reopenIndex;

    public const string StorageFullMessage = "The server's storage is full; nothing was saved. Try again once space has been freed.";
    public const string StorageFailingMessage = "The server could not write to its storage; nothing was saved. Try again in a moment.";

    public LiteDbEventLog(
        RoundtableDb db, TimeProvider time, ILogger<LiteDbEventLog> logger, CommitDelay? delay = null,
        IOptions<StorageOptions>? options = null, SegmentFiles? files = null, StorageSpace? space = null)
    {
        var settings = options?.Value ?? new StorageOptions();
        _db = db;
        _time = time;
        _logger = logger;
        _delay = delay ?? new CommitDelay();
        _segmentBytes = settings.SegmentBytes;
        _space = space ?? new StorageSpace(Path.GetDirectoryName(db.SegmentDirectory)!, settings.MinFreeBytes);
        _segments = new SegmentLog(settings.SegmentDirectory is { Length: > 0 } segments ? Path.GetFullPath(segments) : db.SegmentDirectory, files ?? new SegmentFiles(), settings.Durability == LogDurability.Flush);
        // Recovery: whatever the segments hold beyond LiteDB's last event (a crash between the fdatasync and LiteDB's
        // commit, or LiteDB's unsynced journal lost with the machine) goes into LiteDB; LiteDB's data file is then
        // made durable (a checkpoint fsyncs it) and the old segments give way to a new one. A data folder from before
        // segments has none: nothing to replay.
        var head = CatchUpIndex();
        _db.Database.Checkpoint();
        _segments.StartSegment(head + 1);
        _head = new PositionSignal(head);
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

    /// <summary>Batches written to the segments (each with one fdatasync when Storage:Durability is Flush).</summary>
    public long SegmentWrites => Interlocked.Read(ref _syncs);

    /// <summary>Why appends are being refused now, or null when they are not (the storage health check reports it).</summary>
    public string? StorageProblem =>
        _indexBehind || _segmentFailing ? StorageFailingMessage
        : _space.IsLow() ? StorageFullMessage
        : null;

    public Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_head.Position);

    public Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken) =>
        _head.WaitForAsync(afterPosition + 1, cancellationToken);

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _queued.Set();
        if (_writer.Join(TimeSpan.FromSeconds(10)))
        {
            _segments.Dispose();
        }
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
                WriteBatchSafely(batch);
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
                if (_indexBehind)
                {
                    // LiteDB failed after a batch was made durable: try again every second, appends or not.
                    _queued.Wait(TimeSpan.FromSeconds(1));
                    TryCatchUpIndex();
                }
                else
                {
                    _queued.Wait();
                }
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

    // Nothing escapes the writer thread: an exception there would end the process, and every later append would hang.
    private void WriteBatchSafely(List<PendingAppend> batch)
    {
        _batchWritten = false;
        try
        {
            WriteBatch(batch);
        }
        catch (Exception ex)
        {
            // E.g. LiteDB closed itself (a full disk met by the projector) while versions were read for this batch.
            if (ex is IOException or LiteException or ObjectDisposedException)
            {
                _indexBehind = true;
                _reopenIndex = true;
            }
            LogBatchFailed(ex, batch.Count);
            Refuse(batch, _batchWritten ? new EventLogOutcomeUnknownException(ex) : new EventLogUnavailableException(StorageFailingMessage, ex));
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        if (_indexBehind && !TryCatchUpIndex())
        {
            Refuse(batch, new EventLogUnavailableException(StorageFailingMessage));
            return;
        }
        // The reserve keeps LiteDB (which closes itself on a failed write) and the read models from ever meeting a
        // full disk in the common case; Elasticsearch's flood-stage watermark does the same.
        if (_space.IsLow())
        {
            if (!_full)
            {
                _full = true;
                LogStorageFull(_space.FreeBytes() ?? 0, _space.MinFreeBytes);
            }
            Refuse(batch, new EventLogUnavailableException(StorageFullMessage));
            return;
        }
        if (_full)
        {
            _full = false;
            LogStorageFreed(_space.FreeBytes() ?? 0);
        }
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

        if (docs.Count > 0 && !(WriteSegment(docs, head, outcomes) && Commit(docs, outcomes)))
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

    private static void Refuse(IEnumerable<PendingAppend> appends, Exception error)
    {
        foreach (var pending in appends)
        {
            pending.Completion.TrySetException(error);
        }
    }

    /// <summary>
    /// Makes the batch durable in the segments: one write, one fdatasync. A failure that was cut back is a known
    /// "nothing was saved"; one that could not be (or a failed fdatasync) is an unknown outcome.
    /// </summary>
    private bool WriteSegment(List<EventDocument> docs, long lastPosition, List<(PendingAppend Pending, AppendResult Result)> outcomes)
    {
        RollSegmentIfDue(docs[0].Id);
        _buffer.ResetWrittenCount();
        foreach (var doc in docs)
        {
            new SegmentRecord(doc.Id, doc.Stream, doc.Seq, doc.At, doc.Data).WriteTo(_buffer);
        }
        try
        {
            _segments.Append(_buffer.WrittenSpan);
            _batchWritten = true;
            Interlocked.Increment(ref _syncs);
            _segmentFailing = false;
            return true;
        }
        catch (SegmentAppendException ex)
        {
            if (ex.Saved == false)
            {
                var full = IsDiskFull(ex.InnerException) || _space.IsLow();
                _full |= full;
                _segmentFailing = !full;
                LogSegmentWriteFailed(ex.InnerException, docs.Count, lastPosition);
                Refuse(outcomes.Select(o => o.Pending), new EventLogUnavailableException(full ? StorageFullMessage : StorageFailingMessage, ex));
            }
            else
            {
                _segmentFailing = true;
                LogSegmentOutcomeUnknown(ex.InnerException, docs.Count, lastPosition);
                Refuse(outcomes.Select(o => o.Pending), new EventLogOutcomeUnknownException(ex));
            }
            return false;
        }
    }

    // A segment past its size starts a new one once LiteDB's data file holds everything before it (a checkpoint copies
    // LiteDB's journal into the data file and fsyncs it: WalIndexService.CheckpointInternal, DiskService.WriteDataDisk),
    // so the segments take no more room than one or two of them.
    private void RollSegmentIfDue(long nextPosition)
    {
        if (_segments.Length < _segmentBytes)
        {
            return;
        }
        try
        {
            _db.Database.Checkpoint();
            _segments.StartSegment(nextPosition);
        }
        catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException)
        {
            LogRollFailed(ex, nextPosition);
        }
    }

    // The batch is durable in the segments; this makes LiteDB, which serves reads, hold it too.
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
            TryRollback();
            // Durable in the segments, so it is stored: but LiteDB may or may not have it, and reads do not show it
            // until the writer has put it there (TryCatchUpIndex; no appends until then). Reported as unknown: a retry
            // with the same client id then finds it.
            _indexBehind = true;
            _reopenIndex = true;
            LogAppendFailed(ex, docs.Count);
            Refuse(outcomes.Select(o => o.Pending), new EventLogOutcomeUnknownException(ex));
            return false;
        }
    }

    private void TryRollback()
    {
        try
        {
            _db.Database.Rollback();
        }
        catch (Exception ex) when (ex is IOException or LiteException or ObjectDisposedException)
        {
            // LiteDB closed itself on an IOException: nothing to roll back in this instance.
        }
    }

    private bool TryCatchUpIndex()
    {
        try
        {
            if (_reopenIndex)
            {
                _db.Reopen();
                _reopenIndex = false;
            }
            else
            {
                _db.ReopenIfClosed();
            }
            var head = CatchUpIndex();
            _versions.Clear();
            _head.Advance(head);
            _indexBehind = false;
            LogIndexCaughtUp(head);
            return true;
        }
        catch (Exception ex) when (ex is IOException or LiteException or UnauthorizedAccessException or ObjectDisposedException or InvalidDataException)
        {
            TryRollback();
            _reopenIndex |= ex is IOException or LiteException;
            LogCatchUpFailed(ex);
            return false;
        }
    }

    /// <summary>Inserts into LiteDB every segment record beyond its last event; returns the head position.</summary>
    private long CatchUpIndex()
    {
        var head = IndexHead();
        var records = _segments.ReadAfter(head, (path, offset) => LogTornTail(path, offset));
        foreach (var chunk in records.Chunk(MaxBatch))
        {
            if (chunk[0].Position != head + 1)
            {
                throw new InvalidDataException($"The event log's segments in {_segments.Directory} go on at position {chunk[0].Position}, but LiteDB ends at {head}: events are missing.");
            }
            _db.Database.BeginTrans();
            _db.Events.InsertBulk(chunk.Select(r => new EventDocument
            {
                Id = r.Position,
                Key = EventDocument.KeyOf(r.Stream, r.Seq),
                Stream = r.Stream,
                Seq = r.Seq,
                At = r.At,
                Data = r.Data,
            }));
            _db.Database.Commit();
            head = chunk[^1].Position;
        }
        if (records.Count > 0)
        {
            LogReplayed(records.Count, records[0].Position, head);
        }
        return head;
    }

    private long IndexHead() => _db.Events.Count() == 0 ? 0 : _db.Events.Max(e => e.Id);

    private static bool IsDiskFull(Exception? ex) =>
        ex is IOException io && (io.HResult is 28 /* ENOSPC */ or unchecked((int)0x80070070) or unchecked((int)0x80070027) /* Windows: disk full */);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Inserting {Count} durable events into LiteDB failed; appends wait until the writer has inserted them")]
    private partial void LogAppendFailed(Exception ex, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Writing {Count} events up to position {Position} to the log's segment failed; cut back, nothing was saved")]
    private partial void LogSegmentWriteFailed(Exception? ex, int count, long position);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Writing or syncing {Count} events up to position {Position} to the log's segment failed; whether they are stored is unknown")]
    private partial void LogSegmentOutcomeUnknown(Exception? ex, int count, long position);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Storage full: {FreeBytes} bytes free, under the reserve of {MinFreeBytes}; appends are refused until space returns")]
    private partial void LogStorageFull(long freeBytes, long minFreeBytes);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Storage has room again ({FreeBytes} bytes free); appends resume")]
    private partial void LogStorageFreed(long freeBytes);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Replayed {Count} events ({First} to {Last}) from the log's segments into LiteDB")]
    private partial void LogReplayed(int count, long first, long last);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "The log's segment {Path} ends in a torn or corrupt record at byte {Offset}; what follows was never acknowledged and is cut off")]
    private partial void LogTornTail(string path, long offset);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Putting the log's durable events into LiteDB failed; retrying")]
    private partial void LogCatchUpFailed(Exception ex);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "LiteDB holds the log again up to position {Position}; appends resume")]
    private partial void LogIndexCaughtUp(long position);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Writing a batch of {Count} appends failed")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Starting a new segment at position {Position} failed; the current one goes on")]
    private partial void LogRollFailed(Exception ex, long position);

    private sealed record PendingAppend(string Stream, long ExpectedVersion, IReadOnlyList<DomainEvent> Events, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();
    }
}
