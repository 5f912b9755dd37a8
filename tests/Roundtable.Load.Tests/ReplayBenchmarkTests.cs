using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Replay;
using Roundtable.Testing.Rooms;
using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>
/// The replay of a long ended roundtable over real HTTP: the endpoint's time (first and warm) and the payload's size,
/// plain and gzipped. Small by default (correctness); REPLAY_BENCH_EVENTS=10000 for the figures in docs/BENCHMARKS.md.
/// </summary>
public sealed class ReplayBenchmarkTests(ITestOutputHelper output)
{
    private const int Requests = 10;

    [Fact]
    public async Task ALongSessionsReplayIsServedWithAllItsEventsAndIsTimed()
    {
        var events = int.TryParse(Environment.GetEnvironmentVariable("REPLAY_BENCH_EVENTS"), out var n) ? n : 2_000;
        await using var server = new RoundtableServer();
        await server.StartAsync();
        var written = Stopwatch.StartNew();
        var roomId = await LongSession.CreateEndedAsync(server, events);
        written.Stop();

        // As a browser asks: gzip accepted.
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip }) { BaseAddress = server.BaseAddress };
        using var signedIn = await http.PostAsJsonAsync("/api/auth/token", new { email = "lena@roundtable.local", password = "roundtable-demo" });
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        // What opens the page (events, markers, the opening snapshot), then every snapshot, as the page asks for them.
        var timings = new List<double>();
        var checkpointTimings = new List<double>();
        byte[] body = [];
        byte[] checkpointsBody = [];
        for (var i = 0; i < Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            body = await http.GetByteArrayAsync($"/api/roundtables/{roomId}/replay");
            timings.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            checkpointsBody = await http.GetByteArrayAsync($"/api/roundtables/{roomId}/replay/checkpoints");
            checkpointTimings.Add(clock.Elapsed.TotalMilliseconds);
        }

        // Another session of the same length, asked for the first time of a server that has run: what a reader opening a
        // roundtable nobody has replayed yet waits for (the very first request after a start also pays for compiling).
        var otherRoomId = await LongSession.CreateEndedAsync(server, events);
        var firstOfAnother = Stopwatch.StartNew();
        _ = await http.GetByteArrayAsync($"/api/roundtables/{otherRoomId}/replay");
        firstOfAnother.Stop();

        if (Environment.GetEnvironmentVariable("REPLAY_BENCH_SAVE") is { } save) { await File.WriteAllBytesAsync(save, body); }
        var replay = JsonDocument.Parse(body).RootElement;
        var count = replay.GetProperty("events").GetArrayLength();
        Assert.InRange(count, events, events + 20);
        var every = replay.GetProperty("checkpointEvery").GetInt32();
        Assert.Equal([0L], replay.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("seq").GetInt64()));
        var checkpoints = JsonDocument.Parse(checkpointsBody).RootElement.EnumerateArray().Select(c => c.GetProperty("seq").GetInt64()).ToList();
        // Any moment is at most one checkpoint interval of events after a snapshot.
        Assert.Equal(0, checkpoints[0]);
        Assert.Equal(count, checkpoints[^1]);
        Assert.All(checkpoints.Zip(checkpoints.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 1, every));
        Assert.Contains(replay.GetProperty("markers").EnumerateArray(), m => m.GetProperty("kind").GetString() == "FeedbackOpened");

        // Where the server's time goes: reading the log, building the replay, writing it as JSON.
        var log = server.Services.GetRequiredService<IEventLog>();
        var read = Stopwatch.StartNew();
        var stored = await log.ReadStreamAsync(StreamNames.Room(roomId), 0, events + 100);
        read.Stop();
        var build = Stopwatch.StartNew();
        var built = RoomReplay.Build(roomId, stored, new Viewer(RoomAudience.Participants, "someone"), every, 200);
        build.Stop();
        var write = Stopwatch.StartNew();
        var json = JsonSerializer.SerializeToUtf8Bytes(built, server.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        write.Stop();
        output.WriteLine($"in process: read {read.Elapsed.TotalMilliseconds:F0} ms, build {build.Elapsed.TotalMilliseconds:F0} ms, " +
            $"JSON {write.Elapsed.TotalMilliseconds:F0} ms ({json.Length / 1024} KB)");

        using var zipped = new MemoryStream();
        await using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(body);
        }
        var sorted = timings.Skip(1).Order().ToList();
        output.WriteLine($"{count} events written in {written.Elapsed.TotalSeconds:F1} s; {checkpoints.Count} snapshots (every {every}), " +
            $"{replay.GetProperty("feedbackUpdates").GetArrayLength()} feedback updates, {replay.GetProperty("markers").GetArrayLength()} markers");
        output.WriteLine($"GET replay as a learner: first {timings[0]:F0} ms; warm median {sorted[sorted.Count / 2]:F0} ms, " +
            $"max {sorted[^1]:F0} ms over {sorted.Count}; first of another session {firstOfAnother.Elapsed.TotalMilliseconds:F0} ms");
        var sortedCheckpoints = checkpointTimings.Skip(1).Order().ToList();
        output.WriteLine($"GET replay/checkpoints: first {checkpointTimings[0]:F0} ms; warm median {sortedCheckpoints[sortedCheckpoints.Count / 2]:F0} ms, " +
            $"max {sortedCheckpoints[^1]:F0} ms; {checkpointsBody.Length / 1024.0:F0} KB");
        output.WriteLine($"payload {body.Length / 1024.0:F0} KB, {zipped.Length / 1024.0:F0} KB gzipped (fastest)");
    }
}
