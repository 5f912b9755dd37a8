using Roundtable.Core.Feedback;

namespace Roundtable.Core.Tests;

public sealed class FeedbackTallyTests
{
    private const int Precision = 9;

    /// <summary>Clarity on 1..5 weighing 2, delivery on 1..3 weighing 1, and one prompt.</summary>
    internal static readonly Rubric Rubric = new(
        "rubric-1", 1, "program-1", "Pitch", "How the pitch came across.",
        [
            new RubricCriterion("clarity", "Clarity", "Easy to follow.", ["Lost", "Patchy", "Fair", "Clear", "Crisp"], 2),
            new RubricCriterion("delivery", "Delivery", "Voice and pace.", ["Rushed", "Steady", "Engaging"], 1),
        ],
        [new RubricPrompt("worked", "What worked?"), new RubricPrompt("next", "What would you try next time?")]);

    private static Dictionary<string, int> Scores(int clarity, int delivery) => new() { ["clarity"] = clarity, ["delivery"] = delivery };

    [Fact]
    public void AnEmptyTallyHasNoMeansNoOverallAndZeroedDistributions()
    {
        var aggregate = new FeedbackTally(Rubric).ToAggregate();

        Assert.Equal(0, aggregate.Submissions);
        Assert.Null(aggregate.Overall);
        Assert.Equal(["clarity", "delivery"], aggregate.Criteria.Select(c => c.CriterionId));
        Assert.Equal(["Clarity", "Delivery"], aggregate.Criteria.Select(c => c.Name));
        Assert.Equal([2.0, 1.0], aggregate.Criteria.Select(c => c.Weight));
        Assert.All(aggregate.Criteria, c => Assert.Equal((0, (double?)null), (c.Count, c.Mean)));
        Assert.Equal([0, 0, 0, 0, 0], aggregate.Criteria[0].Distribution);
        Assert.Equal([0, 0, 0], aggregate.Criteria[1].Distribution);
    }

    [Fact]
    public void EachCriterionHasItsCountMeanAndHowManyGaveEachScore()
    {
        var tally = new FeedbackTally(Rubric);
        tally.Add(Scores(5, 1));
        tally.Add(Scores(4, 2));
        tally.Add(Scores(4, 3));
        tally.Add(Scores(2, 3));

        var aggregate = tally.ToAggregate();

        Assert.Equal(4, aggregate.Submissions);
        var (clarity, delivery) = (aggregate.Criteria[0], aggregate.Criteria[1]);
        Assert.Equal(4, clarity.Count);
        Assert.Equal(3.75, clarity.Mean!.Value, Precision);
        Assert.Equal([0, 1, 0, 2, 1], clarity.Distribution);
        Assert.Equal(4, delivery.Count);
        Assert.Equal(2.25, delivery.Mean!.Value, Precision);
        Assert.Equal([1, 1, 2], delivery.Distribution);
    }

    [Fact]
    public void TheOverallIsTheMeansWeightedByTheCriteriaWeights()
    {
        var tally = new FeedbackTally(Rubric);
        tally.Add(Scores(4, 1));

        // (2 × 4 + 1 × 1) / (2 + 1) = 3, not the plain mean 2.5.
        Assert.Equal(3.0, tally.ToAggregate().Overall!.Value, Precision);

        tally.Add(Scores(5, 3));
        // Clarity 4.5, delivery 2: (2 × 4.5 + 1 × 2) / 3.
        Assert.Equal(11.0 / 3, tally.ToAggregate().Overall!.Value, Precision);
    }

    [Fact]
    public void CriteriaNobodyScoredHaveNoMeanAndAreLeftOutOfTheOverall()
    {
        var tally = new FeedbackTally(Rubric);
        tally.Add(new Dictionary<string, int> { ["delivery"] = 2 });

        var aggregate = tally.ToAggregate();

        Assert.Equal((0, (double?)null), (aggregate.Criteria[0].Count, aggregate.Criteria[0].Mean));
        Assert.Equal(2.0, aggregate.Overall!.Value, Precision);
    }

    [Fact]
    public void ARevisionReplacesTheEarlierScoresInsteadOfAddingToThem()
    {
        var tally = new FeedbackTally(Rubric);
        var first = Scores(1, 1);
        tally.Replace(null, first);
        tally.Add(Scores(3, 3));

        tally.Replace(first, Scores(5, 2));

        var aggregate = tally.ToAggregate();
        Assert.Equal(2, aggregate.Submissions);
        Assert.Equal(2, aggregate.Criteria[0].Count);
        Assert.Equal(4.0, aggregate.Criteria[0].Mean!.Value, Precision);
        Assert.Equal([0, 0, 1, 0, 1], aggregate.Criteria[0].Distribution);
        Assert.Equal(2.5, aggregate.Criteria[1].Mean!.Value, Precision);
        Assert.Equal([0, 1, 1], aggregate.Criteria[1].Distribution);
    }

    [Fact]
    public void ReplacingWithNoEarlierScoresAdds()
    {
        var tally = new FeedbackTally(Rubric);
        tally.Replace(null, Scores(2, 2));
        Assert.Equal(1, tally.Submissions);
        Assert.Equal(2.0, tally.ToAggregate().Overall!.Value, Precision);
    }

    [Fact]
    public void RemovingASubmissionTakesOutItsScoresAndRemovingTheLastEmptiesTheTally()
    {
        var tally = new FeedbackTally(Rubric);
        var a = Scores(5, 3);
        var b = Scores(1, 1);
        tally.Add(a);
        tally.Add(b);

        tally.Remove(a);
        var aggregate = tally.ToAggregate();
        Assert.Equal(1, aggregate.Submissions);
        Assert.Equal([1.0, 1.0], aggregate.Criteria.Select(c => c.Mean!.Value));
        Assert.Equal([1, 0, 0, 0, 0], aggregate.Criteria[0].Distribution);

        tally.Remove(b);
        aggregate = tally.ToAggregate();
        Assert.Equal(0, aggregate.Submissions);
        Assert.Null(aggregate.Overall);
        Assert.All(aggregate.Criteria, c => Assert.Null(c.Mean));
        Assert.All(aggregate.Criteria, c => Assert.All(c.Distribution, n => Assert.Equal(0, n)));
    }

    [Fact]
    public void AnAggregateIsACopyThatLaterChangesDoNotTouch()
    {
        var tally = new FeedbackTally(Rubric);
        tally.Add(Scores(3, 2));
        var before = tally.ToAggregate();

        tally.Add(Scores(5, 3));

        Assert.Equal(1, before.Submissions);
        Assert.Equal([0, 0, 1, 0, 0], before.Criteria[0].Distribution);
        Assert.Equal(3.0, before.Criteria[0].Mean!.Value, Precision);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    [InlineData(31337)]
    public void AfterRandomSubmissionsAndRevisionsTheTallyEqualsTheAggregateOfEachGiversLatestScores(int seed)
    {
        var random = new Random(seed);
        var rubric = RandomRubric(random);
        var tally = new FeedbackTally(rubric);
        var latest = new Dictionary<int, IReadOnlyDictionary<string, int>>();
        var givers = random.Next(1, 12);

        for (var step = 0; step < 300; step++)
        {
            var giver = random.Next(givers);
            var scores = rubric.Criteria.ToDictionary(c => c.Id, c => random.Next(1, c.MaxScore + 1));
            tally.Replace(latest.GetValueOrDefault(giver), scores);
            latest[giver] = scores;

            if (step % 17 == 0 || step == 299)
            {
                AssertSameAggregate(Recompute(rubric, latest.Values), tally.ToAggregate());
            }
        }
    }

    /// <summary>The aggregate worked out from scratch, the obvious way, to check the running totals against.</summary>
    internal static FeedbackAggregate Recompute(Rubric rubric, IEnumerable<IReadOnlyDictionary<string, int>> submissions)
    {
        var all = submissions.ToList();
        var criteria = rubric.Criteria.Select(c =>
        {
            var given = all.Where(s => s.ContainsKey(c.Id)).Select(s => s[c.Id]).ToList();
            var distribution = Enumerable.Range(1, c.MaxScore).Select(score => given.Count(g => g == score)).ToList();
            return new CriterionAggregate(c.Id, c.Name, c.Weight, given.Count, given.Count > 0 ? given.Average() : null, distribution);
        }).ToList();
        var scored = criteria.Where(c => c.Mean is not null).ToList();
        double? overall = scored.Count > 0 ? scored.Sum(c => c.Mean!.Value * c.Weight) / scored.Sum(c => c.Weight) : null;
        return new FeedbackAggregate(all.Count, criteria, overall);
    }

    internal static void AssertSameAggregate(FeedbackAggregate expected, FeedbackAggregate actual)
    {
        Assert.Equal(expected.Submissions, actual.Submissions);
        AssertClose(expected.Overall, actual.Overall);
        Assert.Equal(expected.Criteria.Count, actual.Criteria.Count);
        for (var i = 0; i < expected.Criteria.Count; i++)
        {
            var (e, a) = (expected.Criteria[i], actual.Criteria[i]);
            Assert.Equal((e.CriterionId, e.Name, e.Weight, e.Count), (a.CriterionId, a.Name, a.Weight, a.Count));
            AssertClose(e.Mean, a.Mean);
            Assert.Equal(e.Distribution, a.Distribution);
        }
    }

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e)
        {
            Assert.Equal(e, actual!.Value, Precision);
        }
    }

    private static Rubric RandomRubric(Random random)
    {
        var criteria = Enumerable.Range(1, random.Next(1, RubricLimits.MaxCriteria + 1))
            .Select(i => new RubricCriterion(
                $"c{i}", $"Criterion {i}", "",
                [.. Enumerable.Range(1, random.Next(RubricLimits.MinLevels, RubricLimits.MaxLevels + 1)).Select(l => $"Level {l}")],
                Math.Round(0.5 + random.NextDouble() * 4, 2)))
            .ToList();
        return new Rubric("rubric-r", 1, "program-1", "Random", "", criteria, []);
    }
}
