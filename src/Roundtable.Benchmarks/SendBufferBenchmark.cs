using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Server.Hubs;

namespace Roundtable.Benchmarks;

/// <summary>
/// What the per-connection send buffer costs a hub's writes while the client keeps up: writes frames of 1 KB (about a
/// room event) to a transport pipe that another task drains and that never pauses (so every write goes straight
/// through, the usual case), straight and through <see cref="SendBuffer"/>, alternating, and reports the process's CPU
/// time per frame for each. (A client that falls behind is the other case: its frames are copied once more, in batches.)
/// Usage: Roundtable.Benchmarks sendbuffer [frames per round].
/// </summary>
public static class SendBufferBenchmark
{
    private const int Rounds = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var frame = new byte[1024];
        frame[^1] = 0x1e;
        await using var services = new ServiceCollection().AddLogging().AddMetrics().AddSingleton<SendBufferMetrics>().BuildServiceProvider();
        Console.WriteLine($"{"round",5} | {"straight CPU ns/frame",21} | {"via the buffer CPU ns/frame",27}");
        await MeasureAsync(frames / 10, frame, services, buffered: false);
        await MeasureAsync(frames / 10, frame, services, buffered: true);
        for (var round = 1; round <= Rounds; round++)
        {
            var straight = await MeasureAsync(frames, frame, services, buffered: false);
            var viaBuffer = await MeasureAsync(frames, frame, services, buffered: true);
            Console.WriteLine($"{round,5} | {straight,21:0} | {viaBuffer,27:0}");
        }
        return 0;
    }

    private static async Task<double> MeasureAsync(int frames, byte[] frame, IServiceProvider services, bool buffered)
    {
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        var input = new Pipe();
        var drain = Task.Run(async () =>
        {
            while (true)
            {
                var result = await output.Reader.ReadAsync();
                output.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        });
        async Task WriteAll(PipeWriter writer)
        {
            for (var i = 0; i < frames; i++)
            {
                await writer.WriteAsync(frame);
            }
        }
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        if (buffered)
        {
            var connection = new DefaultConnectionContext("c", new Duplex(input.Reader, output.Writer), new Duplex(output.Reader, input.Writer));
            await SendBuffer.RunAsync(connection, c => WriteAll(c.Transport.Output), "Benchmark", services);
        }
        else
        {
            await WriteAll(output.Writer);
        }
        await output.Writer.CompleteAsync();
        await drain;
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / frames;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
