using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Server.Hubs;

namespace Roundtable.Server.Tests;

/// <summary>
/// The per-connection send buffer against a transport pipe like SignalR's (pauses its writer at 64 KB), with the test
/// as the client: reading that pipe, or not.
/// </summary>
public sealed class SendBufferTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AWriterNeverWaitsForAClientThatDoesNotReadAndTheConnectionIsDroppedPastTheLimit()
    {
        await using var harness = new Harness(limit: 256 * 1024);
        var sentSynchronously = 0;
        await harness.RunAsync(async output =>
        {
            for (var i = 0; i < 200; i++)
            {
                var write = output.WriteAsync(Message(i, 4096));
                sentSynchronously += write.IsCompleted ? 1 : 0;
                if ((await write).IsCompleted)
                {
                    // Dropped: the buffer says so as a pipe does once its reader is gone.
                    break;
                }
            }
        });

        await harness.Connection.ConnectionClosed.WhenCancelledAsync(Patience);
        // 64 KB in the transport, 256 KB waiting behind it, and the write that went over.
        Assert.InRange(harness.Written, (64 + 256) * 1024, (64 + 256 + 16) * 1024);
        Assert.Equal(harness.Writes, sentSynchronously);
        // What reached the transport is whole messages, in order.
        var received = await harness.ReadAllAsync();
        Assert.True(received.Length >= 64 * 1024);
        Assert.Equal(harness.Sent[..received.Length], received);
        Assert.EndsWith("\u001e", received);
    }

    [Fact]
    public async Task AClientThatFallsBehindAndReadsAgainGetsEverythingInOrder()
    {
        await using var harness = new Harness(limit: 1024 * 1024);
        var reading = new TaskCompletionSource();
        await harness.RunAsync(async output =>
        {
            // 400 KB while the client does not read: past the transport's 64 KB, so the buffer takes the rest.
            for (var i = 0; i < 100; i++)
            {
                var write = output.WriteAsync(Message(i, 4096));
                Assert.True(write.IsCompleted, $"write {i} waited for the client");
                await write;
            }
            reading.SetResult();
            for (var i = 100; i < 200; i++)
            {
                await output.WriteAsync(Message(i, 4096));
            }
        }, clientStartsReading: reading.Task);

        var received = await harness.ReadAllAsync();
        Assert.False(harness.Connection.ConnectionClosed.IsCancellationRequested, "dropped");
        Assert.Equal(harness.Sent, received);
    }

    [Fact]
    public async Task OneReplyLargerThanTheLimitStillGoesOutToAClientThatReads()
    {
        await using var harness = new Harness(limit: 64 * 1024);
        var reading = new TaskCompletionSource();
        await harness.RunAsync(async output =>
        {
            await output.WriteAsync(Message(0, 300 * 1024));
            await output.WriteAsync(Message(1, 100));
            reading.SetResult();
        }, clientStartsReading: reading.Task);

        var received = await harness.ReadAllAsync();
        Assert.False(harness.Connection.ConnectionClosed.IsCancellationRequested, "dropped");
        Assert.Equal(harness.Sent, received);
    }

    private static byte[] Message(int n, int size)
    {
        var text = $"{{\"n\":{n},\"pad\":\"".PadRight(size - 3, 'x') + "\"}\u001e";
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>A connection whose transport output pauses at 64 KB like SignalR's, run through the send buffer's middleware.</summary>
    private sealed class Harness(long limit) : IAsyncDisposable
    {
        private readonly Pipe _input = new();
        private readonly Pipe _output = new(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
        private readonly StringBuilder _sent = new();
        private readonly ServiceProvider _services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<SendBufferMetrics>()
            .Configure<HubSendOptions>(o => o.MaxBufferedBytesPerConnection = limit)
            .BuildServiceProvider();
        private Task _application = Task.CompletedTask;
        private Task _clientStartsReading = Task.CompletedTask;

        public DefaultConnectionContext Connection { get; private set; } = null!;

        public string Sent => _sent.ToString();

        public int Writes { get; private set; }

        public long Written { get; private set; }

        /// <summary>Starts the connection with <paramref name="hub"/> writing to its output; returns once the hub is done writing.</summary>
        public async Task RunAsync(Func<PipeWriter, Task> hub, Task? clientStartsReading = null)
        {
            _clientStartsReading = clientStartsReading ?? Task.Delay(Timeout.Infinite);
            var wrote = new TaskCompletionSource();
            var transport = new Duplex(_input.Reader, _output.Writer);
            Connection = new DefaultConnectionContext("c1", transport, new Duplex(_output.Reader, _input.Writer));
            _application = SendBuffer.RunAsync(Connection, async connection =>
            {
                Assert.NotSame(_output.Writer, connection.Transport.Output);
                await hub(new Recording(connection.Transport.Output, this));
                wrote.SetResult();
            }, "TestHub", _services);
            await wrote.Task.WaitAsync(Patience);
        }

        /// <summary>The client reads (once it is told to, or once the connection was dropped) until the server is done.</summary>
        public async Task<string> ReadAllAsync()
        {
            await Task.WhenAny(_clientStartsReading, Connection.ConnectionClosed.WhenCancelledAsync(Timeout.InfiniteTimeSpan)).WaitAsync(Patience);
            var received = new StringBuilder();
            var dropped = Connection.ConnectionClosed.IsCancellationRequested;
            if (dropped)
            {
                // As a dropped socket: what the transport held is all the client gets.
                _output.Reader.TryRead(out var held);
                received.Append(Encoding.ASCII.GetString(held.Buffer.ToArray()));
                _output.Reader.AdvanceTo(held.Buffer.End);
                _output.Reader.Complete();
                await _application.WaitAsync(Patience);
                return received.ToString();
            }
            var reading = Task.Run(async () =>
            {
                while (true)
                {
                    var result = await _output.Reader.ReadAsync();
                    received.Append(Encoding.ASCII.GetString(result.Buffer.ToArray()));
                    _output.Reader.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            });
            // Done once the hub is done and the pump has handed the transport everything (as SignalR then completes it).
            await _application.WaitAsync(Patience);
            _output.Writer.Complete();
            await reading.WaitAsync(Patience);
            return received.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            _input.Writer.Complete();
            _output.Reader.Complete();
            await _application.WaitAsync(Patience).ContinueWith(_ => { }, TaskScheduler.Default);
            await _services.DisposeAsync();
        }

        /// <summary>Records what the hub wrote, as the client should receive it.</summary>
        private sealed class Recording(PipeWriter inner, Harness harness) : PipeWriter
        {
            public override void Advance(int bytes) => inner.Advance(bytes);

            public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

            public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

            public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
            {
                harness._sent.Append(Encoding.ASCII.GetString(source.Span));
                harness.Writes++;
                harness.Written += source.Length;
                return inner.WriteAsync(source, cancellationToken);
            }

            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

            public override void CancelPendingFlush() => inner.CancelPendingFlush();

            public override void Complete(Exception? exception = null) => inner.Complete(exception);
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

internal static class CancellationTokenWaits
{
    public static Task WhenCancelledAsync(this CancellationToken token, TimeSpan timeout)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return timeout == Timeout.InfiniteTimeSpan ? cancelled.Task : cancelled.Task.WaitAsync(timeout);
    }
}
