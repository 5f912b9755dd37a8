using Microsoft.Extensions.Logging.Abstractions;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using Roundtable.Server.Notifications;
using Roundtable.Server.Plans;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

/// <summary>
/// Two writers on one stream at the same moment, both having read it before either appends: the append of the one
/// that loses the race is refused, and it decides again against the other's event instead of writing over it blindly.
/// </summary>
public sealed class ConcurrentPlanAndNotificationWritesTests : IDisposable
{
    // A deadline, not a wait: generous, for a busy two-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = RoundtableFactory.NewDataDirectory();
    private readonly RoundtableDb _db;
    private readonly LiteDbEventLog _log;
    private readonly BothReadFirst _bothReadFirst;
    private readonly EventStreamWriter _writer;

    public ConcurrentPlanAndNotificationWritesTests()
    {
        _db = new RoundtableDb(Path.Combine(_directory, "events.db"));
        _log = new LiteDbEventLog(_db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance);
        _bothReadFirst = new BothReadFirst(_log);
        _writer = new EventStreamWriter(_bothReadFirst, new ReadModelsAlwaysCurrent());
    }

    public void Dispose()
    {
        _log.Dispose();
        _db.Dispose();
        RoundtableFactory.TryDelete(_directory);
    }

    [Fact]
    public async Task TwoPagesMarkingOneNotificationReadAtOnceStoreOneMarkTheLoserReadsTheWinnersMark()
    {
        var first = NotificationsApi.MarkReadAsync(_writer, "u1", "n1", CancellationToken.None);
        var second = NotificationsApi.MarkReadAsync(_writer, "u1", "n1", CancellationToken.None);
        var writes = await Task.WhenAll(first, second).WaitAsync(Patience);

        var inbox = await _log.ReadStreamAsync(StreamNames.Inbox("u1"), 0, 10);
        Assert.Equal(new NotificationRead("u1", "n1"), Assert.Single(inbox).Event);
        var winner = Assert.Single(writes, w => w.Answer);
        var loser = Assert.Single(writes, w => !w.Answer);
        Assert.Equal(1, winner.Attempts);
        Assert.Equal(2, loser.Attempts); // refused at the version it read, then decided against the winner's mark
        Assert.Empty(loser.Appended);
        Assert.Contains("n1", loser.State);
    }

    [Fact]
    public async Task TwoExercisesAssignedAtOnceBothLandTheLoserAfterTheWinnersAndOnce()
    {
        var a = Exercise("exercise-a");
        var b = Exercise("exercise-b");

        var writes = await Task.WhenAll(
            PlansApi.AppendExerciseAsync(_writer, a, CancellationToken.None),
            PlansApi.AppendExerciseAsync(_writer, b, CancellationToken.None)).WaitAsync(Patience);

        Assert.All(writes, w => Assert.True(w.Answer));
        var loser = Assert.Single(writes, w => w.Attempts == 2);
        Assert.Equal(2, Assert.Single(loser.Appended).Seq);
        Assert.Equal(["exercise-a", "exercise-b"], loser.State.Order(StringComparer.Ordinal));
        var stream = await _log.ReadStreamAsync(StreamNames.PlanExercises("cohort-1"), 0, 10);
        Assert.Equal(["exercise-a", "exercise-b"], stream.Select(e => ((PlanExerciseAssigned)e.Event).ExerciseId).Order(StringComparer.Ordinal));
    }

    private static PlanExerciseAssigned Exercise(string id) =>
        new(id, "cohort-1", null, "Plan a call", "Plan it", "<p>Plan it</p>", DateTimeOffset.UnixEpoch.AddDays(30), ["u1"], "coach");

    /// <summary>Holds the first two appends until both have arrived, so each writer has read the stream before either appends.</summary>
    private sealed class BothReadFirst(IEventLog log) : IEventLog
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task<AppendResult> AppendAsync(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default)
        {
            var arrival = Interlocked.Increment(ref _arrived);
            if (arrival == 2)
            {
                _both.TrySetResult();
            }
            if (arrival <= 2)
            {
                await _both.Task.WaitAsync(Patience, cancellationToken);
            }
            return await log.AppendAsync(stream, expectedVersion, events, cancellationToken);
        }

        public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long afterSeq, int maxCount, CancellationToken cancellationToken = default) =>
            log.ReadStreamAsync(stream, afterSeq, maxCount, cancellationToken);

        public Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default) =>
            log.GetStreamVersionAsync(stream, cancellationToken);

        public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) =>
            log.ReadAllAsync(afterPosition, maxCount, cancellationToken);

        public Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default) => log.GetHeadPositionAsync(cancellationToken);

        public Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken) => log.WaitForEventsAfterAsync(afterPosition, cancellationToken);
    }

    /// <summary>No read models to wait for here: the test reads the log itself.</summary>
    private sealed class ReadModelsAlwaysCurrent : IReadModelProgress
    {
        public Task WaitForAsync(long position, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
