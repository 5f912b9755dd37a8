namespace Roundtable.Core.Feedback;

/// <summary>One criterion across the submissions counted: how many scored it, the mean, and how many gave each score.</summary>
public sealed record CriterionAggregate(string CriterionId, string Name, double Weight, int Count, double? Mean, IReadOnlyList<int> Distribution);

/// <summary>
/// The aggregate of a set of submissions against one rubric version: per criterion, and the weighted overall
/// (the weighted mean of the criteria's means, over the criteria anyone scored).
/// </summary>
public sealed record FeedbackAggregate(int Submissions, IReadOnlyList<CriterionAggregate> Criteria, double? Overall);

/// <summary>
/// The running totals behind a <see cref="FeedbackAggregate"/>. A submission is added; a revision removes the earlier
/// scores and adds the new ones. Each change costs one step per criterion, never a pass over all submissions.
/// Not thread-safe (it lives inside a room's state).
/// </summary>
public sealed class FeedbackTally(Rubric rubric)
{
    private readonly long[] _sums = new long[rubric.Criteria.Count];
    private readonly int[] _counts = new int[rubric.Criteria.Count];
    private readonly int[][] _distribution = [.. rubric.Criteria.Select(c => new int[c.MaxScore])];

    public Rubric Rubric { get; } = rubric;

    public int Submissions { get; private set; }

    public void Add(IReadOnlyDictionary<string, int> scores) => Change(scores, +1);

    public void Remove(IReadOnlyDictionary<string, int> scores) => Change(scores, -1);

    /// <summary>Replaces a submission's earlier scores by its revision (or adds it when <paramref name="earlier"/> is null).</summary>
    public void Replace(IReadOnlyDictionary<string, int>? earlier, IReadOnlyDictionary<string, int> revised)
    {
        if (earlier is not null)
        {
            Remove(earlier);
        }
        Add(revised);
    }

    public FeedbackAggregate ToAggregate()
    {
        var criteria = new CriterionAggregate[Rubric.Criteria.Count];
        double weighted = 0, weights = 0;
        for (var i = 0; i < criteria.Length; i++)
        {
            var c = Rubric.Criteria[i];
            double? mean = _counts[i] > 0 ? (double)_sums[i] / _counts[i] : null;
            criteria[i] = new CriterionAggregate(c.Id, c.Name, c.Weight, _counts[i], mean, [.. _distribution[i]]);
            if (mean is { } m)
            {
                weighted += m * c.Weight;
                weights += c.Weight;
            }
        }
        return new FeedbackAggregate(Submissions, criteria, weights > 0 ? weighted / weights : null);
    }

    private void Change(IReadOnlyDictionary<string, int> scores, int sign)
    {
        for (var i = 0; i < Rubric.Criteria.Count; i++)
        {
            if (scores.TryGetValue(Rubric.Criteria[i].Id, out var score))
            {
                _sums[i] += sign * score;
                _counts[i] += sign;
                _distribution[i][score - 1] += sign;
            }
        }
        Submissions += sign;
    }
}
