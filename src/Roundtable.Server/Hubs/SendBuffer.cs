using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Hubs;

/// <summary>Per-connection sending settings for the hubs. Bound from the "Hubs" section.</summary>
public sealed class HubSendOptions
{
    public const string Section = "Hubs";

    /// <summary>
    /// Bytes a connection may have waiting to go out (written by the server, queued behind what its socket is taking
    /// now) before it is dropped. A client that stops reading then costs the server about this much, and nobody else
    /// anything; when it comes back it catches up by seq. 1 MB is about 230 chat messages of 2 KB (each goes out as
    /// its Markdown and its HTML): a client that is merely slow for a few seconds in a busy room stays connected.
    /// </summary>
    public long MaxBufferedBytesPerConnection { get; set; } = 1024 * 1024;
}

/// <summary>
/// What a hub writes to one connection never makes the writer wait on that connection's socket. While the socket keeps
/// up, writes go straight to the transport, as without this class. When a flush to the transport would wait (its 64 KB
/// pipe is full: the client is not reading fast enough), the writer is answered at once and the connection switches to
/// a buffer of its own, which one task (the pump) moves to the transport, the only one that waits on a slow socket;
/// once the buffer is empty, writes go straight to the transport again. Without it a send to a group waited for every
/// member's socket (SignalR awaits each connection's write): one client that stopped reading held up the room's sends,
/// and the acknowledgements behind them, until SignalR's 10 s transport timeout dropped it. A connection with more
/// than <see cref="HubSendOptions.MaxBufferedBytesPerConnection"/> waiting in its buffer is dropped at once.
/// </summary>
/// <remarks>
/// What counts is what waits behind the batch being sent: the pump takes everything waiting at once, so one large
/// reply (a join snapshot, a catch-up page) to a client that reads does not count against it, while a client that
/// stopped reading has its first batch stuck and everything after it waiting. A connection holds at most the limit
/// (or one message larger than it) waiting, plus the batch in flight and the transport's own 64 KB. The hub writes
/// one message at a time (SignalR's per-connection write lock), so only the pump runs beside a writer.
/// </remarks>
internal sealed partial class SendBuffer : PipeWriter
{
    // Never pauses: the limit is ours, counted below, so a write never waits for the pump.
    private static readonly PipeOptions Unpaused = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);
    private static readonly FlushResult Done = new(isCanceled: false, isCompleted: true);

    private readonly Pipe _pipe = new(Unpaused);
    private readonly Lock _gate = new();
    private readonly ConnectionContext _connection;
    private readonly PipeWriter _transport;
    private readonly string _hub;
    private readonly long _limit;
    private readonly SendBufferMetrics _metrics;
    private readonly ILogger _logger;
    private long _waiting;
    private long _unflushed;
    private volatile bool _discarding;
    private bool _pumping;
    private Task _pump = Task.CompletedTask;
    private PipeWriter? _target;
    private byte[] _scratch = [];

    private SendBuffer(ConnectionContext connection, PipeWriter transport, string hub, long limit, SendBufferMetrics metrics, ILogger logger)
    {
        _connection = connection;
        _transport = transport;
        _hub = hub;
        _limit = limit;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// The connection middleware: gives the hub this buffer as the connection's output for as long as it runs, then
    /// hands the real transport back (the connection's disposal completes it) once what is left has gone out.
    /// </summary>
    public static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next, string hub, IServiceProvider services)
    {
        var transport = connection.Transport;
        var limit = services.GetRequiredService<IOptions<HubSendOptions>>().Value.MaxBufferedBytesPerConnection;
        var buffer = new SendBuffer(connection, transport.Output, hub, limit, services.GetRequiredService<SendBufferMetrics>(), services.GetRequiredService<ILogger<SendBuffer>>());
        connection.Transport = new DuplexPipe(transport.Input, buffer);
        try
        {
            await next(connection);
        }
        finally
        {
            // The hub is done writing (its close message included): the pump, if running, sends the rest, or stops
            // when the transport is gone.
            Task pump;
            lock (buffer._gate)
            {
                buffer._pipe.Writer.Complete();
                pump = buffer._pump;
            }
            await pump;
            connection.Transport = transport;
        }
    }

    public override void Advance(int bytes)
    {
        if (_discarding)
        {
            return;
        }
        var target = Target();
        target.Advance(bytes);
        if (target != _transport)
        {
            _unflushed += bytes;
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _discarding ? Scratch(sizeHint) : Target().GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _discarding ? Scratch(sizeHint).Span : Target().GetSpan(sizeHint);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (_discarding)
        {
            return new(Done);
        }
        var target = Target();
        target.Write(source.Span);
        if (target != _transport)
        {
            _unflushed += source.Length;
        }
        return FlushAsync(cancellationToken);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = _target;
        _target = null;
        if (_discarding)
        {
            return new(Done);
        }
        if (target is null)
        {
            return new(new FlushResult(isCanceled: false, isCompleted: false));
        }
        if (target == _transport)
        {
            var flush = _transport.FlushAsync(cancellationToken);
            if (flush.IsCompleted)
            {
                // The usual case: the socket keeps up, and this costs nothing over writing to the transport.
                return flush;
            }
            lock (_gate)
            {
                _pumping = true;
                _pump = PumpAsync(flush);
            }
            return new(new FlushResult(isCanceled: false, isCompleted: false));
        }
        var written = _unflushed;
        _unflushed = 0;
        var waiting = Interlocked.Add(ref _waiting, written);
        // Over the limit with more than this one message waiting: a reply larger than the limit on its own (a join
        // snapshot or a catch-up page) still goes out, and is the batch being sent while the live events queue behind it.
        if (waiting > _limit && waiting > written)
        {
            Drop(waiting);
            return new(Done);
        }
        lock (_gate)
        {
            // Completes at once (the pipe never pauses its writer), and under the gate so the pump cannot stop
            // between this flush and the check.
            var flushed = _pipe.Writer.FlushAsync(cancellationToken);
            if (!_pumping)
            {
                _pumping = true;
                _pump = PumpAsync(null);
            }
            return flushed;
        }
    }

    public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _pipe.Writer.Complete(exception);

    /// <summary>Where the message being written goes: straight to the transport, or to the buffer while the pump is busy.</summary>
    private PipeWriter Target()
    {
        if (_target is null)
        {
            lock (_gate)
            {
                _target = _pumping ? _pipe.Writer : _transport;
            }
        }
        return _target;
    }

    private async Task PumpAsync(ValueTask<FlushResult>? stuck)
    {
        var reader = _pipe.Reader;
        try
        {
            if (stuck is { } flush)
            {
                // The one wait on this connection's socket, and nobody else's.
                var first = await flush;
                if (first.IsCompleted || first.IsCanceled)
                {
                    _discarding = true;
                    return;
                }
            }
            else
            {
                await Task.Yield();
            }
            while (true)
            {
                ReadResult result;
                lock (_gate)
                {
                    if (!reader.TryRead(out result))
                    {
                        // Caught up: writes go straight to the transport again.
                        _pumping = false;
                        return;
                    }
                }
                var pending = result.Buffer;
                var stop = result.IsCompleted || result.IsCanceled;
                if (pending.IsEmpty)
                {
                    reader.AdvanceTo(pending.End);
                }
                else
                {
                    // Everything waiting goes out as one batch: whole messages, as the hub flushed them.
                    foreach (var segment in pending)
                    {
                        _transport.Write(segment.Span);
                    }
                    var taken = pending.Length;
                    reader.AdvanceTo(pending.End);
                    Interlocked.Add(ref _waiting, -taken);
                    var flushed = await _transport.FlushAsync();
                    stop |= flushed.IsCompleted || flushed.IsCanceled;
                }
                if (stop)
                {
                    _discarding = true;
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or ConnectionAbortedException)
        {
            // The transport went away under the pump: the connection is closing anyway.
            _discarding = true;
        }
    }

    private void Drop(long waiting)
    {
        _discarding = true;
        _metrics.Dropped(_hub);
        LogDropped(_logger, _hub, _connection.ConnectionId, waiting, _limit);
        // Closes the socket itself (for HTTP connections, by aborting the request), so the pump's wait ends too.
        _connection.Abort(new ConnectionAbortedException("The client fell too far behind in reading what was sent to it."));
    }

    // Writes after the drop (the hub does not know yet) go nowhere.
    private Memory<byte> Scratch(int sizeHint)
    {
        if (_scratch.Length < Math.Max(sizeHint, 4096))
        {
            _scratch = new byte[Math.Max(sizeHint, 4096)];
        }
        return _scratch;
    }

    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning,
        Message = "Hub {Hub}: connection {ConnectionId} fell behind by {Waiting} bytes (limit {Limit}); dropped. It catches up when it reconnects.")]
    private static partial void LogDropped(ILogger logger, string hub, string connectionId, long waiting, long limit);

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>The counter of connections dropped for falling behind ("roundtable.hubs.slow_connections_dropped", by hub).</summary>
public sealed class SendBufferMetrics
{
    public const string MeterName = "Roundtable.Hubs";

    private readonly Counter<long> _dropped;

    public SendBufferMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _dropped = meter.CreateCounter<long>("roundtable.hubs.slow_connections_dropped", unit: "{connection}",
            description: "Hub connections dropped because what was sent to them waited longer than their buffer allows.");
    }

    public void Dropped(string hub) => _dropped.Add(1, new KeyValuePair<string, object?>("hub", hub));
}
