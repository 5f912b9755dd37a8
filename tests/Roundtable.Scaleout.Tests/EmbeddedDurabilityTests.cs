using System.Diagnostics;
using System.Net;
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

    private ServerNode Start(string dataDirectory, Dictionary<string, string>? settings = null)
    {
        var node = ServerNode.Start($"embedded{_nodes.Count + 1}", null, "", new Dictionary<string, string>(settings ?? [])
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["Limits__CommandsPerSecond"] = "10000",
            ["Limits__CommandBurst"] = "10000",
        });
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

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what}.");
            }
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        TestEnvironment.DeleteTempDirectory(_root);
    }
}
