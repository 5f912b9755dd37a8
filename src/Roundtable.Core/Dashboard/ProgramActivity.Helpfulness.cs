namespace Roundtable.Core.Dashboard;

public enum HelpfulnessSource
{
    /// <summary>Peer feedback given live, in one roundtable.</summary>
    Roundtable,

    /// <summary>Reviews given in one round of asynchronous presentations.</summary>
    AsyncRound,
}

/// <summary>
/// How helpful the presenters found one person's feedback in one roundtable or asynchronous round: how many pieces they
/// gave, how many were rated, and the mean rating (null: none rated yet).
/// </summary>
public sealed record HelpfulnessRound(
    HelpfulnessSource Source, string Id, string CohortId, string CohortName, string Title, DateTimeOffset At, int Given, int Rated, double? Mean);

public sealed partial class ProgramActivity
{
    /// <summary>
    /// The helpfulness ratings <paramref name="userId"/>'s peer feedback earned, per roundtable and per asynchronous
    /// round in which they gave some, oldest first.
    /// </summary>
    public IReadOnlyList<HelpfulnessRound> HelpfulnessOf(string userId)
    {
        var rounds = new List<HelpfulnessRound>();
        foreach (var session in _sessions.Values)
        {
            var ratings = new List<int>();
            var given = 0;
            foreach (var presentation in session.Presentations.Values.Where(p => p.PresenterUserId != userId))
            {
                foreach (var submissionId in presentation.Givers.Where(g => g.Value == userId).Select(g => g.Key))
                {
                    given++;
                    if (presentation.Helpfulness.TryGetValue(submissionId, out var rating))
                    {
                        ratings.Add(rating);
                    }
                }
            }
            if (given > 0)
            {
                rounds.Add(Round(HelpfulnessSource.Roundtable, session.Id, session.CohortId, session.Title, session.At, given, ratings));
            }
        }
        foreach (var round in _asyncPresentations.Values.Where(p => p.RoundId is not null && p.Scores.ContainsKey(userId)).GroupBy(p => p.RoundId!))
        {
            var first = round.First();
            rounds.Add(Round(HelpfulnessSource.AsyncRound, round.Key, first.CohortId, "Asynchronous presentations", first.ReviewDeadline ?? first.SubmittedAt,
                round.Count(), [.. round.Where(p => p.Helpfulness.ContainsKey(userId)).Select(p => p.Helpfulness[userId])]));
        }
        return [.. rounds.OrderBy(r => r.At)];
    }

    private HelpfulnessRound Round(HelpfulnessSource source, string id, string cohortId, string title, DateTimeOffset at, int given, List<int> ratings) =>
        new(source, id, cohortId, _cohorts.TryGetValue(cohortId, out var cohort) ? cohort.Name : "", title, at, given, ratings.Count,
            ratings.Count > 0 ? ratings.Average() : null);
}
