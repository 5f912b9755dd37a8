namespace Roundtable.Core.Feedback;

/// <summary>
/// One score given on one criterion of one presentation. <paramref name="ByCoach"/>: a coach's rating, the reference
/// peers are compared with (coaches are not calibrated themselves). The scale runs from 1 to <paramref name="ScaleMax"/>.
/// </summary>
public sealed record CalibrationRating(string PresentationId, string RaterId, bool ByCoach, string CriterionId, int Score, int ScaleMax);

/// <summary>Rater calibration's settings (configuration section <c>Calibration</c>).</summary>
public sealed class CalibrationOptions
{
    public const string Section = "Calibration";

    public static CalibrationOptions Default { get; } = new();

    /// <summary>
    /// How many presentations a figure must rest on before it is given (below it, the figure is null): fewer than three
    /// lets one odd presentation stand for a person's habit.
    /// </summary>
    public int MinimumPresentations { get; init; } = 3;
}

/// <summary>A figure and how many presentations it rests on; <see cref="Value"/> is null below the minimum.</summary>
public sealed record CalibrationFigure(double? Value, int Count);

/// <summary>
/// How one peer rates one criterion, across the presentations they rated (see docs/CALIBRATION.md for the formulas).
/// </summary>
/// <param name="Leniency">Mean of (their score − the other peers' mean), over presentations other peers also rated.</param>
/// <param name="LeniencyVsCoach">Mean of (their score − the coach's score), over presentations a coach also rated.</param>
/// <param name="Spread">Standard deviation of their scores.</param>
/// <param name="ScaleUsed">(highest − lowest of their scores) ÷ (scale maximum − 1): 0 = one value only, 1 = the whole scale.</param>
/// <param name="MeanAbsoluteDifference">Mean of |their score − the other peers' mean|.</param>
/// <param name="Correlation">Pearson correlation of their scores with the other peers' means (null when either never varies).</param>
public sealed record RaterCalibration(
    string RaterId, string CriterionId, CalibrationFigure Leniency, CalibrationFigure LeniencyVsCoach, CalibrationFigure Spread,
    CalibrationFigure ScaleUsed, CalibrationFigure MeanAbsoluteDifference, CalibrationFigure Correlation)
{
    /// <summary>
    /// What is taken off this rater's scores for a calibrated aggregate: their leniency against the coach where known
    /// (the program's reference), else against the other peers, else nothing.
    /// </summary>
    public double? Adjustment => LeniencyVsCoach.Value ?? Leniency.Value;
}

/// <summary>One criterion of a presentation: the peers' raw mean beside their calibrated mean.</summary>
/// <param name="Adjusted">How many of the <paramref name="Count"/> peers' scores had a known leniency taken off.</param>
public sealed record CalibratedCriterion(string CriterionId, string Name, int Count, int Adjusted, double? Raw, double? Calibrated);

/// <summary>A presentation's peer aggregate, raw and calibrated, per criterion and weighted overall.</summary>
public sealed record CalibratedAggregate(IReadOnlyList<CalibratedCriterion> Criteria, double? RawOverall, double? CalibratedOverall)
{
    /// <summary>
    /// How many presentations a peer's leniency must rest on before it is taken off (below it, their scores count as
    /// given), so the page can say so.
    /// </summary>
    public int MinimumPresentations { get; init; } = CalibrationOptions.Default.MinimumPresentations;
}

/// <summary>
/// Rater calibration: how lenient or harsh each peer rates, how much of the scale they use, and how well they agree
/// with the others, from the scores given on presentations. Pure.
/// </summary>
public static class Calibration
{
    /// <summary>Every peer's calibration on every criterion they scored, ordered by rater then criterion.</summary>
    public static IReadOnlyList<RaterCalibration> Of(IEnumerable<CalibrationRating> ratings, CalibrationOptions options)
    {
        var all = ratings.ToList();
        // One cell per presentation and criterion: who scored what there.
        var cells = all.GroupBy(r => (r.PresentationId, r.CriterionId)).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<RaterCalibration>();
        foreach (var group in all.Where(r => !r.ByCoach).GroupBy(r => (r.RaterId, r.CriterionId)).OrderBy(g => g.Key.RaterId, StringComparer.Ordinal).ThenBy(g => g.Key.CriterionId, StringComparer.Ordinal))
        {
            var scores = new List<double>();
            var scaleMax = 2;
            var vsPeers = new List<(double Own, double Others)>();
            var vsCoach = new List<double>();
            // A revision replaces a score, so a rater has one score per presentation; the last one given counts.
            foreach (var own in group.GroupBy(r => r.PresentationId).Select(g => g.Last()))
            {
                scores.Add(own.Score);
                scaleMax = Math.Max(scaleMax, own.ScaleMax);
                var cell = cells[(own.PresentationId, own.CriterionId)];
                var others = LastPerRater(cell.Where(r => !r.ByCoach && r.RaterId != own.RaterId)).ToList();
                if (others.Count > 0)
                {
                    vsPeers.Add((own.Score, others.Average(r => r.Score)));
                }
                var coaches = LastPerRater(cell.Where(r => r.ByCoach)).ToList();
                if (coaches.Count > 0)
                {
                    vsCoach.Add(own.Score - coaches.Average(r => r.Score));
                }
            }
            var min = options.MinimumPresentations;
            result.Add(new RaterCalibration(
                group.Key.RaterId, group.Key.CriterionId,
                Figure(vsPeers.Count, min, () => vsPeers.Average(p => p.Own - p.Others)),
                Figure(vsCoach.Count, min, () => vsCoach.Average()),
                Figure(scores.Count, min, () => StandardDeviation(scores)),
                Figure(scores.Count, min, () => (scores.Max() - scores.Min()) / (scaleMax - 1)),
                Figure(vsPeers.Count, min, () => vsPeers.Average(p => Math.Abs(p.Own - p.Others))),
                Figure(vsPeers.Count, min, () => Pearson(vsPeers))));
        }
        return result;
    }

    /// <summary>
    /// A presentation's peer aggregate with each peer's <see cref="RaterCalibration.Adjustment"/> taken off their score
    /// (clamped to the scale), averaged as the raw aggregate is; a peer whose adjustment is not known counts as given.
    /// </summary>
    /// <param name="peerScores">Each peer's scores on this presentation, by rater, then by criterion id.</param>
    /// <param name="adjustmentOf">The adjustment for a rater and criterion, or null when not known.</param>
    public static CalibratedAggregate Aggregate(
        Rubric rubric, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> peerScores, Func<string, string, double?> adjustmentOf)
    {
        var criteria = new List<CalibratedCriterion>();
        double rawWeighted = 0, calibratedWeighted = 0, weights = 0;
        foreach (var criterion in rubric.Criteria)
        {
            var raw = new List<double>();
            var calibrated = new List<double>();
            var adjusted = 0;
            foreach (var (raterId, scores) in peerScores)
            {
                if (!scores.TryGetValue(criterion.Id, out var score))
                {
                    continue;
                }
                raw.Add(score);
                if (adjustmentOf(raterId, criterion.Id) is { } adjustment)
                {
                    adjusted++;
                    calibrated.Add(Math.Clamp(score - adjustment, 1, criterion.MaxScore));
                }
                else
                {
                    calibrated.Add(score);
                }
            }
            if (raw.Count == 0)
            {
                criteria.Add(new CalibratedCriterion(criterion.Id, criterion.Name, 0, 0, null, null));
                continue;
            }
            var (rawMean, calibratedMean) = (raw.Average(), calibrated.Average());
            criteria.Add(new CalibratedCriterion(criterion.Id, criterion.Name, raw.Count, adjusted, rawMean, calibratedMean));
            rawWeighted += rawMean * criterion.Weight;
            calibratedWeighted += calibratedMean * criterion.Weight;
            weights += criterion.Weight;
        }
        return weights > 0
            ? new CalibratedAggregate(criteria, rawWeighted / weights, calibratedWeighted / weights)
            : new CalibratedAggregate(criteria, null, null);
    }

    private static IEnumerable<CalibrationRating> LastPerRater(IEnumerable<CalibrationRating> ratings) =>
        ratings.GroupBy(r => r.RaterId).Select(g => g.Last());

    private static CalibrationFigure Figure(int count, int minimum, Func<double?> value) =>
        new(count >= minimum && count > 0 ? value() : null, count);

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    private static double? Pearson(IReadOnlyList<(double Own, double Others)> pairs)
    {
        var (ownMean, othersMean) = (pairs.Average(p => p.Own), pairs.Average(p => p.Others));
        double covariance = 0, ownVariance = 0, othersVariance = 0;
        foreach (var (own, others) in pairs)
        {
            covariance += (own - ownMean) * (others - othersMean);
            ownVariance += (own - ownMean) * (own - ownMean);
            othersVariance += (others - othersMean) * (others - othersMean);
        }
        // Someone who always gives the same score (or rates with others who do) has no correlation to speak of.
        return ownVariance < 1e-12 || othersVariance < 1e-12 ? null : covariance / Math.Sqrt(ownVariance * othersVariance);
    }
}
