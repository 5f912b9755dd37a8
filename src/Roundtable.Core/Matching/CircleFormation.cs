namespace Roundtable.Core.Matching;

public sealed record CircleOptions(int MinSize = 3, int MaxSize = 6)
{
    /// <summary>Up to this many combinations of the mentors' possible foci are searched exhaustively.</summary>
    public int ExactCombinationLimit { get; init; } = 4096;
}

public sealed record CircleMember(string LearnerId, int Points, IReadOnlyList<string> Reasons);

/// <summary>A mentoring circle: one mentor and several learners who all want the skill the mentor offers.</summary>
public sealed record FormedCircle(string MentorId, string Focus, IReadOnlyList<CircleMember> Members)
{
    public int Score => Members.Sum(m => m.Points);
}

public enum CircleMethod
{
    /// <summary>Every combination of foci was searched: the result is optimal.</summary>
    Exact,

    /// <summary>Each mentor took their most wanted focus; circles under the minimum were closed one at a time.</summary>
    MostWantedFocus,
}

public sealed record CircleFormationResult(IReadOnlyList<FormedCircle> Circles, IReadOnlyList<LeftOut> LeftOut, int Learners, CircleMethod Method)
{
    public int Matched => Circles.Sum(c => c.Members.Count);

    public int TotalScore => Circles.Sum(c => c.Score);

    public int SumOfSquares => Circles.Sum(c => c.Members.Count * c.Members.Count);

    public double MatchedShare => Learners == 0 ? 0 : (double)Matched / Learners;

    public double MeanScore => Matched == 0 ? 0 : (double)TotalScore / Matched;
}

/// <summary>
/// Forms mentoring circles: each mentor (capacity above 0) leads at most one, on one skill they offer; its members want
/// that skill at a lower level than the mentor's, and there are <see cref="CircleOptions.MinSize"/> to
/// <see cref="CircleOptions.MaxSize"/> of them. Each learner joins at most one circle. The goal, in order: place as
/// many learners as possible, then make the sizes as even as possible (least sum of squared sizes), then the highest
/// total score.
/// </summary>
/// <remarks>
/// For a chosen set of circles, one min-cost max-flow places the learners: the arcs from a circle to the sink are
/// parallel, the k-th costing more than the one before (B·(2k−1), the step from (k−1)² to k², with B above any total
/// score), so the cheapest maximum flow has the least sum of squares and, among those, the highest score. That flow
/// also gives the largest possible smallest circle, so when it leaves an open circle under the minimum, no placement of
/// that set of circles meets it. Which circles to open is searched over every combination of foci when there are few
/// enough; otherwise each mentor takes their most wanted focus, and the smallest circle under the minimum is closed
/// until all are within bounds.
/// </remarks>
public static class CircleFormation
{
    private sealed record Candidate(string MentorId, string Focus, Dictionary<int, (int Points, List<string> Reasons)> Learners);

    public static CircleFormationResult Form(MatchingPool pool, IReadOnlyCollection<string> learnerIds, IReadOnlyCollection<string> mentorIds, CircleOptions options)
    {
        if (options.MinSize < 1 || options.MaxSize < options.MinSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "A circle's size bounds need 1 ≤ minimum ≤ maximum.");
        }
        var learners = learnerIds.Distinct().ToList();
        var mentors = mentorIds.Distinct().Where(m => pool.Profile(m).MentorCapacity > 0).ToList();
        var optionsPerMentor = mentors
            .Select(m => Candidates(pool, m, learners).Where(c => c.Learners.Count >= options.MinSize).ToList())
            .Where(list => list.Count > 0)
            .ToList();

        double combinations = optionsPerMentor.Aggregate(1.0, (product, list) => product * (list.Count + 1));
        (List<FormedCircle> Circles, int Matched, int Squares, int Score)? best;
        CircleMethod method;
        if (combinations <= options.ExactCombinationLimit)
        {
            method = CircleMethod.Exact;
            best = null;
            var chosen = new List<Candidate>();
            void Search(int index)
            {
                if (index == optionsPerMentor.Count)
                {
                    var placed = Place(pool, chosen, learners, options.MaxSize);
                    if (placed.Circles.All(c => c.Members.Count >= options.MinSize) && (best is null || Better(placed, best.Value)))
                    {
                        best = placed;
                    }
                    return;
                }
                Search(index + 1);
                foreach (var candidate in optionsPerMentor[index])
                {
                    chosen.Add(candidate);
                    Search(index + 1);
                    chosen.RemoveAt(chosen.Count - 1);
                }
            }
            Search(0);
        }
        else
        {
            method = CircleMethod.MostWantedFocus;
            var open = optionsPerMentor
                .Select(list => list.OrderByDescending(c => c.Learners.Count).ThenByDescending(c => c.Learners.Values.Sum(v => v.Points)).ThenBy(c => c.Focus, StringComparer.Ordinal).First())
                .ToList();
            while (true)
            {
                var placed = Place(pool, open, learners, options.MaxSize);
                var tooSmall = placed.Circles.Where(c => c.Members.Count < options.MinSize).OrderBy(c => c.Members.Count).FirstOrDefault();
                if (tooSmall is null)
                {
                    best = placed;
                    break;
                }
                open.RemoveAll(c => c.MentorId == tooSmall.MentorId);
            }
        }

        var circles = best!.Value.Circles;
        var inCircle = circles.SelectMany(c => c.Members).Select(m => m.LearnerId).ToHashSet();
        var leftOut = learners
            .Where(l => !inCircle.Contains(l))
            .Select(l => new LeftOut(l, pool.WhyLeftOut(l, mentors,
                $"No circle on a skill {pool.Name(l)} wants had room or enough members ({options.MinSize} to {options.MaxSize}); mentors who could help: {{mentors}}.")))
            .ToList();
        return new CircleFormationResult(circles, leftOut, learners.Count, method);
    }

    private static bool Better((List<FormedCircle> Circles, int Matched, int Squares, int Score) a, (List<FormedCircle> Circles, int Matched, int Squares, int Score) b) =>
        a.Matched != b.Matched ? a.Matched > b.Matched
        : a.Squares != b.Squares ? a.Squares < b.Squares
        : a.Score > b.Score;

    private static List<Candidate> Candidates(MatchingPool pool, string mentorId, List<string> learners) =>
        pool.Profile(mentorId).Offers
            .Select(offer => new Candidate(mentorId, offer.Name, learners
                .Select((learner, index) => (Index: index, Score: pool.Score(mentorId, learner, focus: offer.Name)))
                .Where(x => x.Score.IsMatch)
                .ToDictionary(x => x.Index, x => (x.Score.Points, x.Score.Reasons.ToList()))))
            .ToList();

    private static (List<FormedCircle> Circles, int Matched, int Squares, int Score) Place(
        MatchingPool pool, IReadOnlyList<Candidate> circles, List<string> learners, int maxSize)
    {
        long maxPoints = circles.SelectMany(c => c.Learners.Values).Select(v => (long)v.Points).DefaultIfEmpty(0).Max();
        var step = maxPoints * learners.Count + 1;
        var graph = new MinCostFlow(2 + learners.Count + circles.Count);
        var arcs = new List<(int Arc, int Learner, int Circle)>();
        for (var l = 0; l < learners.Count; l++)
        {
            graph.AddArc(0, 2 + l, 1, 0);
        }
        for (var c = 0; c < circles.Count; c++)
        {
            var node = 2 + learners.Count + c;
            foreach (var (l, (points, _)) in circles[c].Learners)
            {
                arcs.Add((graph.AddArc(2 + l, node, 1, -points), l, c));
            }
            for (var k = 1; k <= maxSize; k++)
            {
                graph.AddArc(node, 1, 1, step * (2 * k - 1));
            }
        }
        graph.Run(0, 1);

        var members = circles.Select(_ => new List<CircleMember>()).ToList();
        foreach (var (arc, l, c) in arcs.Where(a => graph.Flow(a.Arc) > 0))
        {
            var (points, reasons) = circles[c].Learners[l];
            members[c].Add(new CircleMember(learners[l], points, reasons));
        }
        var formed = circles
            .Select((c, i) => new FormedCircle(c.MentorId, c.Focus, members[i]))
            .Where(c => c.Members.Count > 0)
            .ToList();
        return (formed, formed.Sum(c => c.Members.Count), formed.Sum(c => c.Members.Count * c.Members.Count), formed.Sum(c => c.Score));
    }
}
