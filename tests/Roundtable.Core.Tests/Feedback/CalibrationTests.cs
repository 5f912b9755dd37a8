using Roundtable.Core.Feedback;

namespace Roundtable.Core.Tests.Feedback;

/// <summary>Hand-made stories whose answers are known before the maths runs.</summary>
public sealed class CalibrationTests
{
    private const int ScaleMax = 7;

    private static readonly Rubric Rubric = new("talk", 1, "p1", "Talk", "",
        [
            new RubricCriterion("structure", "Structure", "", ["1", "2", "3", "4", "5", "6", "7"], 1),
            new RubricCriterion("delivery", "Delivery", "", ["1", "2", "3", "4", "5", "6", "7"], 1),
        ],
        []);

    private static CalibrationRating Peer(string presentation, string rater, int score, string criterion = "structure") =>
        new(presentation, rater, false, criterion, score, ScaleMax);

    private static CalibrationRating Coach(string presentation, int score, string criterion = "structure") =>
        new(presentation, "coach", true, criterion, score, ScaleMax);

    private static RaterCalibration Of(IEnumerable<CalibrationRating> ratings, string rater, string criterion = "structure") =>
        Calibration.Of(ratings, CalibrationOptions.Default).Single(c => c.RaterId == rater && c.CriterionId == criterion);

    /// <summary>Four presentations with true scores 2, 3, 5, 4: Ann and Ben give the truth, Lee always one more.</summary>
    private static List<CalibrationRating> LenientStory()
    {
        var ratings = new List<CalibrationRating>();
        foreach (var (presentation, truth) in new[] { ("p1", 2), ("p2", 3), ("p3", 5), ("p4", 4) })
        {
            ratings.AddRange([Peer(presentation, "ann", truth), Peer(presentation, "ben", truth), Peer(presentation, "lee", truth + 1)]);
        }
        return ratings;
    }

    [Fact]
    public void RaterAlwaysOneAboveEveryoneHasLeniencyOneAndAgreesPerfectlyInOrder()
    {
        var lee = Of(LenientStory(), "lee");

        Assert.Equal(4, lee.Leniency.Count);
        Assert.Equal(1, lee.Leniency.Value!.Value, 9);
        Assert.Equal(1, lee.MeanAbsoluteDifference.Value!.Value, 9);
        Assert.Equal(1, lee.Correlation.Value!.Value, 9);
        Assert.Null(lee.LeniencyVsCoach.Value);
        Assert.Equal(0, lee.LeniencyVsCoach.Count);
        Assert.Equal(1, lee.Adjustment!.Value, 9);
    }

    [Fact]
    public void RatersBesideALenientOneAreHalfAPointBelowTheOthersMean()
    {
        // Ann gives t; the others' mean is (t + t + 1) / 2.
        var ann = Of(LenientStory(), "ann");

        Assert.Equal(-0.5, ann.Leniency.Value!.Value, 9);
        Assert.Equal(0.5, ann.MeanAbsoluteDifference.Value!.Value, 9);
    }

    [Fact]
    public void OnceLeniencyIsRemovedTheLenientRaterMatchesTheTruth()
    {
        var calibration = Calibration.Of(LenientStory(), CalibrationOptions.Default).ToDictionary(c => (c.RaterId, c.CriterionId));
        var aggregate = Calibration.Aggregate(Rubric,
            new Dictionary<string, IReadOnlyDictionary<string, int>> { ["lee"] = new Dictionary<string, int> { ["structure"] = 6 } },
            (rater, criterion) => calibration.GetValueOrDefault((rater, criterion))?.Adjustment);

        var structure = aggregate.Criteria.Single(c => c.CriterionId == "structure");
        Assert.Equal(6, structure.Raw!.Value, 9);
        Assert.Equal(5, structure.Calibrated!.Value, 9);
        Assert.Equal(1, structure.Adjusted);
        Assert.Null(aggregate.Criteria.Single(c => c.CriterionId == "delivery").Raw);
    }

    [Fact]
    public void RaterWhoAlwaysGivesTheMiddleHasNoSpreadAndNoCorrelation()
    {
        var ratings = new List<CalibrationRating>();
        foreach (var (presentation, score) in new[] { ("p1", 1), ("p2", 4), ("p3", 7), ("p4", 2) })
        {
            ratings.AddRange([Peer(presentation, "mia", 4), Peer(presentation, "ann", score), Peer(presentation, "ben", score)]);
        }

        var mia = Of(ratings, "mia");
        var ann = Of(ratings, "ann");

        Assert.Equal(0, mia.Spread.Value!.Value, 9);
        Assert.Equal(0, mia.ScaleUsed.Value!.Value, 9);
        Assert.Null(mia.Correlation.Value);
        Assert.Equal(4, mia.Correlation.Count);
        // Ann used 1 to 7: the whole scale; population standard deviation of 1, 4, 7, 2 is sqrt(5.25).
        Assert.Equal(1, ann.ScaleUsed.Value!.Value, 9);
        Assert.Equal(Math.Sqrt(5.25), ann.Spread.Value!.Value, 9);
    }

    [Fact]
    public void FiguresOnFewerPresentationsThanTheMinimumAreNotGivenButTheirCountIs()
    {
        var ratings = LenientStory().Where(r => r.PresentationId is "p1" or "p2").ToList();

        var lee = Of(ratings, "lee");

        Assert.Null(lee.Leniency.Value);
        Assert.Equal(2, lee.Leniency.Count);
        Assert.Null(lee.Spread.Value);
        Assert.Null(lee.ScaleUsed.Value);
        Assert.Null(lee.MeanAbsoluteDifference.Value);
        Assert.Null(lee.Correlation.Value);
        Assert.Null(lee.Adjustment);

        var lenient = Calibration.Of(ratings, new CalibrationOptions { MinimumPresentations = 2 }).Single(c => c.RaterId == "lee");
        Assert.Equal(1, lenient.Leniency.Value!.Value, 9);
    }

    [Fact]
    public void OneRaterPerPresentationGivesSpreadButNoLeniencyOrAgreement()
    {
        var ratings = new[] { Peer("p1", "ann", 2), Peer("p2", "ann", 5), Peer("p3", "ann", 6) };

        var ann = Of(ratings, "ann");

        Assert.Null(ann.Leniency.Value);
        Assert.Equal(0, ann.Leniency.Count);
        Assert.Null(ann.MeanAbsoluteDifference.Value);
        Assert.NotNull(ann.Spread.Value);
        Assert.Equal(4.0 / 6, ann.ScaleUsed.Value!.Value, 9);
    }

    [Fact]
    public void CoachesAreTheReferenceAndAreNotCalibratedThemselves()
    {
        var ratings = new List<CalibrationRating>();
        foreach (var (presentation, truth) in new[] { ("p1", 3), ("p2", 5), ("p3", 4) })
        {
            ratings.AddRange([Coach(presentation, truth), Peer(presentation, "hal", truth - 1), Peer(presentation, "ann", truth)]);
        }

        var all = Calibration.Of(ratings, CalibrationOptions.Default);
        var hal = all.Single(c => c.RaterId == "hal");

        Assert.DoesNotContain(all, c => c.RaterId == "coach");
        Assert.Equal(-1, hal.LeniencyVsCoach.Value!.Value, 9);
        Assert.Equal(3, hal.LeniencyVsCoach.Count);
        // The coach's score is not one of the peers' mean: against Ann alone, Hal is one below too.
        Assert.Equal(-1, hal.Leniency.Value!.Value, 9);
        Assert.Equal(-1, hal.Adjustment!.Value, 9);
        Assert.Equal(0, all.Single(c => c.RaterId == "ann").LeniencyVsCoach.Value!.Value, 9);
    }

    [Fact]
    public void CalibratedAggregateRecoversTrueScoresBuiltFromTruthAndEachRatersBias()
    {
        var bias = new Dictionary<string, int> { ["lee"] = 2, ["hal"] = -1, ["ann"] = 0, ["kim"] = 1 };
        var truth = new Dictionary<string, int> { ["p1"] = 3, ["p2"] = 4, ["p3"] = 3, ["p4"] = 4, ["p5"] = 3 };
        var ratings = new List<CalibrationRating>();
        // The coach rated the first three (the reference); everyone rated everything, on both criteria.
        foreach (var (presentation, t) in truth)
        {
            foreach (var criterion in new[] { "structure", "delivery" })
            {
                if (presentation is "p1" or "p2" or "p3")
                {
                    ratings.Add(Coach(presentation, t, criterion));
                }
                ratings.AddRange(bias.Select(b => Peer(presentation, b.Key, t + b.Value, criterion)));
            }
        }
        var calibration = Calibration.Of(ratings, CalibrationOptions.Default).ToDictionary(c => (c.RaterId, c.CriterionId));

        // A later presentation, rated only by the lenient pair: raw is inflated, calibrated is the truth.
        const int laterTruth = 4;
        var later = new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["lee"] = new Dictionary<string, int> { ["structure"] = laterTruth + 2, ["delivery"] = laterTruth + 2 },
            ["kim"] = new Dictionary<string, int> { ["structure"] = laterTruth + 1, ["delivery"] = laterTruth + 1 },
        };
        var aggregate = Calibration.Aggregate(Rubric, later, (rater, criterion) => calibration.GetValueOrDefault((rater, criterion))?.Adjustment);

        Assert.Equal(5.5, aggregate.RawOverall!.Value, 9);
        Assert.Equal(laterTruth, aggregate.CalibratedOverall!.Value, 9);
        Assert.All(aggregate.Criteria, c => Assert.Equal(laterTruth, c.Calibrated!.Value, 9));
        Assert.All(bias, b => Assert.Equal(b.Value, calibration[(b.Key, "delivery")].LeniencyVsCoach.Value!.Value, 9));
    }

    [Fact]
    public void CalibratedScoresStayOnTheScaleAndUnknownRatersCountAsGiven()
    {
        var scores = new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["hal"] = new Dictionary<string, int> { ["structure"] = 7 },
            ["new"] = new Dictionary<string, int> { ["structure"] = 3 },
        };

        var aggregate = Calibration.Aggregate(Rubric, scores, (rater, _) => rater == "hal" ? -2 : null);

        var structure = aggregate.Criteria.Single(c => c.CriterionId == "structure");
        Assert.Equal(5, structure.Raw!.Value, 9);
        Assert.Equal((7 + 3) / 2.0, structure.Calibrated!.Value, 9);
        Assert.Equal(1, structure.Adjusted);
        Assert.Equal(2, structure.Count);
    }

    [Fact]
    public void EveryPeerRatingEveryPresentationLeavesThePeerReferencedAggregateAsItWas()
    {
        // Biases +1, -1 and 0 across three raters on every presentation: each presentation's raw mean is the truth,
        // and removing peer-referenced leniency (1.5, -1.5, 0) keeps it there.
        var ratings = new List<CalibrationRating>();
        foreach (var (presentation, t) in new[] { ("p1", 3), ("p2", 5), ("p3", 4) })
        {
            ratings.AddRange([Peer(presentation, "lee", t + 1), Peer(presentation, "hal", t - 1), Peer(presentation, "ann", t)]);
        }
        var calibration = Calibration.Of(ratings, CalibrationOptions.Default).ToDictionary(c => c.RaterId);
        var p2 = new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["lee"] = new Dictionary<string, int> { ["structure"] = 6 },
            ["hal"] = new Dictionary<string, int> { ["structure"] = 4 },
            ["ann"] = new Dictionary<string, int> { ["structure"] = 5 },
        };

        var aggregate = Calibration.Aggregate(Rubric, p2, (rater, _) => calibration[rater].Adjustment);

        Assert.Equal(1.5, calibration["lee"].Leniency.Value!.Value, 9);
        Assert.Equal(-1.5, calibration["hal"].Leniency.Value!.Value, 9);
        Assert.Equal(5, aggregate.Criteria[0].Calibrated!.Value, 9);
    }
}
