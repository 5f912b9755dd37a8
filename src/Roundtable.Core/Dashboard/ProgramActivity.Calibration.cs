using Roundtable.Core.Feedback;

namespace Roundtable.Core.Dashboard;

/// <summary>A criterion as the cohort's feedback named it (the latest name seen for its id).</summary>
public sealed record CalibrationCriterion(string Id, string Name, int ScaleMax);

/// <summary>One learner of a cohort and their calibration on each criterion they rated (none: they rated nothing released).</summary>
public sealed record LearnerCalibration(string UserId, string DisplayName, IReadOnlyList<RaterCalibration> Criteria);

/// <summary>
/// The cohort's rater calibration, for its coaches: every learner, every criterion, and whether presenters are shown a
/// calibrated aggregate beside the raw one.
/// </summary>
public sealed record CohortCalibration(
    string CohortId, string CohortName, int MinimumPresentations, bool CalibratedAggregateShown,
    IReadOnlyList<CalibrationCriterion> Criteria, IReadOnlyList<LearnerCalibration> Learners);

/// <summary>
/// One presentation the learner rated, to show what their leniency means: their score on a criterion beside the mean of
/// the other peers who rated it (never one other person's score: at least two others).
/// </summary>
public sealed record CalibrationExample(string PresentationTitle, DateTimeOffset At, string CriterionId, int YourScore, double OthersMean, int Others);

/// <summary>A learner's own calibration in one cohort, from released feedback only.</summary>
public sealed record OwnCalibration(
    string CohortId, string CohortName, int MinimumPresentations, IReadOnlyList<CalibrationCriterion> Criteria,
    IReadOnlyList<RaterCalibration> Figures, CalibrationExample? Example);

/// <summary>
/// Rater calibration over a cohort's released feedback, live and asynchronous. Only released feedback counts: before
/// release no learner may learn, through their calibration, what others scored.
/// </summary>
public sealed partial class ProgramActivity
{
    private readonly HashSet<string> _calibratedAggregateShown = new(StringComparer.Ordinal);

    /// <summary>
    /// A rated presentation as calibration reads it: the rubric, each peer's scores and each coach's. <paramref name="Id"/>
    /// is unique in the cohort: a room numbers its presentations on its own, so a live one is keyed by its roundtable too.
    /// </summary>
    private sealed record RatedPresentation(
        string Id, string CohortId, string Title, DateTimeOffset At, Rubric Rubric,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Peers, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Coaches);

    private void ApplyCalibrationChoice(CalibratedAggregateChosen chosen)
    {
        if (chosen.Shown)
        {
            _calibratedAggregateShown.Add(chosen.CohortId);
        }
        else
        {
            _calibratedAggregateShown.Remove(chosen.CohortId);
        }
    }

    public bool CalibratedAggregateShown(string cohortId) => _calibratedAggregateShown.Contains(cohortId);

    public CohortCalibration? Calibration(string cohortId, CalibrationOptions options)
    {
        if (!_cohorts.TryGetValue(cohortId, out var cohort))
        {
            return null;
        }
        var presentations = ReleasedIn(cohortId);
        var byRater = Feedback.Calibration.Of(RatingsOf(presentations), options).ToLookup(c => c.RaterId);
        var learners = cohort.Learners
            .Select(id => new LearnerCalibration(id, NameOf(id), [.. byRater[id]]))
            .OrderBy(l => l.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return new CohortCalibration(cohortId, cohort.Name, options.MinimumPresentations, CalibratedAggregateShown(cohortId),
            CriteriaOf(presentations), learners);
    }

    /// <summary>The calibration of <paramref name="userId"/> in each cohort where they rated released feedback.</summary>
    public IReadOnlyList<OwnCalibration> CalibrationOf(string userId, CalibrationOptions options)
    {
        var own = new List<OwnCalibration>();
        foreach (var cohort in _cohorts.Values.Where(c => c.Members.ContainsKey(userId)).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase))
        {
            var presentations = ReleasedIn(cohort.Id);
            if (!presentations.Any(p => p.Peers.ContainsKey(userId)))
            {
                continue;
            }
            var figures = Feedback.Calibration.Of(RatingsOf(presentations), options).Where(c => c.RaterId == userId).ToList();
            own.Add(new OwnCalibration(cohort.Id, cohort.Name, options.MinimumPresentations, CriteriaOf(presentations), figures,
                ExampleOf(userId, presentations, figures)));
        }
        return own;
    }

    /// <summary>
    /// The peers' aggregate of a released live presentation, raw and calibrated, when its cohort's coaches chose to show
    /// it; else null.
    /// </summary>
    public CalibratedAggregate? CalibratedAggregateOf(string roundtableId, string presentationId, CalibrationOptions options) =>
        _sessions.TryGetValue(roundtableId, out var session) && session.Presentations.ContainsKey(presentationId)
            ? CalibratedAggregateIn(session.CohortId, LiveKey(roundtableId, presentationId), options)
            : null;

    /// <summary>
    /// The peers' aggregate of an asynchronous presentation whose round closed, raw and calibrated, when its cohort's
    /// coaches chose to show it; else null.
    /// </summary>
    public CalibratedAggregate? CalibratedAggregateOf(string asyncPresentationId, CalibrationOptions options) =>
        _asyncPresentations.TryGetValue(asyncPresentationId, out var presentation)
            ? CalibratedAggregateIn(presentation.CohortId, asyncPresentationId, options)
            : null;

    private static string LiveKey(string roundtableId, string presentationId) => $"{roundtableId}/{presentationId}";

    private CalibratedAggregate? CalibratedAggregateIn(string cohortId, string key, CalibrationOptions options)
    {
        if (!CalibratedAggregateShown(cohortId))
        {
            return null;
        }
        var presentations = ReleasedIn(cohortId);
        if (presentations.FirstOrDefault(p => p.Id == key) is not { } presentation)
        {
            return null;
        }
        var adjustments = Feedback.Calibration.Of(RatingsOf(presentations), options).ToDictionary(c => (c.RaterId, c.CriterionId), c => c.Adjustment);
        return Feedback.Calibration.Aggregate(presentation.Rubric, presentation.Peers, (rater, criterion) => adjustments.GetValueOrDefault((rater, criterion)))
            with { MinimumPresentations = options.MinimumPresentations };
    }

    private List<RatedPresentation> ReleasedIn(string cohortId)
    {
        var rated = new List<RatedPresentation>();
        foreach (var session in _sessions.Values.Where(s => s.CohortId == cohortId))
        {
            foreach (var p in session.Presentations.Values.Where(p => p.Released && p.Tally is not null))
            {
                rated.Add(new RatedPresentation(LiveKey(session.Id, p.Id), cohortId, $"{p.PresenterName} in {session.Title}", p.StartedAt, p.Tally!.Rubric,
                    p.PeerScores, p.CoachScores));
            }
        }
        foreach (var p in _asyncPresentations.Values.Where(p => p.CohortId == cohortId && p.Released && p.Tally is not null))
        {
            rated.Add(new RatedPresentation(p.Id, cohortId, $"{NameOf(p.PresenterId)}: {p.Title}", p.SubmittedAt, p.Tally!.Rubric,
                p.Scores, new Dictionary<string, IReadOnlyDictionary<string, int>>()));
        }
        return rated;
    }

    private static IEnumerable<CalibrationRating> RatingsOf(IEnumerable<RatedPresentation> presentations)
    {
        foreach (var p in presentations)
        {
            foreach (var criterion in p.Rubric.Criteria)
            {
                foreach (var (rater, scores) in p.Peers)
                {
                    if (scores.TryGetValue(criterion.Id, out var score))
                    {
                        yield return new CalibrationRating(p.Id, rater, false, criterion.Id, score, criterion.MaxScore);
                    }
                }
                foreach (var (coach, scores) in p.Coaches)
                {
                    if (scores.TryGetValue(criterion.Id, out var score))
                    {
                        yield return new CalibrationRating(p.Id, coach, true, criterion.Id, score, criterion.MaxScore);
                    }
                }
            }
        }
    }

    private static List<CalibrationCriterion> CriteriaOf(IEnumerable<RatedPresentation> presentations)
    {
        var criteria = new Dictionary<string, CalibrationCriterion>(StringComparer.Ordinal);
        foreach (var p in presentations.OrderBy(p => p.At))
        {
            foreach (var c in p.Rubric.Criteria)
            {
                criteria[c.Id] = new CalibrationCriterion(c.Id, c.Name, c.MaxScore);
            }
        }
        return [.. criteria.Values];
    }

    /// <summary>
    /// The criterion on which the learner is furthest from the others (a known leniency), and their latest presentation
    /// there with at least two other peers that points the same way; null when there is none.
    /// </summary>
    private static CalibrationExample? ExampleOf(string userId, List<RatedPresentation> presentations, List<RaterCalibration> figures)
    {
        foreach (var figure in figures.Where(f => f.Leniency.Value is not null).OrderByDescending(f => Math.Abs(f.Leniency.Value!.Value)))
        {
            var sign = Math.Sign(figure.Leniency.Value!.Value);
            foreach (var p in presentations.OrderByDescending(p => p.At))
            {
                if (!p.Peers.TryGetValue(userId, out var own) || !own.TryGetValue(figure.CriterionId, out var score))
                {
                    continue;
                }
                var others = p.Peers.Where(o => o.Key != userId && o.Value.ContainsKey(figure.CriterionId)).Select(o => o.Value[figure.CriterionId]).ToList();
                if (others.Count >= 2 && Math.Sign(score - others.Average()) == sign)
                {
                    return new CalibrationExample(p.Title, p.At, figure.CriterionId, score, others.Average(), others.Count);
                }
            }
        }
        return null;
    }
}
