using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Testing;
using Roundtable.Testing.Rooms;
using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>
/// What ended rooms cost a node's memory while it holds them, and that letting them go gives it back. Small by default
/// (correctness); ROOM_MEMORY_ROOMS and ROOM_MEMORY_EVENTS for the figures in docs/BENCHMARKS.md.
/// </summary>
[Collection(RoomMemoryCollection.Name)]
public sealed class RoomMemoryBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EndedRoomsHeldInMemoryAreGivenBackWhenLetGo()
    {
        var rooms = int.TryParse(Environment.GetEnvironmentVariable("ROOM_MEMORY_ROOMS"), out var r) ? r : 20;
        var events = int.TryParse(Environment.GetEnvironmentVariable("ROOM_MEMORY_EVENTS"), out var e) ? e : 1_000;
        var directory = TestEnvironment.TempDirectoryPath("room-memory");
        try
        {
            using var db = new RoundtableDb(Path.Combine(directory, "events.db"));
            using var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance);
            var coach = new Actor("coach", "Cora Coach", RoomRole.Coach);
            Actor[] learners = [.. Enumerable.Range(1, 6).Select(i => new Actor($"learner-{i}", $"Learner {i}", RoomRole.Learner))];
            var ids = Enumerable.Range(0, rooms).Select(i => $"room-{i}").ToList();
            foreach (var id in ids)
            {
                await LongSession.WriteAsync(log, id, coach, learners, events);
            }
            // Only reads: nothing is sent, so the room's connections (the hub) are never reached.
            var runner = new RoomCommandRunner(
                log, new RoomDecider(new MarkdownRenderer()), null!, [], Options.Create(new RoomsOptions { IdleStateRetention = TimeSpan.Zero }),
                TimeProvider.System, NullLogger<RoomCommandRunner>.Instance);

            // A first pass warms what stays whatever the rooms (the store's page cache, compiled code).
            foreach (var id in ids)
            {
                await runner.ReadAsync(id, state => state.Version);
            }
            Assert.Equal(rooms, runner.ReleaseIdleRooms(_ => true));

            var baseline = Heap();
            var folding = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                Assert.Equal(RoomStatus.Ended, await runner.ReadAsync(id, state => state.Status));
            }
            folding.Stop();
            var held = Heap() - baseline;
            Assert.Equal(rooms, runner.ReleaseIdleRooms(_ => true));
            var after = Heap() - baseline;
            Assert.All(ids, id => Assert.False(runner.Holds(id)));

            output.WriteLine($"room-memory: {rooms} ended rooms of {events} events: held {held / 1024.0 / 1024:0.0} MB " +
                $"({held / rooms / 1024.0:0} KB a room), after letting go {after / 1024.0 / 1024:0.0} MB; folding them again took {folding.ElapsedMilliseconds} ms " +
                $"({folding.Elapsed.TotalMilliseconds / rooms:0.0} ms a room)");
            // Each room's state is real weight (its messages, questions, feedback), and it is all given back.
            Assert.True(held > rooms * 50_000L, $"Holding {rooms} rooms of {events} events took only {held} bytes.");
            Assert.True(after < held / 10, $"After letting go {after} of {held} bytes were still held.");
        }
        finally
        {
            TestEnvironment.DeleteTempDirectory(directory);
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>The heap is the whole process's: this measurement runs once the other tests of the assembly are done.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RoomMemoryCollection
{
    public const string Name = "room memory";
}
