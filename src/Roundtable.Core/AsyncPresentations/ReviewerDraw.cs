namespace Roundtable.Core.AsyncPresentations;

/// <summary>
/// Draws reviewers for a round. Pure and deterministic: the same presentations, learners, k and seed give the same
/// assignment on every node and in every later version (its own generator, not <see cref="Random"/>, whose sequence
/// for a seed is not promised across runtimes). With k random reviewers, each presentation takes the k eligible
/// learners who have the fewest reviews so far (ties broken by the draw), so nobody gets more than
/// ceil(k·n/(n−1)) reviews when n learners each present.
/// </summary>
public static class ReviewerDraw
{
    public static IReadOnlyList<ReviewAssignment> Assign(
        IReadOnlyList<(string PresentationId, string PresenterId)> presentations, IReadOnlyCollection<string> learnerIds, ReviewerChoice choice, int k, int seed)
    {
        var learners = learnerIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ordered = presentations.OrderBy(p => p.PresentationId, StringComparer.Ordinal).ToList();
        if (choice == ReviewerChoice.AllPeers)
        {
            return [.. ordered.Select(p => new ReviewAssignment(p.PresentationId, [.. learners.Where(l => l != p.PresenterId)]))];
        }
        var random = new SplitMix64((ulong)(uint)seed);
        // A fixed random rank per learner breaks ties, so the draw does not favour alphabetical order.
        var rank = learners.ToDictionary(l => l, _ => random.Next(), StringComparer.Ordinal);
        var load = learners.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        var assignments = new Dictionary<string, ReviewAssignment>(StringComparer.Ordinal);
        foreach (var p in Shuffle(ordered, random))
        {
            var chosen = learners
                .Where(l => l != p.PresenterId)
                .OrderBy(l => load[l])
                .ThenBy(l => rank[l])
                .Take(k)
                .ToList();
            foreach (var reviewer in chosen)
            {
                load[reviewer]++;
            }
            assignments[p.PresentationId] = new ReviewAssignment(p.PresentationId, [.. chosen.Order(StringComparer.Ordinal)]);
        }
        return [.. ordered.Select(p => assignments[p.PresentationId])];
    }

    /// <summary>The most reviews the draw gives one learner: ceil(k·n/(n−1)) for n learners.</summary>
    public static int MaxLoad(int k, int learners) => learners <= 1 ? 0 : (k * learners + learners - 2) / (learners - 1);

    private static List<T> Shuffle<T>(List<T> items, SplitMix64 random)
    {
        var copy = new List<T>(items);
        for (var i = copy.Count - 1; i > 0; i--)
        {
            var j = (int)(random.Next() % (ulong)(i + 1));
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }

    /// <summary>SplitMix64: tiny, fast, and its sequence is fixed by its definition.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
