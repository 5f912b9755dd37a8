using LiteDB;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Scaleout;

/// <summary>
/// This node's copy of the shared log's history, in its LiteDB file: every event from position 1 up to
/// <see cref="Position"/>, with no gap. Redis keeps only what some live node has not archived yet plus a retention;
/// reads of anything older come from here (see <see cref="RedisEventLog"/>), as the embedded log reads its file.
/// </summary>
public sealed class LogArchive
{
    private const string CheckpointId = "log-archive";

    // Fixed expression texts with parameters, as in the embedded log: LiteDB compiles each distinct text once.
    private const string StreamRange = "$.Key BETWEEN @0 AND @1";
    private const string AfterPosition = "$._id > @0";

    private readonly RoundtableDb _db;
    private readonly PositionSignal _position;
    private volatile bool _behindLog;

    public LogArchive(RoundtableDb db)
    {
        _db = db;
        _position = new PositionSignal(db.Checkpoints.FindById(CheckpointId)?.Position ?? 0);
    }

    /// <summary>The global position up to which this node holds every event.</summary>
    public long Position => _position.Position;

    /// <summary>
    /// True once Redis was found to have dropped events this archive never got: the node was away longer than Redis
    /// keeps events. Its history has a hole, so reads that reach into it fail instead of answering short.
    /// </summary>
    public bool IsBehindLog => _behindLog;

    internal void MarkBehindLog() => _behindLog = true;

    /// <summary>
    /// Stores the next events (positions <see cref="Position"/> + 1 onwards, in order) with the new position, in one
    /// transaction. No await inside: a LiteDB transaction belongs to the thread that began it.
    /// </summary>
    internal void Append(IReadOnlyList<EventDocument> page)
    {
        if (page.Count == 0)
        {
            return;
        }
        if (page[0].Id != Position + 1)
        {
            throw new InvalidOperationException($"The archive holds up to {Position}; it cannot take events from {page[0].Id}.");
        }
        _db.Database.BeginTrans();
        try
        {
            _db.Archive.InsertBulk(page);
            _db.Checkpoints.Upsert(new CheckpointRecord { Id = CheckpointId, Position = page[^1].Id });
            _db.Database.Commit();
        }
        catch
        {
            _db.Database.Rollback();
            throw;
        }
        _position.Advance(page[^1].Id);
    }

    /// <summary>Events of one stream with seq greater than <paramref name="afterSeq"/>, in order, as far as archived.</summary>
    public IReadOnlyList<StoredEvent> ReadStream(string stream, long afterSeq, int maxCount)
    {
        var range = BsonExpression.Create(StreamRange, EventDocument.KeyOf(stream, afterSeq + 1), EventDocument.KeyOf(stream, long.MaxValue));
        return _db.Archive.Find(range, skip: 0, limit: maxCount).Select(ToStored).ToList();
    }

    /// <summary>Events with position greater than <paramref name="afterPosition"/>, in global order, as far as archived.</summary>
    public IReadOnlyList<StoredEvent> ReadAll(long afterPosition, int maxCount) =>
        _db.Archive.Find(BsonExpression.Create(AfterPosition, afterPosition), skip: 0, limit: maxCount).Select(ToStored).ToList();

    private static StoredEvent ToStored(EventDocument e) =>
        new(e.Stream, e.Seq, e.Id, new DateTimeOffset(e.At, TimeSpan.Zero), EventSerializer.Deserialize(e.Data));
}
