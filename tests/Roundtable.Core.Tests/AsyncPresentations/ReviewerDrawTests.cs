using Roundtable.Core.AsyncPresentations;

namespace Roundtable.Core.Tests.AsyncPresentations;

public sealed class ReviewerDrawTests
{
    private static List<string> Learners(int n) => [.. Enumerable.Range(1, n).Select(i => $"learner-{i:D2}")];

    private static List<(string PresentationId, string PresenterId)> EachPresents(IEnumerable<string> learners) =>
        [.. learners.Select(l => ($"p-{l}", l))];

    [Fact]
    public void TheSameSeedGivesTheSameAssignmentWhateverOrderTheInputsCameIn()
    {
        var learners = Learners(9);
        var presentations = EachPresents(learners);
        var first = ReviewerDraw.Assign(presentations, learners, ReviewerChoice.RandomPeers, 3, 12345);
        var reordered = ReviewerDraw.Assign([.. Enumerable.Reverse(presentations)], [.. Enumerable.Reverse(learners)], ReviewerChoice.RandomPeers, 3, 12345);

        Assert.Equal(Flatten(first), Flatten(reordered));
    }

    [Fact]
    public void DifferentSeedsDrawDifferentReviewers()
    {
        var learners = Learners(12);
        var presentations = EachPresents(learners);
        var draws = Enumerable.Range(0, 10).Select(seed => Flatten(ReviewerDraw.Assign(presentations, learners, ReviewerChoice.RandomPeers, 2, seed))).ToList();

        Assert.True(draws.Distinct().Count() > 5, "ten seeds gave almost the same assignment");
    }

    [Fact]
    public void TheDrawIsFixedByItsDefinitionNotByTheRuntime()
    {
        // Recorded once: if this changes, nodes of different versions would disagree about who reviews what.
        var learners = Learners(4);
        var drawn = ReviewerDraw.Assign(EachPresents(learners), learners, ReviewerChoice.RandomPeers, 1, 7);
        Assert.Equal(Flatten(drawn), Flatten(ReviewerDraw.Assign(EachPresents(learners), learners, ReviewerChoice.RandomPeers, 1, 7)));
        Assert.All(drawn, a => Assert.Single(a.ReviewerIds));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public void EachPresentationGetsKDistinctPeersAndNobodyMoreThanCeilKnOverNMinusOne(int n)
    {
        var learners = Learners(n);
        for (var k = 1; k < n; k++)
        {
            for (var presenting = 1; presenting <= n; presenting++)
            {
                for (var seed = 0; seed < 25; seed++)
                {
                    var presentations = EachPresents(learners.Take(presenting));
                    var assignments = ReviewerDraw.Assign(presentations, learners, ReviewerChoice.RandomPeers, k, seed);

                    Assert.Equal(presentations.Count, assignments.Count);
                    foreach (var a in assignments)
                    {
                        var presenter = presentations.Single(p => p.PresentationId == a.PresentationId).PresenterId;
                        Assert.Equal(k, a.ReviewerIds.Count);
                        Assert.Equal(k, a.ReviewerIds.Distinct().Count());
                        Assert.DoesNotContain(presenter, a.ReviewerIds);
                    }
                    var loads = assignments.SelectMany(a => a.ReviewerIds).GroupBy(id => id).Select(g => g.Count()).ToList();
                    Assert.True(loads.Max() <= ReviewerDraw.MaxLoad(k, n), $"n={n} k={k} presenting={presenting} seed={seed}: a learner got {loads.Max()} reviews");
                }
            }
        }
    }

    [Fact]
    public void WhenEveryoneOfNPresentsEachReviewsExactlyK()
    {
        var learners = Learners(10);
        var loads = ReviewerDraw.Assign(EachPresents(learners), learners, ReviewerChoice.RandomPeers, 3, 99)
            .SelectMany(a => a.ReviewerIds).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(learners, l => Assert.Equal(3, loads[l]));
    }

    [Fact]
    public void AllPeersMeansEveryLearnerButThePresenter()
    {
        var learners = Learners(5);
        var assignments = ReviewerDraw.Assign(EachPresents(learners.Take(2)), learners, ReviewerChoice.AllPeers, 0, 1);
        Assert.All(assignments, a => Assert.Equal(4, a.ReviewerIds.Count));
        Assert.DoesNotContain("learner-01", assignments.Single(a => a.PresentationId == "p-learner-01").ReviewerIds);
    }

    [Fact]
    public void MaxLoadIsTheCeilingOfKnOverNMinusOne()
    {
        Assert.Equal(2, ReviewerDraw.MaxLoad(1, 2));
        Assert.Equal(3, ReviewerDraw.MaxLoad(2, 4)); // 8/3 → 3
        Assert.Equal(4, ReviewerDraw.MaxLoad(3, 10)); // 30/9 → 4
        Assert.Equal(4, ReviewerDraw.MaxLoad(3, 4)); // 12/3 = 4
    }

    private static string Flatten(IReadOnlyList<ReviewAssignment> assignments) =>
        string.Join(";", assignments.Select(a => $"{a.PresentationId}:{string.Join(",", a.ReviewerIds)}"));
}
