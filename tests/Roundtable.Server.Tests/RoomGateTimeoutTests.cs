using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>A command behind one that the store holds up is refused after the gate timeout, not left waiting.</summary>
public sealed class RoomGateTimeoutTests
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task ACommandWaitingBehindAStalledStoreIsRefusedAfterTheGateTimeoutAndTheRoomWorksOnceTheStoreAnswers()
    {
        var log = new StallingLog();
        var runner = new RoomCommandRunner(
            log, new RoomDecider(new MarkdownRenderer()), null!, [], Options.Create(new RoomsOptions { GateTimeout = GateTimeout }),
            TimeProvider.System, NullLogger<RoomCommandRunner>.Instance);

        var holder = runner.ReadAsync("room-1", state => state.Version);
        await log.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopwatch = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<EventLogUnavailableException>(() =>
            runner.ExecuteAsync("room-1", new Actor("u1", "Una", RoomRole.Learner), new PostMessage("hello", "c1")));
        Assert.Equal("The room is busy right now; nothing was changed. Try again.", refused.Message);
        Assert.InRange(stopwatch.Elapsed, GateTimeout - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        Assert.False(holder.IsCompleted);
        Assert.Equal(0, log.Appends);

        // Reads of the room's state are bounded the same way.
        await Assert.ThrowsAsync<EventLogUnavailableException>(() => runner.ReadAsync("room-1", state => state.Version));

        log.Release();
        Assert.Equal(0, await holder.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await runner.ReadAsync("room-1", state => state.Version).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>An empty log whose first version read hangs until released, as a frozen Redis does.</summary>
    private sealed class StallingLog : IEventLog
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Appends { get; private set; }

        public void Release() => _release.TrySetResult();

        public async Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default)
        {
            Stalled.TrySetResult();
            await _release.Task;
            return 0;
        }

        public Task<AppendResult> AppendAsync(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default)
        {
            Appends++;
            throw new InvalidOperationException("Not expected in this test.");
        }

        public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long afterSeq, int maxCount, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StoredEvent>>([]);

        public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StoredEvent>>([]);

        public Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
