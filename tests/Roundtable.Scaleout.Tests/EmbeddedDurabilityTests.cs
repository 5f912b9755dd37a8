using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Roundtable.Scaleout.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// The embedded deployment (LiteDB log, no Redis) as a real server process under a writer load: killed with
/// SIGKILL, and on a disk that fills up. Each run ends with an audit of the room's log against what every sender
/// was told.
/// </summary>
public sealed class EmbeddedDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = TestEnvironment.NewTempDirectory("embedded");
    private readonly List<ServerNode> _nodes = [];

    private ServerNode Start(string dataDirectory, Dictionary<string, string>? settings = null, IReadOnlyList<string>? wrapper = null)
    {
        var node = ServerNode.Start($"embedded{_nodes.Count + 1}", null, "", new Dictionary<string, string>(settings ?? [])
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["Limits__CommandsPerSecond"] = "10000",
            ["Limits__CommandBurst"] = "10000",
        }, wrapper);
        _nodes.Add(node);
        return node;
    }

    private static async Task ReadyAsync(ServerNode node)
    {
        try
        {
            await node.WaitUntilReadyAsync(Cluster.ReadyTimeout);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(ex.Message + "\n" + node.Logs(), ex);
        }
    }

    /// <summary>
    /// The server under strace: for every acknowledged message, some file write holding it was followed by a
    /// successful fdatasync (or fsync) of that file before the acknowledgement left on the socket. strace prints each
    /// system call when it happens, in order (an unfinished call's end when it ends), so line order is time order.
    /// </summary>
    [SkippableFact]
    public async Task EveryAcknowledgementFollowsAnFdatasyncOfAFileHoldingTheMessage()
    {
        Skip.IfNot(File.Exists("/usr/bin/strace"), "strace is not installed");
        var (traceable, why) = Run("/usr/bin/strace", "-f", "-o", "/dev/null", "true");
        Skip.IfNot(traceable, $"ptrace is not permitted here ({why})");
        var trace = Path.Combine(_root, "strace.log");
        var run = Guid.NewGuid().ToString("N")[..8];
        var node = Start(Path.Combine(_root, "data"), wrapper:
        [
            "/usr/bin/strace", "-f", "--seccomp-bpf", "-qq", "-yy", "-s", "65536", "-o", trace,
            "-e", "trace=write,pwrite64,writev,pwritev,pwritev2,sendto,sendmsg,fsync,fdatasync",
        ]);
        await ReadyAsync(node);
        var roomId = await Cluster.FindLiveRoomAsync(node);
        await using (var load = new WriterLoad(node, roomId, run))
        {
            await load.StartAsync(writers: 4, pause: TimeSpan.FromMilliseconds(5));
            await WaitUntilAsync(() => load.Acknowledged.Count >= 200, Patience, "200 acknowledgements");
            await load.StopAsync();
            node.Kill();

            var acked = load.Acknowledged.ToDictionary();
            var (unsynced, checkedCount) = FindAcksBeforeSync(File.ReadLines(trace), run, acked);
            output.WriteLine($"{checkedCount} of {acked.Count} acknowledgements found in the trace; {unsynced.Count} not preceded by a sync");
            Assert.True(checkedCount >= acked.Count * 9 / 10, $"only {checkedCount} of {acked.Count} acknowledgements found in the trace");
            Assert.True(unsynced.Count == 0, $"{unsynced.Count} of {checkedCount} acknowledgements went out before any file holding the message was synced, e.g. {string.Join("; ", unsynced.Take(3))}");
        }
    }

    private static readonly Regex Call = new(@"^(\d+)\s+(?:<\.\.\. (\w+) resumed>|(\w+)\((\d+)<([^>]*)>)", RegexOptions.Compiled);
    private static readonly Regex Result = new(@"\)\s+=\s+(-?\d+)", RegexOptions.Compiled);
    private static readonly Regex AckSeq = new(@"result\\?""?:\{\\?""?seq\\?""?:(\d+)\}", RegexOptions.Compiled);

    /// <summary>Acknowledged messages whose acknowledgement was sent before a sync of a file that held them.</summary>
    private static (List<string> Unsynced, int Checked) FindAcksBeforeSync(IEnumerable<string> lines, string run, Dictionary<string, long> acked)
    {
        var idPattern = new Regex(Regex.Escape(run) + @"-w\d+-\d+", RegexOptions.Compiled);
        var firstWrite = new Dictionary<string, (int Line, string Path)>(StringComparer.Ordinal);
        var syncs = new Dictionary<string, List<int>>(StringComparer.Ordinal); // file → lines where a sync returned 0
        var ackLine = new Dictionary<long, int>();
        var unfinished = new Dictionary<string, (string Name, string Path)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var line in lines)
        {
            index++;
            var call = Call.Match(line);
            if (!call.Success)
            {
                continue;
            }
            var pid = call.Groups[1].Value;
            string name, path;
            if (call.Groups[2].Success)
            {
                if (!unfinished.Remove(pid, out var started))
                {
                    continue;
                }
                (name, path) = (call.Groups[2].Value, started.Path);
            }
            else
            {
                (name, path) = (call.Groups[3].Value, call.Groups[5].Value);
                if (line.EndsWith("<unfinished ...>", StringComparison.Ordinal))
                {
                    unfinished[pid] = (name, path);
                }
            }
            var isSocket = path.StartsWith("TCP", StringComparison.Ordinal) || path.StartsWith("socket", StringComparison.Ordinal);
            if (name is "fsync" or "fdatasync")
            {
                if (Result.Match(line) is { Success: true } result && result.Groups[1].Value == "0")
                {
                    (syncs.TryGetValue(path, out var list) ? list : syncs[path] = []).Add(index);
                }
                continue;
            }
            if (call.Groups[2].Success)
            {
                continue; // a write's data is on its first line
            }
            if (isSocket)
            {
                foreach (Match ack in AckSeq.Matches(line))
                {
                    ackLine.TryAdd(long.Parse(ack.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), index);
                }
            }
            else if (path.StartsWith('/'))
            {
                foreach (Match id in idPattern.Matches(line))
                {
                    firstWrite.TryAdd(id.Value, (index, path));
                }
            }
        }

        var unsynced = new List<string>();
        var checkedCount = 0;
        foreach (var (id, seq) in acked)
        {
            if (!ackLine.TryGetValue(seq, out var sent))
            {
                continue;
            }
            checkedCount++;
            var synced = firstWrite.TryGetValue(id, out var write)
                && syncs.TryGetValue(write.Path, out var syncLines)
                && syncLines.Any(l => l > write.Line && l < sent);
            if (!synced)
            {
                unsynced.Add(firstWrite.TryGetValue(id, out var w) ? $"{id} written to {w.Path} at line {w.Line}, acknowledged at line {sent}" : $"{id} never written to a file before line {sent}");
            }
        }
        return (unsynced, checkedCount);
    }

    [Fact]
    public async Task KilledUnderLoadTheServerLosesNoAcknowledgedMessage()
    {
        var data = Path.Combine(_root, "data");
        var run = Guid.NewGuid().ToString("N")[..8];
        var node = Start(data);
        await ReadyAsync(node);
        var roomId = await Cluster.FindLiveRoomAsync(node);
        var loads = new List<WriterLoad>();
        for (var round = 0; round < 3; round++)
        {
            var load = new WriterLoad(node, roomId, $"{run}-r{round}");
            loads.Add(load);
            await load.StartAsync(writers: 4, pause: TimeSpan.FromMilliseconds(2));
            await WaitUntilAsync(() => load.Acknowledged.Count >= 150, Patience, "150 acknowledgements before the kill");
            node.Kill();
            output.WriteLine($"round {round}: killed with {load.Acknowledged.Count} acknowledged, {load.Unknown.Count} unknown");
            await load.StopAsync();
            await load.DisposeAsync();

            node = Start(data);
            await ReadyAsync(node);
            foreach (var earlier in loads)
            {
                await earlier.AuditAsync(node);
            }
        }
    }

    [SkippableFact]
    public async Task OnAFullDiskTheServerStaysUpRefusesWritesClearlyAndResumesWhenSpaceReturns()
    {
        var volume = Path.Combine(_root, "volume");
        Directory.CreateDirectory(volume);
        var (mounted, why) = Run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", volume);
        Skip.IfNot(mounted, $"a tmpfs cannot be mounted here ({why}); the disk-full drill needs one");
        try
        {
            var run = Guid.NewGuid().ToString("N")[..8];
            var node = Start(Path.Combine(volume, "data"), new() { ["Storage__MinFreeBytes"] = (2 << 20).ToString() });
            await ReadyAsync(node);
            var roomId = await Cluster.FindLiveRoomAsync(node);
            await using var load = new WriterLoad(node, roomId, run);
            await load.StartAsync(writers: 4, pause: TimeSpan.FromMilliseconds(5));
            await WaitUntilAsync(() => load.Acknowledged.Count >= 50, Patience, "50 acknowledgements before the disk fills");

            // Another process fills the disk while the writers go on.
            var filler = Path.Combine(volume, "filler");
            Fill(filler);
            output.WriteLine($"disk filled at {load.Acknowledged.Count} acknowledged");
            await WaitUntilAsync(() => load.NotSaved.Values.Any(m => m.Contains("storage is full", StringComparison.Ordinal)), Patience, "a write refused as storage full");
            using (var ready = await node.Http.GetAsync("health/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }
            Assert.False(node.HasExited, node.Logs());

            // Space returns: writes resume without a restart, and the node is ready again.
            File.Delete(filler);
            var before = load.Acknowledged.Count;
            await WaitUntilAsync(() => load.Acknowledged.Count >= before + 50, Patience, "50 more acknowledgements after space returned");
            await node.WaitUntilReadyAsync(Patience);
            await load.StopAsync();
            output.WriteLine($"{load.Acknowledged.Count} acknowledged, {load.NotSaved.Count} not saved, {load.Unknown.Count} unknown");

            Assert.False(node.HasExited, node.Logs());
            Assert.DoesNotContain("Unhandled exception", node.Logs(), StringComparison.Ordinal);
            await load.AuditAsync(node);
        }
        finally
        {
            foreach (var n in _nodes)
            {
                n.Kill();
            }
            Run("umount", "-l", volume);
        }
    }

    /// <summary>Writes a file until the volume has no room left.</summary>
    private static void Fill(string path)
    {
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
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
        // The last bytes, smaller than a chunk.
        try
        {
            while (true)
            {
                stream.Write(chunk.AsSpan(0, 512));
            }
        }
        catch (IOException)
        {
        }
    }

    private static (bool Ok, string Output) Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var text = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, text.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, ex.Message);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => Eventually.UntilAsync(condition, what, timeout);

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        TestEnvironment.DeleteTempDirectory(_root);
    }
}
