using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Scaleout.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>Room settings for the drill: the writers may send as fast as they can.</summary>
internal static class SlowConsumerSettings
{
    public static readonly Dictionary<string, string> Unlimited = new()
    {
        ["Limits__ConnectionsPerUser"] = "1000",
        ["Limits__CommandsPerSecond"] = "100000",
        ["Limits__CommandBurst"] = "100000",
    };
}

public sealed class SlowConsumerCluster() : Cluster(2, settings: SlowConsumerSettings.Unlimited);

/// <summary>The embedded deployment: one server process with its own log, no Redis.</summary>
public sealed class SlowConsumerOneNodeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AClientThatPingsButNeverReadsCostsOnlyItselfOnOneNode()
    {
        await using var node = ServerNode.Start("embedded", redis: null, prefix: "", SlowConsumerSettings.Unlimited);
        try
        {
            await node.WaitUntilReadyAsync(Cluster.ReadyTimeout);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(ex.Message + "\n" + node.Logs(), ex);
        }
        var roomId = await Cluster.FindLiveRoomAsync(node);
        await new SlowConsumerDrill(output, roomId, [node], stuckNode: node).RunAsync();
    }
}

/// <summary>Two nodes on Redis: the stuck client's node delivers through the backplane's subscription.</summary>
public sealed class SlowConsumerTwoNodeTests(SlowConsumerCluster cluster, ITestOutputHelper output) : IClassFixture<SlowConsumerCluster>
{
    [Fact]
    public async Task AClientThatPingsButNeverReadsCostsOnlyItselfOnTwoNodes() =>
        await new SlowConsumerDrill(output, cluster.LiveRoomId, cluster.Nodes, stuckNode: cluster[1]).RunAsync();
}

/// <summary>
/// 12 writers post 2 KB messages as fast as they are acknowledged while one client in the room keeps its connection
/// alive with pings but never reads. Every writer's acknowledgements and every other client's deliveries must keep
/// flowing (before the per-connection buffers, both stopped for 8–10 s, until SignalR's 10 s transport timeout), the
/// stuck connection is dropped once it is over its buffer's limit, the servers' memory stays bounded, and the stuck
/// client, once it reads again and reconnects, catches up by seq with nothing missing.
/// </summary>
internal sealed class SlowConsumerDrill(ITestOutputHelper output, string roomId, IReadOnlyList<ServerNode> nodes, ServerNode stuckNode)
{
    private const int Writers = 12;
    private const int MessagesPerWriter = 100;
    private const long BufferLimit = 1024 * 1024;

    // Generous for a busy two-core machine; before the fix the longest gap was the 10 s transport timeout.
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] WriterAccounts = [Accounts.Learners[0], Accounts.Learners[1], Accounts.Learners[2], Accounts.Coach];

    public async Task RunAsync()
    {
        var stuckToken = await stuckNode.TokenAsync(Accounts.Learners[3]);
        await using var stuck = await RawRoomSocket.ConnectAsync(stuckNode, stuckToken);
        var joined = await stuck.InvokeAsync("Join", new { roomId, protocolVersion = 1 });
        var snapshotSeq = joined.GetProperty("snapshot").GetProperty("seq").GetInt64();
        stuck.StartPingingWithoutReading();

        // Listeners on the stuck client's node (the same person's other page, and a coach) and on every other node.
        var listeners = new List<Participant>
        {
            await Participant.JoinAsync(stuckNode, Accounts.Learners[3], roomId, "theo's other page"),
            await Participant.JoinAsync(stuckNode, Accounts.Manager, roomId, "manager"),
        };
        foreach (var other in nodes.Where(n => n != stuckNode))
        {
            listeners.Add(await Participant.JoinAsync(other, Accounts.Admin, roomId, $"admin@{other.Name}"));
        }
        var writers = new List<Participant>();
        for (var i = 0; i < Writers; i++)
        {
            var node = nodes[i % nodes.Count];
            writers.Add(await Participant.JoinAsync(node, WriterAccounts[i % WriterAccounts.Length], roomId, $"writer{i}@{node.Name}"));
        }
        var everyone = listeners.Concat(writers).ToList();

        using var memory = new MemorySampler(nodes);
        var baselineRss = memory.Current();
        var run = Guid.NewGuid().ToString("N")[..8];
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum", 180));
        var start = Stopwatch.GetTimestamp();
        foreach (var participant in everyone)
        {
            participant.StartTiming(start);
        }
        var acked = await Task.WhenAll(writers.Select((writer, w) => writer.PostManyAsync(
            Enumerable.Range(0, MessagesPerWriter).Select(n => ($"{run}-w{w}-{n}: {filler}", $"{run}-{w}-{n}")))));
        var lastAcked = acked.SelectMany(a => a).Max();
        output.WriteLine($"{Writers * MessagesPerWriter} messages acknowledged in {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s, up to seq {lastAcked}");

        foreach (var participant in everyone)
        {
            await participant.WaitForSeqAsync(lastAcked, Patience);
        }
        var peakRss = memory.Peak();
        foreach (var writer in writers)
        {
            output.WriteLine($"{writer.Name}: longest wait between acknowledgements {writer.LongestAckGap.TotalMilliseconds:0} ms");
        }
        foreach (var participant in everyone)
        {
            output.WriteLine($"{participant.Name}: longest gap between deliveries {participant.LongestDeliveryGap(lastAcked).TotalMilliseconds:0} ms");
        }
        output.WriteLine($"RSS of the nodes: {baselineRss / 1048576} MB before, {peakRss / 1048576} MB at most");

        Assert.All(writers, w => Assert.True(w.LongestAckGap < MaxGap, $"{w.Name} waited {w.LongestAckGap.TotalSeconds:0.0} s between acknowledgements"));
        Assert.All(everyone, p => Assert.True(p.LongestDeliveryGap(lastAcked) < MaxGap,
            $"{p.Name} waited {p.LongestDeliveryGap(lastAcked).TotalSeconds:0.0} s between deliveries"));
        Assert.True(peakRss - baselineRss < 512L * 1024 * 1024, $"the nodes grew from {baselineRss / 1048576} MB to {peakRss / 1048576} MB");

        // The stuck connection was dropped by its node for falling behind, with no more than its limit (and the last
        // batch that went over it) held for it.
        var dropped = await WaitForLogAsync(stuckNode, "fell behind by", Patience);
        var buffered = long.Parse(dropped.Split("fell behind by ")[1].Split(' ')[0]);
        Assert.InRange(buffered, BufferLimit, BufferLimit + 256 * 1024);

        // It wakes up: reads what reached it before the drop, finds the connection gone, reconnects and catches up.
        var closed = await stuck.ResumeReadingAsync(Patience);
        Assert.True(closed, "the stuck connection was still open");
        var lastSeen = stuck.ContiguousSeq(snapshotSeq);
        output.WriteLine($"the stuck client had up to seq {lastSeen} of {lastAcked} when it was dropped");
        Assert.True(lastSeen < lastAcked, "the stuck client received everything: it was never behind");
        await using var back = await RawRoomSocket.ConnectAsync(stuckNode, stuckToken);
        await back.InvokeAsync("Join", new { roomId, protocolVersion = 1 });
        var held = new SortedSet<long>(stuck.Seqs.Where(s => s <= lastSeen));
        for (var after = lastSeen; ;)
        {
            var page = await back.InvokeAsync("Catchup", roomId, after);
            foreach (var envelope in page.GetProperty("events").EnumerateArray())
            {
                held.Add(envelope.GetProperty("seq").GetInt64());
                after = Math.Max(after, envelope.GetProperty("seq").GetInt64());
            }
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }
        var missing = Enumerable.Range((int)snapshotSeq + 1, (int)(lastAcked - snapshotSeq)).Where(s => !held.Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"missing after catch-up: {string.Join(", ", missing.Take(20))}");
        Assert.All(acked.SelectMany(a => a), seq => Assert.Contains(seq, held));

        foreach (var participant in everyone)
        {
            await participant.DisposeAsync();
        }
    }

    private static async Task<string> WaitForLogAsync(ServerNode node, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = node.Logs().Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{node.Describe()} logged no '{text}' within {timeout.TotalSeconds:0} s.\n{node.Logs()}");
            }
            await Task.Delay(200);
        }
    }
}

/// <summary>A room member over the SignalR .NET client that records when each of its deliveries and acknowledgements arrived.</summary>
internal sealed class Participant : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly HubConnection _connection;
    private readonly string _roomId;
    private readonly SortedSet<long> _seqs = [];
    private readonly List<(long At, long Seq)> _arrivals = [];
    private readonly List<long> _acks = [];
    private long _start;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Participant(string name, HubConnection connection, string roomId)
    {
        Name = name;
        _connection = connection;
        _roomId = roomId;
        connection.On<List<JsonElement>>("RoomEvents", events =>
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                foreach (var envelope in events)
                {
                    var seq = envelope.GetProperty("seq").GetInt64();
                    _seqs.Add(seq);
                    _arrivals.Add((now, seq));
                }
            }
            Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        });
    }

    public string Name { get; }

    public static async Task<Participant> JoinAsync(ServerNode node, string email, string roomId, string name)
    {
        var token = await node.TokenAsync(email);
        var connection = HubConnections.Build(node.BaseAddress, token);
        var participant = new Participant(name, connection, roomId);
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("Join", new { roomId, protocolVersion = 1 });
        return participant;
    }

    public void StartTiming(long start)
    {
        lock (_lock)
        {
            _start = start;
        }
    }

    /// <summary>Posts one after another, each once the previous was acknowledged; the acknowledged seqs.</summary>
    public async Task<List<long>> PostManyAsync(IEnumerable<(string Markdown, string ClientMessageId)> messages)
    {
        var seqs = new List<long>();
        foreach (var (markdown, id) in messages)
        {
            var result = await _connection.InvokeAsync<JsonElement>("PostMessage", new { roomId = _roomId, markdown, clientMessageId = id });
            _acks.Add(Stopwatch.GetTimestamp());
            seqs.Add(result.GetProperty("seq").GetInt64());
        }
        return seqs;
    }

    public TimeSpan LongestAckGap => LongestGap(_acks);

    /// <summary>The longest time without a delivery, from the start until the one that brought <paramref name="upTo"/>.</summary>
    public TimeSpan LongestDeliveryGap(long upTo)
    {
        lock (_lock)
        {
            var last = _arrivals.Where(a => a.Seq == upTo).Select(a => a.At).DefaultIfEmpty(long.MaxValue).Min();
            return LongestGap(_arrivals.Where(a => a.At >= _start && a.At <= last).Select(a => a.At).ToList());
        }
    }

    public async Task WaitForSeqAsync(long seq, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var signal = Volatile.Read(ref _changed);
            lock (_lock)
            {
                if (_seqs.Contains(seq))
                {
                    return;
                }
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{Name} was not delivered seq {seq} within {timeout.TotalSeconds:0} s.");
            }
            await signal.Task.WaitAsync(remaining).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private TimeSpan LongestGap(IReadOnlyList<long> times)
    {
        var longest = TimeSpan.Zero;
        var previous = _start;
        foreach (var at in times)
        {
            var gap = Stopwatch.GetElapsedTime(previous, at);
            longest = gap > longest ? gap : longest;
            previous = at;
        }
        return longest;
    }
}

/// <summary>
/// A SignalR JSON-protocol client on a bare WebSocket, so it can stop reading while it goes on sending pings: to the
/// server it looks alive, but nothing sent to it is taken. Its receive buffer is small, so the kernel holds little.
/// </summary>
internal sealed class RawRoomSocket : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly List<byte> _received = [];
    private readonly CancellationTokenSource _stopPinging = new();
    private Task _pinging = Task.CompletedTask;
    private int _invocations;

    private RawRoomSocket(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    /// <summary>Seqs of the room events that reached this client.</summary>
    public SortedSet<long> Seqs { get; } = [];

    public static async Task<RawRoomSocket> ConnectAsync(ServerNode node, string token)
    {
        using var negotiate = await node.Http.SendAsync(node.Request(HttpMethod.Post, "hubs/room/negotiate?negotiateVersion=1", token));
        negotiate.EnsureSuccessStatusCode();
        var connectionToken = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 16 * 1024 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var webSocket = new ClientWebSocket();
        webSocket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await webSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Port}/hubs/room?id={Uri.EscapeDataString(connectionToken!)}"), invoker, CancellationToken.None);
        var client = new RawRoomSocket(webSocket, invoker);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReadRecordAsync(TimeSpan.FromSeconds(30));
        if (handshake is null || handshake.Value.TryGetProperty("error", out _))
        {
            throw new InvalidOperationException($"handshake refused: {handshake}");
        }
        return client;
    }

    /// <summary>Calls a hub method and reads until its completion (recording room events on the way); its result.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = (++_invocations).ToString();
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        while (true)
        {
            var record = await ReadRecordAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException($"{target}: the connection closed.");
            if (record.GetProperty("type").GetInt32() == 3 && record.GetProperty("invocationId").GetString() == id)
            {
                return record.TryGetProperty("error", out var error) ? throw new InvalidOperationException($"{target}: {error}") : record.GetProperty("result");
            }
        }
    }

    /// <summary>From now on only sends a ping a second, as a live client does, and reads nothing.</summary>
    public void StartPingingWithoutReading()
    {
        _pinging = Task.Run(async () =>
        {
            while (!_stopPinging.IsCancellationRequested)
            {
                try
                {
                    await SendAsync("{\"type\":6}");
                    await Task.Delay(TimeSpan.FromSeconds(1), _stopPinging.Token);
                }
                catch (Exception)
                {
                    return;
                }
            }
        });
    }

    /// <summary>Stops pinging and reads whatever reached it until the connection ends; whether it ended in time.</summary>
    public async Task<bool> ResumeReadingAsync(TimeSpan timeout)
    {
        await _stopPinging.CancelAsync();
        await _pinging;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ReadRecordAsync(deadline - DateTime.UtcNow) is null)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                return _socket.State != WebSocketState.Open || ex is not OperationCanceledException;
            }
        }
        return false;
    }

    /// <summary>The highest seq n such that this client holds every event from <paramref name="from"/> + 1 to n.</summary>
    public long ContiguousSeq(long from)
    {
        var n = from;
        while (Seqs.Contains(n + 1))
        {
            n++;
        }
        return n;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopPinging.CancelAsync();
        await _pinging;
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
        _stopPinging.Dispose();
    }

    private Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + (char)RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next record (room events are recorded and skipped over), or null once the server closed.</summary>
    private async Task<JsonElement?> ReadRecordAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var end = _received.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                var record = JsonDocument.Parse(_received.GetRange(0, end).ToArray()).RootElement.Clone();
                _received.RemoveRange(0, end + 1);
                if (record.TryGetProperty("type", out var type) && type.GetInt32() == 1 && record.GetProperty("target").GetString() == "RoomEvents")
                {
                    foreach (var envelope in record.GetProperty("arguments")[0].EnumerateArray())
                    {
                        Seqs.Add(envelope.GetProperty("seq").GetInt64());
                    }
                    continue;
                }
                if (record.TryGetProperty("type", out type) && type.GetInt32() is 6 or 1)
                {
                    continue;
                }
                return record;
            }
            var read = await _socket.ReceiveAsync(buffer, cancel.Token);
            if (read.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            _received.AddRange(buffer.AsSpan(0, read.Count).ToArray());
        }
    }
}

/// <summary>Samples the nodes' resident memory (VmRSS) every 100 ms, summed over the nodes.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly IReadOnlyList<ServerNode> _nodes;
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler(IReadOnlyList<ServerNode> nodes)
    {
        _nodes = nodes;
        _peak = Current();
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public long Current() => _nodes.Sum(node => Rss(node.ProcessId));

    public long Peak()
    {
        Sample();
        return Interlocked.Read(ref _peak);
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = Current();
        long peak;
        while (now > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
    }

    private static long Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
