using System.Diagnostics;
using Roundtable.Server.Search;
using Xunit.Abstractions;

namespace Roundtable.Load.Tests;

/// <summary>
/// The search index over many documents, in process: building it, then the time of a query as a learner (their one
/// cohort) and as an admin (every cohort), and a learner's second pass without roundtables they may not read (every
/// tenth document of a cohort is a transcript message, of one of its ten roundtables). Small by default (correctness);
/// SEARCH_BENCH_DOCUMENTS=100000 for the figures in docs/BENCHMARKS.md.
/// </summary>
public sealed class SearchBenchmarkTests(ITestOutputHelper output)
{
    private const int Cohorts = 50;
    private const int Queries = 200;

    private static readonly string[] Words =
    [
        "customer", "discovery", "pricing", "objection", "listen", "question", "summary", "agenda", "coach", "feedback",
        "rubric", "evidence", "clarity", "pitch", "demo", "follow", "meeting", "budget", "decision", "timeline",
        "stakeholder", "value", "risk", "competitor", "renewal", "onboarding", "support", "contract", "trial", "reference",
    ];

    [Fact]
    public void ALearnersQueryOverManyDocumentsFindsOnlyTheirCohortsAndIsTimed()
    {
        var documents = int.TryParse(Environment.GetEnvironmentVariable("SEARCH_BENCH_DOCUMENTS"), out var n) ? n : 5_000;
        var path = Path.Combine(Path.GetTempPath(), $"search-bench-{Guid.NewGuid():N}");
        try
        {
            using var index = new SearchIndex(path);
            var random = new Random(1);
            var build = Stopwatch.StartNew();
            for (var start = 0; start < documents; start += 10_000)
            {
                var batch = Enumerable.Range(start, Math.Min(10_000, documents - start)).Select(i =>
                {
                    var text = string.Join(' ', Enumerable.Range(0, 80).Select(_ => Words[random.Next(Words.Length)]));
                    var cohort = $"cohort{i % Cohorts}";
                    var roundtable = i / Cohorts % 10 == 0 ? $"room{i % Cohorts}-{i / (Cohorts * 10) % 10}" : null;
                    return new SearchChange($"doc:{i}", new SearchDocument($"doc:{i}", roundtable is null ? "wiki" : "transcript", cohort,
                        $"Page {i} {Words[i % Words.Length]}", $"{text} unique{i}", $"/wiki.html?page={i}", roundtable));
                }).ToList();
                index.Apply(batch, start + batch.Count);
            }
            build.Stop();

            var learner = new[] { "cohort7" };
            Assert.Equal(1, index.Search($"unique{7 + Cohorts}", learner, 10).Total);
            Assert.Equal(0, index.Search("unique8", learner, 10).Total);
            Assert.All(index.Search("pricing objection", learner, 50).Hits, hit => Assert.Equal("cohort7", hit.CohortId));
            // Every title holds "page"; cohort 7's documents are 7, 57, 107, ...: 7, 507, 1007, ... are in its ten roundtables.
            var all = index.Search("page", learner, 10);
            Assert.Equal(Enumerable.Range(0, 10).Select(r => $"room7-{r}").Order(), all.Roundtables.Order());
            var without = index.Search("page", learner, 10, ["room7-0", "room7-1"]);
            Assert.Equal(all.Roundtables.Count - 2, without.Roundtables.Count);
            Assert.True(without.Total < all.Total);

            // Warm up, then time two words (common ones: most documents hold both) and one rare word.
            for (var i = 0; i < 20; i++)
            {
                index.Search("pricing objection", learner, 20);
            }
            var timings = new Dictionary<string, List<double>>();
            void Time(string what, Func<SearchResults> search)
            {
                var list = timings.TryGetValue(what, out var l) ? l : timings[what] = [];
                var clock = Stopwatch.StartNew();
                search();
                list.Add(clock.Elapsed.TotalMilliseconds);
            }
            for (var i = 0; i < Queries; i++)
            {
                var a = Words[random.Next(Words.Length)];
                var b = Words[random.Next(Words.Length)];
                var cohort = new[] { $"cohort{random.Next(Cohorts)}" };
                Time("learner, two common words, 20 results with snippets", () => index.Search($"{a} {b}", cohort, 20));
                Time("admin, two common words, 20 results with snippets", () => index.Search($"{a} {b}", null, 20));
                Time("learner, one rare word", () => index.Search($"unique{random.Next(documents)}", cohort, 20));
                var unreadable = Enumerable.Range(0, 5).Select(_ => $"{cohort[0].Replace("cohort", "room")}-{random.Next(10)}").ToList();
                Time("learner, two common words, 5 roundtables left out (the second pass)", () => index.Search($"{a} {b}", cohort, 20, unreadable));
            }
            output.WriteLine($"{documents:N0} documents in {Cohorts} cohorts, built in {build.Elapsed.TotalSeconds:0.0} s; {Queries} queries of each kind:");
            foreach (var (what, list) in timings)
            {
                list.Sort();
                output.WriteLine($"  {what}: median {list[list.Count / 2]:0.00} ms, p95 {list[(int)(list.Count * 0.95)]:0.00} ms, max {list[^1]:0.00} ms");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }
}
