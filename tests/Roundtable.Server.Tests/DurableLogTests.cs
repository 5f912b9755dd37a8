using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Storage.Segments;

namespace Roundtable.Server.Tests;

/// <summary>
/// The embedded log's write-ahead segments: an append is acknowledged only after its batch was synced, failures are
/// reported as "not saved" only when surely not saved, and start-up puts back what LiteDB is missing.
/// </summary>
public sealed class DurableLogTests : IDisposable
{
    // A deadline, not a wait: generous, for a busy two-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = RoundtableFactory.NewDataDirectory();

    private string DatabasePath => Path.Combine(_directory, "events.db");

    public void Dispose() => RoundtableFactory.TryDelete(_directory);

    private static MessagePosted Message(string text) => new("u1", "User", text, $"<p>{text}</p>", null);

    private static string TextOf(StoredEvent e) => ((MessagePosted)e.Event).Markdown;

    private static LiteDbEventLog Open(RoundtableDb db, SegmentFiles? files = null, StorageSpace? space = null, StorageOptions? options = null) =>
        new(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance, null, Options.Create(options ?? new StorageOptions()), files, space);

    [Fact]
    public async Task AnAppendIsNotAcknowledgedUntilTheWriteHoldingItWasSynced()
    {
        var files = new RecordingFiles();
        using var db = new RoundtableDb(DatabasePath);
        using var log = Open(db, files);
        files.HoldSyncs();

        var append = log.AppendAsync("room-a", 0, [Message("hello")]);
        await files.SyncStarted.Task.WaitAsync(Patience);
        // The record is written, the fdatasync has begun but not returned: no acknowledgement yet.
        Assert.Contains(files.Operations, o => o.StartsWith("write ", StringComparison.Ordinal));
        await Task.Delay(200);
        Assert.False(append.IsCompleted);

        files.ReleaseSyncs();
        var result = await append.WaitAsync(Patience);
        Assert.True(result.Succeeded);
        // Every write of a batch is followed by a sync before the next write (one fdatasync per batch).
        var ops = files.Operations.Where(o => o.StartsWith("write ", StringComparison.Ordinal) || o == "sync").ToList();
        Assert.Equal("sync", ops[^1]);
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].StartsWith("write ", StringComparison.Ordinal))
            {
                Assert.Equal("sync", ops[i + 1]);
            }
        }
    }

    [Fact]
    public async Task ManyAppendsAtOnceShareOneSync()
    {
        var files = new RecordingFiles();
        using var db = new RoundtableDb(DatabasePath);
        using var log = Open(db, files);
        files.HoldSyncs();
        var first = log.AppendAsync("room-0", 0, [Message("first")]);
        await files.SyncStarted.Task.WaitAsync(Patience);
        // While the first batch's fdatasync runs, 50 more appends queue; they go in one or a few batches, not 50.
        var rest = Enumerable.Range(1, 50).Select(i => log.AppendAsync($"room-{i}", 0, [Message($"m{i}")])).ToList();
        files.ReleaseSyncs();
        await Task.WhenAll(rest.Prepend(first)).WaitAsync(Patience);
        Assert.True(log.SegmentWrites <= 5, $"{log.SegmentWrites} segment writes for 51 appends");
    }

    [Fact]
    public async Task AWriteThatFailsIsCutBackAndReportedAsNotSaved()
    {
        var files = new RecordingFiles();
        using var db = new RoundtableDb(DatabasePath);
        using var log = Open(db, files);
        Assert.True((await log.AppendAsync("room-a", 0, [Message("before")])).Succeeded);

        // The disk fills: the write gets part of the batch out, then throws.
        files.FailNextWrite(new IOException("No space left on device", 28), partialBytes: 10);
        var failed = await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync("room-a", 1, [Message("lost")]));
        Assert.Equal(LiteDbEventLog.StorageFullMessage, failed.Message);
        Assert.Contains(files.Operations, o => o.StartsWith("truncate ", StringComparison.Ordinal));

        // The next append takes the same position, and nothing of the failed one is anywhere.
        var after = await log.AppendAsync("room-a", 1, [Message("after")]);
        Assert.True(after.Succeeded);
        Assert.Equal(2, after.LastPosition);
        Assert.Equal(["before", "after"], (await log.ReadStreamAsync("room-a", 0, 10)).Select(TextOf));
        Assert.Null(log.StorageProblem);

        // And after a restart the segments hold exactly what was acknowledged.
        log.Dispose();
        var onDisk = new SegmentLog(db.SegmentDirectory, new SegmentFiles(), sync: true).ReadAfter(0);
        Assert.Equal([1L, 2L], onDisk.Select(r => r.Position));
    }

    [Fact]
    public async Task AFailedSyncIsReportedAsUnknownNeverAsNotSaved()
    {
        var files = new RecordingFiles();
        using var db = new RoundtableDb(DatabasePath);
        using var log = Open(db, files);
        files.FailNextSync(new IOException("Input/output error", 5));
        await Assert.ThrowsAsync<EventLogOutcomeUnknownException>(() => log.AppendAsync("room-a", 0, [Message("maybe")]));

        var next = await log.AppendAsync("room-a", 0, [Message("again")]);
        Assert.True(next.Succeeded);
        Assert.Equal(["again"], (await log.ReadStreamAsync("room-a", 0, 10)).Select(TextOf));
    }

    [Fact]
    public async Task AppendsAreRefusedWhileFreeSpaceIsUnderTheReserveAndResumeWhenItReturns()
    {
        var space = new SettableSpace(_directory, minFreeBytes: 1000) { Free = 5000 };
        using var db = new RoundtableDb(DatabasePath);
        using var log = Open(db, space: space);
        Assert.True((await log.AppendAsync("room-a", 0, [Message("one")])).Succeeded);

        space.Free = 999;
        var refused = await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync("room-a", 1, [Message("two")]));
        Assert.Equal(LiteDbEventLog.StorageFullMessage, refused.Message);
        Assert.Equal(LiteDbEventLog.StorageFullMessage, log.StorageProblem);

        space.Free = 1000;
        Assert.Null(log.StorageProblem);
        Assert.True((await log.AppendAsync("room-a", 1, [Message("two")])).Succeeded);
        Assert.Equal(["one", "two"], (await log.ReadStreamAsync("room-a", 0, 10)).Select(TextOf));
    }

    [Fact]
    public async Task EventsDurableInTheSegmentsButMissingFromLiteDbAreInsertedAtStartUp()
    {
        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            for (var i = 1; i <= 10; i++)
            {
                Assert.True((await log.AppendAsync("room-a", i - 1, [Message($"m{i}")])).Succeeded);
            }
            // A crash between the fdatasync and LiteDB's commit: LiteDB never got the last four.
            log.Dispose();
            Assert.Equal(4, db.Events.DeleteMany(e => e.Id > 6));
        }

        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            Assert.Equal(10, await log.GetHeadPositionAsync());
            Assert.Equal(10, await log.GetStreamVersionAsync("room-a"));
            Assert.Equal(Enumerable.Range(1, 10).Select(i => $"m{i}"), (await log.ReadStreamAsync("room-a", 0, 100)).Select(TextOf));
            var next = await log.AppendAsync("room-a", 10, [Message("m11")]);
            Assert.Equal(11, next.LastPosition);
            // The replayed segments gave way to one new segment once LiteDB's file held them.
            Assert.Single(Directory.GetFiles(db.SegmentDirectory, "*.seg"));
        }
    }

    [Fact]
    public async Task ATornRecordAtTheEndOfTheLastSegmentIsCutOffAndTheRestReplayed()
    {
        string segment;
        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            for (var i = 1; i <= 3; i++)
            {
                Assert.True((await log.AppendAsync("room-a", i - 1, [Message($"m{i}")])).Succeeded);
            }
            log.Dispose();
            db.Events.DeleteMany(e => e.Id > 1);
            segment = Assert.Single(Directory.GetFiles(db.SegmentDirectory, "*.seg"));
        }
        // A write the machine did not finish: half a record, then a whole record with a bad checksum after a good one.
        var bytes = File.ReadAllBytes(segment);
        File.WriteAllBytes(segment, [.. bytes, .. bytes.AsSpan(0, 20)]);

        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            Assert.Equal(["m1", "m2", "m3"], (await log.ReadStreamAsync("room-a", 0, 100)).Select(TextOf));
            Assert.Equal(4, (await log.AppendAsync("room-a", 3, [Message("m4")])).LastPosition);
        }

        // A corrupt last record (checksum) is torn too: it was never acknowledged.
        using (var db = new RoundtableDb(DatabasePath))
        {
            var current = Assert.Single(Directory.GetFiles(db.SegmentDirectory, "*.seg"));
            var written = File.ReadAllBytes(current);
            written[^1] ^= 0xFF;
            File.WriteAllBytes(current, written);
            db.Events.DeleteMany(e => e.Id == 4);
        }
        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            Assert.Equal(3, await log.GetHeadPositionAsync());
        }
    }

    [Fact]
    public async Task ADataFolderFromBeforeSegmentsKeepsWorking()
    {
        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            Assert.True((await log.AppendAsync("room-a", 0, [Message("old")])).Succeeded);
        }
        using (var db = new RoundtableDb(DatabasePath))
        {
            Directory.Delete(db.SegmentDirectory, recursive: true);
        }
        using (var db = new RoundtableDb(DatabasePath))
        using (var log = Open(db))
        {
            Assert.Equal(2, (await log.AppendAsync("room-a", 1, [Message("new")])).LastPosition);
            Assert.Equal(["old", "new"], (await log.ReadStreamAsync("room-a", 0, 10)).Select(TextOf));
        }
    }

    [Fact]
    public async Task SegmentsRollAndOldOnesAreDeletedSoDiskUseStaysBounded()
    {
        using var db = new RoundtableDb(DatabasePath);
        using var log = Open(db, options: new StorageOptions { SegmentBytes = 4096 });
        for (var i = 0; i < 200; i++)
        {
            Assert.True((await log.AppendAsync("room-a", i, [Message(new string('x', 100))])).Succeeded);
        }
        var segments = Directory.GetFiles(db.SegmentDirectory, "*.seg");
        Assert.Single(segments);
        Assert.True(new FileInfo(segments[0]).Length < 8192);
        Assert.Equal(200, await log.GetStreamVersionAsync("room-a"));
    }

    private sealed class SettableSpace(string directory, long minFreeBytes) : StorageSpace(directory, minFreeBytes)
    {
        public long Free { get; set; }

        public override long? FreeBytes() => Free;
    }

    /// <summary>Real files, with every write, sync and truncate recorded, and failures or held syncs on demand.</summary>
    private sealed class RecordingFiles : SegmentFiles
    {
        private readonly ManualResetEventSlim _syncGate = new(true);
        private Exception? _failWrite;
        private int _partialBytes;
        private Exception? _failSync;

        public ConcurrentQueue<string> Operations { get; } = new();

        public TaskCompletionSource SyncStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldSyncs()
        {
            SyncStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _syncGate.Reset();
        }

        public void ReleaseSyncs() => _syncGate.Set();

        public void FailNextWrite(Exception ex, int partialBytes) => (_failWrite, _partialBytes) = (ex, partialBytes);

        public void FailNextSync(Exception ex) => _failSync = ex;

        public override ISegmentFile Open(string path) => new File(this, new OsSegmentFile(path));

        private sealed class File(RecordingFiles owner, ISegmentFile inner) : ISegmentFile
        {
            public void Write(ReadOnlySpan<byte> data, long offset)
            {
                if (Interlocked.Exchange(ref owner._failWrite, null) is { } failure)
                {
                    inner.Write(data[..owner._partialBytes], offset);
                    owner.Operations.Enqueue($"failed write {data.Length} at {offset}");
                    throw failure;
                }
                inner.Write(data, offset);
                owner.Operations.Enqueue($"write {data.Length} at {offset}");
            }

            public void Sync()
            {
                owner.SyncStarted.TrySetResult();
                owner._syncGate.Wait();
                if (Interlocked.Exchange(ref owner._failSync, null) is { } failure)
                {
                    owner.Operations.Enqueue("failed sync");
                    throw failure;
                }
                inner.Sync();
                owner.Operations.Enqueue("sync");
            }

            public void Truncate(long length)
            {
                inner.Truncate(length);
                owner.Operations.Enqueue($"truncate {length}");
            }

            public void Dispose() => inner.Dispose();
        }
    }
}

/// <summary>
/// LiteDB itself meets a full disk (another process filled it, past the reserve): LiteDB closes itself; the log must
/// keep its writer running, report the batch honestly, reopen LiteDB and put the durable events back once space returns.
/// The database is on a small tmpfs, the segments on the ordinary disk.
/// </summary>
public sealed class LiteDbFullDiskTests : IDisposable
{
    private readonly string _directory = RoundtableFactory.NewDataDirectory();
    private readonly string _volume;
    private readonly bool _mounted;

    public LiteDbFullDiskTests()
    {
        _volume = Path.Combine(_directory, "volume");
        Directory.CreateDirectory(_volume);
        _mounted = Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _volume);
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", "-l", _volume);
        }
        RoundtableFactory.TryDelete(_directory);
    }

    [SkippableFact]
    public async Task WhenLiteDbMeetsAFullDiskItIsReopenedAndEveryDurableEventComesBack()
    {
        Skip.IfNot(_mounted, "a tmpfs cannot be mounted here (needs root); this drill needs a disk that fills");
        await FillAndRecoverAsync();
        // What the drill let go of (the instance LiteDB broke, the writer thread) is finalised now, not in some later
        // test: a LiteDB finalizer that throws (its TransactionService's does, for a transaction the failed write left
        // open) ends the process, as it would the server's.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task FillAndRecoverAsync()
    {
        using var db = new RoundtableDb(Path.Combine(_volume, "events.db"));
        var logger = new ListLogger();
        using var log = new LiteDbEventLog(db, TimeProvider.System, logger, null, Options.Create(new StorageOptions
        {
            MinFreeBytes = 0, // no reserve: LiteDB is to meet the full disk
            SegmentDirectory = Path.Combine(_directory, "segments"),
        }));
        var text = new string('x', 6000);
        var acked = new List<long>();
        var notSaved = 0;
        var unknown = 0;
        long version = 0;
        async Task<bool> Append(int i)
        {
            try
            {
                var result = await log.AppendAsync("room-a", version, [new MessagePosted("u1", "User", $"{i} {text}", "<p></p>", $"c{i}")]);
                version = result.ActualVersion;
                if (!result.Succeeded)
                {
                    return false; // a batch reported unknown was stored after all: the stream moved on
                }
                acked.Add(result.LastPosition);
                return true;
            }
            catch (EventLogUnavailableException)
            {
                notSaved++;
            }
            catch (EventLogOutcomeUnknownException)
            {
                unknown++;
            }
            return false;
        }

        var filler = Path.Combine(_volume, "filler");
        for (var i = 0; i < 40; i++)
        {
            Assert.True(await Append(i));
        }
        Fill(filler);
        // Appends until LiteDB has failed: the writer keeps answering, never crashes.
        for (var i = 40; i < 400 && unknown == 0; i++)
        {
            await Append(i);
        }
        Assert.True(unknown > 0, "LiteDB never met the full disk");
        Assert.NotNull(log.StorageProblem);
        Assert.False(await Append(1000));

        File.Delete(filler);
        // The writer retries by itself (every second): appends go through again, with no restart.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Append(1001))
        {
            Assert.True(DateTime.UtcNow < deadline, "appends did not resume after space returned:\n" + string.Join("\n", logger.Lines.TakeLast(10)));
            await Task.Delay(200);
        }
        Assert.Null(log.StorageProblem);

        // Everything acknowledged is there, in LiteDB as reopened; what was reported unknown was in fact stored
        // (durable in the segment, then put into LiteDB), so a retry finds it.
        var stored = await log.ReadStreamAsync("room-a", 0, 10_000);
        Assert.Subset(stored.Select(e => e.Position).ToHashSet(), acked.ToHashSet());
        Assert.Equal(stored.Select(e => e.Seq), Enumerable.Range(1, stored.Count).Select(i => (long)i));
        Assert.Equal(await log.GetHeadPositionAsync(), stored[^1].Position);
        Assert.Equal(stored.Count, db.Events.Count());
    }

    private sealed class ListLogger : ILogger<LiteDbEventLog>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{eventId.Id} {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
    }

    private static void Fill(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        foreach (var size in new[] { 65536, 512 })
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    stream.Write(chunk);
                }
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool Run(string file, params string[] args)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using var process = System.Diagnostics.Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
