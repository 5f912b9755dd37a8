using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

public sealed class LiteDbEventLogTests : IDisposable
{
    private readonly string _directory = RoundtableFactory.NewDataDirectory();
    private RoundtableDb _db;
    private LiteDbEventLog _log;

    public LiteDbEventLogTests() => (_db, _log) = Open();

    private string DatabasePath => Path.Combine(_directory, "events.db");

    private (RoundtableDb, LiteDbEventLog) Open()
    {
        var db = new RoundtableDb(DatabasePath);
        return (db, new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance));
    }

    private void Reopen()
    {
        _log.Dispose();
        _db.Dispose();
        (_db, _log) = Open();
    }

    public void Dispose()
    {
        _log.Dispose();
        _db.Dispose();
        RoundtableFactory.TryDelete(_directory);
    }

    private static MessagePosted Message(string text) => new("u1", "User", text, $"<p>{text}</p>", null);

    private static string TextOf(StoredEvent e) => ((MessagePosted)e.Event).Markdown;

    [Fact]
    public async Task AppendsGetSeqOneToNPerStreamAndIncreasingGlobalPositions()
    {
        var a1 = await _log.AppendAsync("room-a", 0, [Message("a1"), Message("a2")]);
        var b1 = await _log.AppendAsync("room-b", 0, [Message("b1")]);
        var a2 = await _log.AppendAsync("room-a", 2, [Message("a3")]);

        Assert.True(a1.Succeeded && b1.Succeeded && a2.Succeeded);
        Assert.Equal([1L, 2L], a1.Events.Select(e => e.Seq));
        Assert.Equal([1L], b1.Events.Select(e => e.Seq));
        Assert.Equal([3L], a2.Events.Select(e => e.Seq));
        Assert.Equal([1L, 2L, 3L, 4L], a1.Events.Concat(b1.Events).Concat(a2.Events).Select(e => e.Position));
        Assert.Equal(3, a2.ActualVersion);
        Assert.Equal(4, a2.LastPosition);

        Assert.Equal(3, await _log.GetStreamVersionAsync("room-a"));
        Assert.Equal(1, await _log.GetStreamVersionAsync("room-b"));
        Assert.Equal(0, await _log.GetStreamVersionAsync("room-c"));
        Assert.Equal(4, await _log.GetHeadPositionAsync());
        Assert.Equal(["a1", "a2", "a3"], (await _log.ReadStreamAsync("room-a", 0, 100)).Select(TextOf));
        Assert.Equal(["a1", "a2", "b1", "a3"], (await _log.ReadAllAsync(0, 100)).Select(TextOf));
    }

    [Fact]
    public async Task StoredEventsRoundTripTheirContentAndServerTime()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        DomainEvent[] events =
        [
            new ParticipantJoined("u1", "Lena", RoomRole.Learner),
            new MessagePosted("u1", "Lena", "**hi** ünïcødé ✓", "<p><strong>hi</strong> ünïcødé ✓</p>", "c-1"),
            new ParticipantLeft("u1", "Lena", LeaveReason.Disconnected),
        ];
        var appended = await _log.AppendAsync("room-x", 0, events);

        var read = await _log.ReadStreamAsync("room-x", 0, 10);
        Assert.Equal(events, read.Select(e => e.Event));
        Assert.Equal(appended.Events.Select(e => (e.Seq, e.Position, e.At)), read.Select(e => (e.Seq, e.Position, e.At)));
        Assert.All(read, e => Assert.InRange(e.At, before, DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task AStaleExpectedVersionConflictsAndAppendsNothing()
    {
        await _log.AppendAsync("room-a", 0, [Message("one"), Message("two")]);

        var stale = await _log.AppendAsync("room-a", 1, [Message("stale"), Message("stale too")]);
        var ahead = await _log.AppendAsync("room-a", 5, [Message("ahead")]);

        Assert.False(stale.Succeeded);
        Assert.Equal(2, stale.ActualVersion);
        Assert.Empty(stale.Events);
        Assert.False(ahead.Succeeded);
        Assert.Equal(2, ahead.ActualVersion);
        Assert.Equal(["one", "two"], (await _log.ReadStreamAsync("room-a", 0, 100)).Select(TextOf));
        Assert.Equal(2, await _log.GetStreamVersionAsync("room-a"));
        Assert.Equal(2, await _log.GetHeadPositionAsync());
        Assert.Equal(2, (await _log.ReadAllAsync(0, 100)).Count);
    }

    [Fact]
    public async Task ConcurrentWritersToOneStreamWithRetryGiveExactlyOneToEightHundred()
    {
        const int writers = 16, appendsEach = 50;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < appendsEach; i++)
            {
                while (true)
                {
                    var version = await _log.GetStreamVersionAsync("room-busy");
                    var result = await _log.AppendAsync("room-busy", version, [Message($"{w}:{i}")]);
                    if (result.Succeeded)
                    {
                        Assert.Equal(version + 1, result.Events[0].Seq);
                        break;
                    }
                    Assert.True(result.ActualVersion > version);
                }
            }
        }));
        await Task.WhenAll(tasks);

        var stream = await _log.ReadStreamAsync("room-busy", 0, 10_000);
        Assert.Equal(Enumerable.Range(1, writers * appendsEach).Select(i => (long)i), stream.Select(e => e.Seq));
        Assert.Equal(writers * appendsEach, stream.Select(TextOf).Distinct().Count());
        // Each writer's own appends keep their order.
        foreach (var w in Enumerable.Range(0, writers))
        {
            var mine = stream.Select(TextOf).Where(t => t.StartsWith($"{w}:", StringComparison.Ordinal)).Select(t => int.Parse(t.Split(':')[1]));
            Assert.Equal(Enumerable.Range(0, appendsEach), mine);
        }

        var all = await _log.ReadAllAsync(0, 10_000);
        Assert.Equal(writers * appendsEach, all.Count);
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.First.Position < pair.Second.Position));
        Assert.Equal(all[^1].Position, await _log.GetHeadPositionAsync());
        Assert.Equal(writers * appendsEach, await _log.GetStreamVersionAsync("room-busy"));
    }

    [Fact]
    public async Task ReadStreamPagesInSeqOrder()
    {
        for (var i = 1; i <= 25; i++)
        {
            await _log.AppendAsync("room-a", i - 1, [Message($"m{i}")]);
            await _log.AppendAsync("room-ab", i - 1, [Message($"other{i}")]);
        }

        var pages = new List<IReadOnlyList<StoredEvent>>();
        long after = 0;
        while (true)
        {
            var page = await _log.ReadStreamAsync("room-a", after, 10);
            if (page.Count == 0)
            {
                break;
            }
            pages.Add(page);
            after = page[^1].Seq;
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"m{i}"), pages.SelectMany(p => p).Select(TextOf));
        Assert.All(pages.SelectMany(p => p), e => Assert.Equal("room-a", e.Stream));
        Assert.Equal([24L, 25L], (await _log.ReadStreamAsync("room-a", 23, 10)).Select(e => e.Seq));
        Assert.Empty(await _log.ReadStreamAsync("room-a", 25, 10));
        Assert.Empty(await _log.ReadStreamAsync("room-none", 0, 10));
    }

    [Fact]
    public async Task ReadAllPagesByPosition()
    {
        for (var i = 1; i <= 12; i++)
        {
            await _log.AppendAsync($"room-{i % 3}", (i - 1) / 3, [Message($"m{i}")]);
        }
        var first = await _log.ReadAllAsync(0, 5);
        var second = await _log.ReadAllAsync(first[^1].Position, 5);
        var third = await _log.ReadAllAsync(second[^1].Position, 5);

        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"m{i}"), first.Concat(second).Concat(third).Select(TextOf));
        Assert.Empty(await _log.ReadAllAsync(12, 5));
    }

    [Fact]
    public async Task ReadAllAnswersTheSameFromMemoryAsFromTheFileBeyondWhatMemoryHolds()
    {
        // More events than the log keeps in memory, from concurrent writers to a few streams (with conflicts).
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 700; i++)
            {
                var stream = $"room-{(writer + i) % 3}";
                var events = Enumerable.Range(0, 1 + i % 3).Select(k => Message($"w{writer}-{i}-{k}")).ToList();
                while (!(await _log.AppendAsync(stream, await _log.GetStreamVersionAsync(stream), events)).Succeeded)
                {
                }
            }
        })));
        var head = await _log.GetHeadPositionAsync();
        var starts = new long[] { 0, 1, head / 2, head - 4097, head - 4096, head - 4095, head - 100, head - 1, head };
        var live = new List<IReadOnlyList<StoredEvent>>();
        foreach (var start in starts)
        {
            live.Add(await _log.ReadAllAsync(start, 300));
        }

        Reopen();

        for (var i = 0; i < starts.Length; i++)
        {
            var stored = await _log.ReadAllAsync(starts[i], 300);
            Assert.Equal(stored.Select(e => (e.Stream, e.Seq, e.Position, e.At, e.Event)), live[i].Select(e => (e.Stream, e.Seq, e.Position, e.At, e.Event)));
        }
        Assert.Equal(head, (await _log.ReadAllAsync(0, 100_000)).Select(e => e.Position).Max());
    }

    [Fact]
    public async Task EventsSurviveDisposeAndReopen()
    {
        await _log.AppendAsync("room-a", 0, [Message("a1"), Message("a2")]);
        await _log.AppendAsync("directory", 0, [new Core.Directory.ProgramCreated("p1", "Program", "desc", "admin")]);
        var before = await _log.ReadAllAsync(0, 100);

        Reopen();

        var after = await _log.ReadAllAsync(0, 100);
        Assert.Equal(before.Select(e => (e.Stream, e.Seq, e.Position, e.At, e.Event)), after.Select(e => (e.Stream, e.Seq, e.Position, e.At, e.Event)));
        Assert.Equal(2, await _log.GetStreamVersionAsync("room-a"));
        Assert.Equal(3, await _log.GetHeadPositionAsync());

        var stale = await _log.AppendAsync("room-a", 0, [Message("stale")]);
        Assert.False(stale.Succeeded);
        var next = await _log.AppendAsync("room-a", 2, [Message("a3")]);
        Assert.Equal((3L, 4L), (next.Events[0].Seq, next.Events[0].Position));
    }

    [Fact]
    public async Task AfterReopeningEachStreamsVersionIsItsLastSeqEvenWhereNamesShareAPrefix()
    {
        var streams = new[] { "room-1", "room-10", "room-1x", "room-2", "room-" };
        for (var i = 0; i < 60; i++)
        {
            var stream = streams[i % streams.Length];
            await _log.AppendAsync(stream, i / streams.Length, [Message($"{stream}-{i}")]);
        }
        await _log.AppendAsync("room-10", 12, [Message("one more")]);

        Reopen();

        var versions = await Task.WhenAll(streams.Append("room-3").Select(s => _log.GetStreamVersionAsync(s)));
        Assert.Equal([12L, 13L, 12L, 12L, 12L, 0L], versions);
        Assert.False((await _log.AppendAsync("room-10", 12, [Message("stale")])).Succeeded);
        Assert.True((await _log.AppendAsync("room-10", 13, [Message("next")])).Succeeded);
    }

    [Fact]
    public async Task WaitForEventsAfterCompletesOnAppend()
    {
        await _log.AppendAsync("room-a", 0, [Message("first")]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await _log.WaitForEventsAfterAsync(0, timeout.Token).WaitAsync(TimeSpan.FromSeconds(5));
        var waiting = _log.WaitForEventsAfterAsync(1, timeout.Token);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await _log.AppendAsync("room-b", 0, [Message("second")]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForEventsAfterHonoursCancellation()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = _log.WaitForEventsAfterAsync(0, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AnEmptyAppendIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _log.AppendAsync("room-a", 0, []));
        Assert.Equal(0, await _log.GetHeadPositionAsync());
    }
    [Fact]
    public async Task WhenBusyAppendsArrivingOneByOneFromManyRoomsShareACommit()
    {
        // Busy at any rate; a batch waits up to 10 s for eight appends, so only the grouping can fail.
        var clock = new FakeTimeProvider();
        var delay = new CommitDelay(busyAppendsPerSecond: 0, busyStreams: 1, delay: TimeSpan.FromSeconds(10), company: 8, window: TimeSpan.FromMilliseconds(200), time: clock);
        using var db = new RoundtableDb(Path.Combine(_directory, "grouped.db"));
        using var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance, delay);
        await log.AppendAsync("room-warm", 0, [Message("warm 1")]);
        clock.Advance(TimeSpan.FromMilliseconds(250)); // the window's clock stands still from here, so it stays busy
        await log.AppendAsync("room-warm", 1, [Message("warm 2")]); // ends the first window: busy from here
        var before = log.Commits;

        var appends = new List<Task<AppendResult>>();
        for (var room = 0; room < 8; room++)
        {
            appends.Add(log.AppendAsync($"room-{room}", 0, [Message($"m{room}")]));
            await Task.Delay(5);
        }
        var results = await Task.WhenAll(appends);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(1, log.Commits - before);
        Assert.Equal(Enumerable.Range(3, 8).Select(p => (long)p), results.Select(r => r.LastPosition));
    }

    [Fact]
    public async Task AppendsFromOneStreamNeverWaitForCompany()
    {
        // A seed or a replay appends fast to one stream at a time. A 10 s wait, were it applied, would time out.
        var delay = new CommitDelay(delay: TimeSpan.FromSeconds(10), window: TimeSpan.FromMilliseconds(50));
        using var db = new RoundtableDb(Path.Combine(_directory, "one-stream.db"));
        using var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance, delay);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var appended = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMilliseconds(300)) // several windows, each decided
        {
            await log.AppendAsync("room-a", appended, [Message($"m{appended}")]).WaitAsync(timeout.Token);
            appended++;
        }

        Assert.Equal(appended, log.Commits);
    }

    [Fact]
    public void ABusyWindowNeedsTheRateAndTheStreamsAndGoesStaleWhenQuiet()
    {
        var clock = new FakeTimeProvider();
        var delay = new CommitDelay(busyAppendsPerSecond: 1_000, busyStreams: 2, window: TimeSpan.FromMilliseconds(20), time: clock);

        clock.Advance(TimeSpan.FromMilliseconds(50));
        delay.Observe(1, ["room-a", "room-b"]); // one append in 50 ms
        Assert.False(delay.IsBusy);

        delay.Observe(10_000, ["room-a"]);
        clock.Advance(TimeSpan.FromMilliseconds(25));
        delay.Observe(0, []); // 10,000 appends, but from one stream
        Assert.False(delay.IsBusy);

        delay.Observe(10_000, ["room-a", "room-b"]);
        clock.Advance(TimeSpan.FromMilliseconds(25));
        delay.Observe(0, []);
        Assert.True(delay.IsBusy);

        clock.Advance(TimeSpan.FromMilliseconds(100)); // two windows without a batch
        Assert.False(delay.IsBusy);
    }
}
