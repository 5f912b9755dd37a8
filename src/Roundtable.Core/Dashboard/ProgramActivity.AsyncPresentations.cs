using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;

namespace Roundtable.Core.Dashboard;

/// <summary>
/// Asynchronous presentations count on the dashboard as live ones do: a submitted presentation is a presentation given,
/// its peers' scores go into the same tally (so its overall joins the trend and the criteria), an assigned review is a
/// feedback round, feedback given in it counts as given, and the presenter's helpfulness ratings count for the reviewer.
/// </summary>
public sealed partial class ProgramActivity
{
    private readonly Dictionary<string, AsyncPresentationInfo> _asyncPresentations = new(StringComparer.Ordinal);

    private void ApplyAsync(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case AsyncPresentationSubmitted e:
                _asyncPresentations[e.PresentationId] = new AsyncPresentationInfo(e.CohortId, e.PresentationId, e.PresenterId, stored.At) { Title = e.Title };
                return;
            case AsyncReviewOpened e:
                foreach (var assignment in e.Assignments)
                {
                    if (_asyncPresentations.TryGetValue(assignment.PresentationId, out var opened))
                    {
                        opened.Tally = new FeedbackTally(e.Rubric);
                        (opened.RoundId, opened.ReviewDeadline) = (e.RoundId, e.Deadline);
                        opened.Reviewers.UnionWith(assignment.ReviewerIds);
                    }
                }
                return;
            case AsyncFeedbackGiven e when _asyncPresentations.TryGetValue(e.PresentationId, out var given) && given.Tally is { } tally:
                tally.Replace(given.Scores.GetValueOrDefault(e.ReviewerId), e.Scores);
                given.Scores[e.ReviewerId] = e.Scores;
                return;
            case AsyncReviewClosed e:
                foreach (var presentation in _asyncPresentations.Values.Where(p => p.RoundId == e.RoundId))
                {
                    presentation.Released = true;
                }
                return;
            case AsyncFeedbackRated e when _asyncPresentations.TryGetValue(e.PresentationId, out var rated):
                rated.Helpfulness[e.ReviewerId] = e.Helpfulness;
                return;
        }
    }

    /// <summary>A learner's asynchronous work in a cohort: their presentations, and the reviews asked of them.</summary>
    private AsyncFigures AsyncOf(string cohortId, string userId)
    {
        var inCohort = _asyncPresentations.Values.Where(p => p.CohortId == cohortId).ToList();
        var presented = inCohort.Where(p => p.PresenterId == userId).OrderBy(p => p.SubmittedAt).ToList();
        var reviewing = inCohort.Where(p => p.Reviewers.Contains(userId)).ToList();
        return new AsyncFigures(
            presented.Count,
            [.. presented.Where(p => p.Overall is not null).Select(p => new TrendPoint("", p.Id, p.SubmittedAt, p.Overall!.Value))],
            [.. presented.Select(p => p.Tally).OfType<FeedbackTally>()],
            reviewing.Count,
            reviewing.Count(p => p.Scores.ContainsKey(userId)),
            [.. reviewing.Where(p => p.Helpfulness.ContainsKey(userId)).Select(p => p.Helpfulness[userId])]);
    }

    private sealed record AsyncFigures(int Presented, IReadOnlyList<TrendPoint> Trend, IReadOnlyList<FeedbackTally> Tallies, int Rounds, int Given, IReadOnlyList<int> Helpfulness);

    private sealed class AsyncPresentationInfo(string cohortId, string id, string presenterId, DateTimeOffset submittedAt)
    {
        public string CohortId { get; } = cohortId;
        public string Id { get; } = id;
        public string PresenterId { get; } = presenterId;
        public DateTimeOffset SubmittedAt { get; } = submittedAt;
        public string Title { get; init; } = "";
        public FeedbackTally? Tally { get; set; }
        public string? RoundId { get; set; }
        public DateTimeOffset? ReviewDeadline { get; set; }
        /// <summary>The round closed, so the presenter sees the feedback (it counts for rater calibration from then on).</summary>
        public bool Released { get; set; }
        public HashSet<string> Reviewers { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, IReadOnlyDictionary<string, int>> Scores { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Helpfulness { get; } = new(StringComparer.Ordinal);

        public double? Overall => Tally?.Submissions > 0 ? Tally.ToAggregate().Overall : null;
    }
}
