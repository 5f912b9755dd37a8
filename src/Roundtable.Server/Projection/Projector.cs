using System.Diagnostics;
using Roundtable.Core.Log;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Projection;

/// <summary>
/// Follows the global log from this node's stored checkpoint and applies every event to the LiteDB read models,
/// one transaction per batch with the checkpoint inside it. The same code serves the embedded log and a shared
/// Redis log. Writers that must read their own write wait with <see cref="WaitForAsync"/>.
/// </summary>
public sealed partial class Projector(
    IEventLog log, RoundtableDb db, ReadModelCache cache, ILogger<Projector> logger, IEnumerable<IProjectionListener>? listeners = null) : BackgroundService, IReadModelProgress
{
    private const string CheckpointId = "read-models";
    private const int BatchSize = 2000;

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly IProjectionListener[] _listeners = [.. listeners ?? []];
    private readonly PositionSignal _position = new(-1);
    private long _checkpointWrittenAt;
    private long _readyAt = -1;

    /// <summary>The global position this node's read models have reached.</summary>
    public long Position => _position.Position;

    /// <summary>True once the projection has caught up with the log as it stood when the node started.</summary>
    public bool IsReady => _readyAt >= 0 && Position >= _readyAt;

    public Task WaitForAsync(long position, CancellationToken cancellationToken = default) =>
        _position.WaitForAsync(position, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var position = db.Checkpoints.FindById(CheckpointId)?.Position ?? 0;
        Publish(position);
        var head = await HeadWhenReachableAsync(stoppingToken);
        LogStarting(position, head);
        if (head < position)
        {
            // The log lost events this node had already projected (e.g. Redis restored from an old backup):
            // serving would hide every new event up to our old position. Stay not-ready; see docs/SCALING.md.
            LogLogBehindProjection(position, head);
            return;
        }
        Volatile.Write(ref _readyAt, head);
        await LogFollower.FollowAsync(log, position, BatchSize, batch =>
        {
            var reached = ApplyBatch(batch);
            foreach (var listener in _listeners)
            {
                listener.Projected(batch);
            }
            Publish(reached);
        }, OnFailure, stoppingToken);
    }

    private async Task<long> HeadWhenReachableAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await log.GetHeadPositionAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (attempt == 0)
                {
                    LogProjectionFailed(ex, Position);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    // No await inside: a LiteDB transaction belongs to the thread that began it.
    private long ApplyBatch(IReadOnlyList<StoredEvent> batch)
    {
        var position = batch[^1].Position;
        var changes = batch.Select(ReadModelProjection.ChangeOf).OfType<Func<RoundtableDb, bool>>().ToList();
        // A batch that no read model is about (chat, mostly) needs no transaction: its checkpoint rides along with a
        // later one, and replaying such events after a restart changes nothing either. Not even begun: a transaction
        // waits out the log's checkpoints, and a waiting projector holds a pool thread.
        if (changes.Count == 0 && Stopwatch.GetElapsedTime(_checkpointWrittenAt) < CheckpointInterval)
        {
            return position;
        }
        db.Database.BeginTrans();
        try
        {
            var changed = false;
            foreach (var change in changes)
            {
                changed |= change(db);
            }
            db.Checkpoints.Upsert(new CheckpointRecord { Id = CheckpointId, Position = position });
            db.Database.Commit();
            if (changed)
            {
                cache.Clear();
            }
            _checkpointWrittenAt = Stopwatch.GetTimestamp();
            return position;
        }
        catch
        {
            db.Database.Rollback();
            throw;
        }
    }

    // A failed write (a full disk) makes LiteDB close itself, or leaves it open in a state it cannot write from; the
    // read models come back with it reopened.
    private void OnFailure(Exception ex, long position)
    {
        LogProjectionFailed(ex, position);
        try
        {
            if (ex is IOException)
            {
                db.Reopen();
            }
            else
            {
                db.ReopenIfClosed();
            }
        }
        catch (Exception reopen) when (reopen is IOException or LiteDB.LiteException)
        {
            LogProjectionFailed(reopen, position);
        }
    }

    private void Publish(long position) => _position.Advance(position);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Projection starting at position {Position}; log head is {Head}")]
    private partial void LogStarting(long position, long head);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Critical, Message = "The log ends at position {Head} but this node has projected up to {Position}; the node stays not ready. Delete its data directory to rebuild from the log")]
    private partial void LogLogBehindProjection(long position, long head);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Projection failed after position {Position}; retrying")]
    private partial void LogProjectionFailed(Exception ex, long position);
}
