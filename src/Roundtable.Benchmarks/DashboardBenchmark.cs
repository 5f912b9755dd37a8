using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Log;
using Roundtable.Server.Storage;

namespace Roundtable.Benchmarks;

/// <summary>
/// How long the dashboard of a cohort of 50 learners with 20 past roundtables takes. Without --url: generates the
/// cohort's history (<see cref="CohortHistoryGenerator"/>), writes it through the embedded log into a fresh data
/// directory, then times folding the whole log into <see cref="ProgramActivity"/> and its queries, and says how to start
/// a server on that directory. With --url: signs in to that server as the history's coach and times the API.
/// Usage: Roundtable.Benchmarks dashboard [--data DIR] [--seed N] [--calls N]
///        Roundtable.Benchmarks dashboard --url http://127.0.0.1:5000 [--seed N] [--requests N] [--warmup N]
/// </summary>
public static class DashboardBenchmark
{
    /// <summary>The password of every account in the history.</summary>
    public const string Password = "dashboard-bench";

    /// <summary>Untimed calls before the timed ones (in process; over HTTP, --warmup).</summary>
    private const int Warmup = 50;
    private const int PageSize = 2000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args);
        var seed = int.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
        if (options.TryGetValue("url", out var url))
        {
            // The same seed gives the same ids and accounts; the times do not matter here.
            var history = CohortHistoryGenerator.Generate(seed, DateTimeOffset.UnixEpoch, "unused");
            return await TimeApiAsync(new Uri(url), history, int.Parse(options.GetValueOrDefault("requests", "20"), CultureInfo.InvariantCulture),
                int.Parse(options.GetValueOrDefault("warmup", "5"), CultureInfo.InvariantCulture));
        }
        var dir = Path.GetFullPath(options.GetValueOrDefault("data", Path.Combine(Path.GetTempPath(), "roundtable-dashboard-" + Guid.NewGuid().ToString("N")[..8])));
        return await GenerateAndFoldAsync(dir, seed, int.Parse(options.GetValueOrDefault("calls", "50"), CultureInfo.InvariantCulture));
    }

    private static async Task<int> GenerateAndFoldAsync(string dir, int seed, int calls)
    {
        var path = Path.Combine(dir, new StorageOptions().DatabaseFileName);
        if (File.Exists(path))
        {
            Console.Error.WriteLine($"{path} exists; give a fresh data directory.");
            return 2;
        }
        // Twenty weekly sessions, the last one a week ago.
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var firstSession = new DateTimeOffset(today.AddDays(-7 * 20).AddHours(15), TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        var history = CohortHistoryGenerator.Generate(seed, firstSession, new PasswordHasher<UserRecord>().HashPassword(new UserRecord(), Password));
        Console.WriteLine($"Made a history of {history.Events.Count:N0} events (seed {seed}) in {clock.Elapsed.TotalSeconds:0.0} s: " +
            $"{history.Learners.Count} learners, {history.RoundtableIds.Count} roundtables, " +
            string.Join(", ", history.Events.GroupBy(e => e.Event.TypeName).OrderByDescending(g => g.Count()).Take(6).Select(g => $"{g.Count():N0} {g.Key}")));

        clock.Restart();
        using (var db = new RoundtableDb(path))
        {
            var time = new SettableTime();
            using var log = new LiteDbEventLog(db, time, NullLogger<LiteDbEventLog>.Instance);
            await WriteAsync(log, time, history);
            Console.WriteLine($"Wrote them through the embedded log into {path} in {clock.Elapsed.TotalSeconds:0.0} s");

            // What a node does when it starts: read the whole log in pages and fold it.
            clock.Restart();
            var stored = new List<StoredEvent>();
            for (IReadOnlyList<StoredEvent> page; (page = await log.ReadAllAsync(stored.Count == 0 ? 0 : stored[^1].Position, PageSize)).Count > 0;)
            {
                stored.AddRange(page);
            }
            var read = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var activity = Fold(stored);
            var firstFold = clock.Elapsed.TotalMilliseconds;
            var folds = Time(10, () => Fold(stored));
            Console.WriteLine();
            Console.WriteLine($"Read {stored.Count:N0} events from the log in {read:0} ms; first fold (cold) {firstFold:0.0} ms; " +
                $"fold of the whole log, median {Median(folds):0.0} ms, max {folds.Max():0.0} ms over {folds.Count} folds");

            var now = DateTimeOffset.UtcNow;
            var last = history.RoundtableIds[^1];
            var dashboard = activity.Cohort(history.CohortId, now)!;
            Console.WriteLine($"Cohort dashboard: {dashboard.Learners.Count} learners, {dashboard.SessionsHeld} sessions held, " +
                $"attendance {dashboard.Learners.Average(l => l.SessionsJoined / (double)l.SessionsHeld):P0}, " +
                $"{dashboard.Learners.Count(l => l.Flags.Count > 0)} learners flagged, {JsonSerializer.SerializeToUtf8Bytes(dashboard, Json).Length / 1024.0:0} KB as JSON");
            Console.WriteLine();
            Console.WriteLine($"{"query (in process, " + calls + " timed calls)",-48} {"median ms",10} {"max ms",10} {"CPU ms",10}");
            Report("Cohort(cohortId, now)", calls, () => activity.Cohort(history.CohortId, now));
            Report("Cohort + JSON (what the API sends)", calls, () => JsonSerializer.SerializeToUtf8Bytes(activity.Cohort(history.CohortId, now), Json));
            Report("Program(programId, now)", calls, () => activity.Program(history.ProgramId, now));
            Report("Roundtable(last roundtable, now)", calls, () => activity.Roundtable(last, now));
            Report("Learner(cohortId, a learner, now)", calls, () => activity.Learner(history.CohortId, history.Learners[0].UserId, now));
        }

        Console.WriteLine();
        Console.WriteLine("To time the API, start a Release server on this data (it folds the whole log when it starts):");
        Console.WriteLine($"  Storage__DataDirectory={dir} Logging__LogLevel__Default=Warning \\");
        Console.WriteLine("    dotnet src/Roundtable.Server/bin/Release/net10.0/Roundtable.Server.dll --urls http://127.0.0.1:5000");
        Console.WriteLine("then either");
        Console.WriteLine($"  dotnet src/Roundtable.Benchmarks/bin/Release/net10.0/Roundtable.Benchmarks.dll dashboard --url http://127.0.0.1:5000 --seed {seed}");
        Console.WriteLine("or, with curl:");
        Console.WriteLine($"  TOKEN=$(curl -s http://127.0.0.1:5000/api/auth/token -H 'Content-Type: application/json' \\");
        Console.WriteLine($"    -d '{{\"email\":\"{history.Coach.Email}\",\"password\":\"{Password}\"}}' | sed 's/.*\"accessToken\":\"\\([^\"]*\\)\".*/\\1/')");
        Console.WriteLine($"  for i in $(seq 25); do curl -s -o /dev/null -w '%{{time_total}}\\n' -H \"Authorization: Bearer $TOKEN\" \\");
        Console.WriteLine($"    http://127.0.0.1:5000/api/cohorts/{history.CohortId}/dashboard; done");
        Console.WriteLine($"Program {history.ProgramId}, cohort {history.CohortId}, last roundtable {history.RoundtableIds[^1]}; " +
            $"coach {history.Coach.Email}, manager {history.Manager.Email}, every account's password: {Password}");
        return 0;
    }

    /// <summary>Appends each run of events of one stream at one time in one append, stamped with that time.</summary>
    private static async Task WriteAsync(LiteDbEventLog log, SettableTime time, CohortHistory history)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var events = history.Events;
        for (var i = 0; i < events.Count;)
        {
            var first = events[i];
            var batch = new List<Core.Events.DomainEvent>();
            for (; i < events.Count && events[i].Stream == first.Stream && events[i].At == first.At; i++)
            {
                batch.Add(events[i].Event);
            }
            time.Now = first.At;
            var result = await log.AppendAsync(first.Stream, versions.GetValueOrDefault(first.Stream), batch);
            versions[first.Stream] = result.Succeeded ? result.ActualVersion : throw new InvalidOperationException($"Append conflict on {first.Stream}.");
        }
    }

    private static ProgramActivity Fold(List<StoredEvent> events)
    {
        var activity = new ProgramActivity();
        foreach (var e in events)
        {
            activity.Apply(e);
        }
        return activity;
    }

    private static async Task<int> TimeApiAsync(Uri url, CohortHistory history, int requests, int warmup)
    {
        using var http = new HttpClient { BaseAddress = url };
        using (var signIn = await http.PostAsJsonAsync("/api/auth/token", new { email = history.Coach.Email, password = Password }))
        {
            if (!signIn.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"Signing in as {history.Coach.Email} failed: {(int)signIn.StatusCode}. Is the server on the data made with this seed?");
                return 1;
            }
            var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        Console.WriteLine($"{"GET (" + requests + " requests after " + warmup + ", one at a time)",-60} {"first ms",10} {"median ms",10} {"max ms",10} {"KB",6}");
        foreach (var path in new[]
        {
            $"/api/cohorts/{history.CohortId}/dashboard",
            $"/api/programs/{history.ProgramId}/improvement",
            $"/api/roundtables/{history.RoundtableIds[^1]}/summary",
        })
        {
            var size = 0;
            async Task GetAsync()
            {
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                size = response.IsSuccessStatusCode ? body.Length : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
            }
            // The first request on a fresh server also pays for compiling the endpoint and the query.
            var first = Stopwatch.StartNew();
            await GetAsync();
            var firstMs = first.Elapsed.TotalMilliseconds;
            for (var i = 1; i < warmup; i++)
            {
                await GetAsync();
            }
            var times = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var clock = Stopwatch.StartNew();
                await GetAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{path,-60} {firstMs,10:0.0} {Median(times),10:0.0} {times.Max(),10:0.0} {size / 1024.0,6:0}");
        }
        return 0;
    }

    private static void Report(string name, int calls, Func<object?> query)
    {
        var times = Time(calls, query);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < calls; i++)
        {
            GC.KeepAlive(query());
        }
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{name,-48} {Median(times),10:0.00} {times.Max(),10:0.00} {cpu.TotalMilliseconds / calls,10:0.00}");
    }

    /// <summary>
    /// Times <paramref name="count"/> runs after untimed ones: at least <see cref="Warmup"/> and for at least a second,
    /// so the JIT has compiled the optimised code by then (it does after 30 calls, in the background).
    /// </summary>
    private static List<double> Time(int count, Func<object?> run)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < Warmup || warming.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            GC.KeepAlive(run());
        }
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            GC.KeepAlive(run());
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }

    /// <summary>The log stamps each append with this clock's time, so the history keeps its own times.</summary>
    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
