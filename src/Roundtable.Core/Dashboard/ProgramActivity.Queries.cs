using System.Globalization;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Dashboard;

public sealed partial class ProgramActivity
{
    /// <summary>Below this share of the cohort's learners attending, or this many messages per attendee, a session is flagged.</summary>
    public const double LowAttendance = 0.6;
    public const double LowMessagesPerAttendee = 1;
    public const double LowRating = 3;

    public DashboardThresholds ThresholdsOf(string programId) => _programs.TryGetValue(programId, out var p) ? p.Thresholds : DashboardThresholds.Default;

    /// <summary>The program a cohort belongs to; null for an unknown cohort.</summary>
    public string? ProgramOf(string cohortId) => _cohorts.GetValueOrDefault(cohortId)?.ProgramId;

    /// <summary>The cohort a roundtable belongs to; null for an unknown roundtable.</summary>
    public string? CohortOf(string roundtableId) => _sessions.GetValueOrDefault(roundtableId)?.CohortId;

    private List<SessionInfo> SessionsOf(string cohortId) =>
        [.. _sessions.Values.Where(s => s.CohortId == cohortId).OrderBy(s => s.At)];

    public CohortDashboard? Cohort(string cohortId, DateTimeOffset now)
    {
        if (!_cohorts.TryGetValue(cohortId, out var cohort))
        {
            return null;
        }
        var program = _programs.GetValueOrDefault(cohort.ProgramId);
        var thresholds = program?.Thresholds ?? DashboardThresholds.Default;
        var held = SessionsOf(cohortId).Where(s => s.Held).ToList();
        var rows = cohort.Learners
            .Select(userId => Row(cohortId, userId, held, thresholds, now))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var live = held.Count(s => s.Status == RoomStatus.Live);
        return new CohortDashboard(cohort.Id, cohort.Name, cohort.ProgramId, program?.Name ?? "", held.Count, live, rows, thresholds, Position);
    }

    /// <summary>One learner's row, or null when they are not a learner of the cohort.</summary>
    public LearnerRow? Learner(string cohortId, string userId, DateTimeOffset now)
    {
        if (!_cohorts.TryGetValue(cohortId, out var cohort) || !cohort.Learners.Contains(userId))
        {
            return null;
        }
        return Row(cohortId, userId, [.. SessionsOf(cohortId).Where(s => s.Held)], ThresholdsOf(cohort.ProgramId), now);
    }

    private LearnerRow Row(string cohortId, string userId, List<SessionInfo> held, DashboardThresholds thresholds, DateTimeOffset now)
    {
        var attended = held.Where(s => s.Attended(userId)).ToList();
        var asynchronous = AsyncOf(cohortId, userId);
        var presented = held.SelectMany(s => s.Presentations.Values).Where(p => p.PresenterUserId == userId).OrderBy(p => p.StartedAt).ToList();
        var trend = presented
            .Where(p => p.Overall is not null)
            .Select(p => new TrendPoint(p.RoundtableId, p.Id, p.StartedAt, p.Overall!.Value))
            .Concat(asynchronous.Trend)
            .OrderBy(t => t.At)
            .ToList();
        var byCriterion = CriterionMeans(presented.Select(p => p.Tally).OfType<FeedbackTally>().Concat(asynchronous.Tallies));

        // Feedback given: the rounds (presentations of others with feedback open, live or asked of them later) in which
        // they gave peer feedback.
        var rounds = attended.SelectMany(s => s.Presentations.Values).Where(p => p.Tally is not null && p.PresenterUserId != userId).ToList();
        var given = rounds.Count(p => p.PeerGivers.Contains(userId)) + asynchronous.Given;
        var roundCount = rounds.Count + asynchronous.Rounds;
        var helpfulness = rounds
            .SelectMany(p => p.Givers.Where(g => g.Value == userId).Select(g => p.Helpfulness.TryGetValue(g.Key, out var h) ? h : (int?)null))
            .OfType<int>()
            .Concat(asynchronous.Helpfulness)
            .ToList();

        var people = attended.Select(s => s.People[userId]).ToList();
        var messages = people.Sum(p => p.Messages);
        var hands = people.Sum(p => p.HandsRaised);
        var questions = people.Sum(p => p.Questions);
        var flags = Flags(held, attended, trend, roundCount, given, messages + hands + questions, userId, thresholds);
        var plans = PlansOf(cohortId, userId, now);
        if (plans.Flag is not null)
        {
            flags.Add(plans.Flag);
        }
        return new LearnerRow(
            userId, NameOf(userId), attended.Count, held.Count,
            attended.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.TimePresent(userId, now)),
            presented.Count + asynchronous.Presented, trend.Count > 0 ? trend.Average(t => t.Overall) : null, byCriterion, trend,
            given, helpfulness.Count > 0 ? helpfulness.Average() : null, helpfulness.Count,
            messages, hands, questions, people.Sum(p => p.PollsAnswered.Count), flags, plans.Assigned, plans.Done, plans.Overdue);
    }

    /// <summary>Each criterion's mean over every peer rating in the tallies, criteria matched by id (the latest name wins).</summary>
    private static IReadOnlyList<CriterionMean> CriterionMeans(IEnumerable<FeedbackTally> tallies)
    {
        var sums = new Dictionary<string, (string Name, double Sum, int Count, int Order)>(StringComparer.Ordinal);
        foreach (var aggregate in tallies.Select(t => t.ToAggregate()))
        {
            foreach (var c in aggregate.Criteria.Where(c => c.Count > 0))
            {
                var (_, sum, count, order) = sums.GetValueOrDefault(c.CriterionId, (c.Name, 0, 0, sums.Count));
                sums[c.CriterionId] = (c.Name, sum + c.Mean!.Value * c.Count, count + c.Count, order);
            }
        }
        return [.. sums.OrderBy(s => s.Value.Order).Select(s => new CriterionMean(s.Key, s.Value.Name, s.Value.Sum / s.Value.Count, s.Value.Count))];
    }

    private static List<LearnerFlag> Flags(
        List<SessionInfo> held, List<SessionInfo> attended, List<TrendPoint> trend, int rounds, int given, int contributions,
        string userId, DashboardThresholds t)
    {
        var flags = new List<LearnerFlag>();
        // Ended sessions only: a live one has not been missed yet.
        var recent = held.Where(s => s.Status == RoomStatus.Ended).TakeLast(t.MissedSessionsInARow).ToList();
        if (t.MissedSessionsInARow > 0 && recent.Count == t.MissedSessionsInARow && recent.All(s => !s.Attended(userId)))
        {
            flags.Add(new LearnerFlag("missed-sessions",
                $"Missed the last {recent.Count} sessions in a row: {string.Join(", ", recent.Select(s => s.Title))}."));
        }
        var last = trend.TakeLast(t.DecliningPresentations).ToList();
        if (t.DecliningPresentations > 1 && last.Count == t.DecliningPresentations && last.Zip(last.Skip(1)).All(pair => pair.Second.Overall < pair.First.Overall))
        {
            flags.Add(new LearnerFlag("declining",
                $"Peer scores fell over the last {last.Count} presentations: {string.Join(" → ", last.Select(p => p.Overall.ToString("0.0", CultureInfo.InvariantCulture)))}."));
        }
        if (rounds > 0 && given < t.MinFeedbackGiven)
        {
            flags.Add(new LearnerFlag("no-feedback",
                given == 0
                    ? $"Gave no feedback in the {rounds} feedback round{(rounds == 1 ? "" : "s")} they attended."
                    : $"Gave feedback in {given} of the {rounds} feedback rounds they attended (the program asks for at least {t.MinFeedbackGiven})."));
        }
        if (attended.Count > 0 && contributions < t.MinContributions)
        {
            flags.Add(new LearnerFlag("never-speaks",
                $"Has not spoken up in the {attended.Count} session{(attended.Count == 1 ? "" : "s")} attended: no messages, raised hands or questions."));
        }
        return flags;
    }

    public ProgramImprovement? Program(string programId, DateTimeOffset now)
    {
        if (!_programs.TryGetValue(programId, out var program))
        {
            return null;
        }
        var cohorts = _cohorts.Values.Where(c => c.ProgramId == programId).OrderBy(c => c.Name).ToList();
        var sessions = _sessions.Values.Where(s => s.Held && cohorts.Any(c => c.Id == s.CohortId)).OrderBy(s => s.At).ToList();

        var criteria = CriterionMeans(sessions.SelectMany(s => s.Presentations.Values).Select(p => p.Tally).OfType<FeedbackTally>());
        // Each session's means once, then looked up per criterion.
        var perSession = sessions
            .Select(s => (Session: s, Means: CriterionMeans(s.Presentations.Values.Select(p => p.Tally).OfType<FeedbackTally>()).ToDictionary(m => m.CriterionId)))
            .ToList();
        var weakest = criteria
            .OrderBy(c => c.Mean)
            .Select(c => new CriterionTrend(c.CriterionId, c.Name, c.Mean, c.Ratings, [.. perSession
                .Where(x => x.Means.ContainsKey(c.CriterionId))
                .Select(x => new SessionMean(x.Session.Id, x.Session.Title, x.Session.At, x.Means[c.CriterionId].Mean))]))
            .ToList();

        var health = sessions.Select(s => Health(s, _cohorts[s.CohortId])).ToList();
        var comparison = cohorts.Select(c =>
        {
            var own = health.Where(h => _sessions[h.RoundtableId].CohortId == c.Id).ToList();
            var learners = c.Learners.Count();
            var overall = own.Select(h => h.PeerOverall).OfType<double>().ToList();
            var rated = own.Where(h => h.AverageRating is not null).ToList();
            return new CohortComparison(c.Id, c.Name, learners, own.Count,
                own.Count > 0 && learners > 0 ? own.Sum(h => h.Attended) / (double)(own.Count * learners) : null,
                overall.Count > 0 ? overall.Average() : null,
                rated.Count > 0 ? rated.Sum(h => h.AverageRating!.Value * h.Ratings) / rated.Sum(h => h.Ratings) : null);
        }).ToList();
        return new ProgramImprovement(program.Id, program.Name, weakest, health, comparison);
    }

    private static SessionHealth Health(SessionInfo s, CohortInfo cohort)
    {
        var learners = cohort.Learners.ToHashSet(StringComparer.Ordinal);
        var attended = s.People.Where(p => learners.Contains(p.Key) && p.Value.FirstJoined is not null).ToList();
        var messages = attended.Sum(p => p.Value.Messages);
        var perAttendee = attended.Count > 0 ? messages / (double)attended.Count : 0;
        var ratings = s.Ratings.Values.ToList();
        double? rating = ratings.Count > 0 ? ratings.Average(r => r.Rating) : null;
        var overall = s.Presentations.Values.Select(p => p.Overall).OfType<double>().ToList();
        // A session still live is not judged yet: people are still arriving and talking.
        var lowParticipation = s.Status == RoomStatus.Ended && learners.Count > 0
            && (attended.Count < LowAttendance * learners.Count || perAttendee < LowMessagesPerAttendee);
        return new SessionHealth(s.Id, s.Title, s.At, attended.Count, learners.Count, Math.Round(perAttendee, 2), rating, ratings.Count,
            overall.Count > 0 ? overall.Average() : null, lowParticipation, rating < LowRating);
    }

    /// <summary>Every presentation a person gave, in any roundtable, oldest first.</summary>
    public IReadOnlyList<PresentationRef> PresentationsBy(string userId) =>
    [
        .. _sessions.Values
            .SelectMany(s => s.Presentations.Values)
            .Where(p => p.PresenterUserId == userId)
            .OrderBy(p => p.StartedAt)
            .Select(p => new PresentationRef(p.RoundtableId, p.Id, p.StartedAt)),
    ];

    public RoundtableSummary? Roundtable(string roundtableId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(roundtableId, out var s))
        {
            return null;
        }
        var attendance = s.People
            .Where(p => p.Value.FirstJoined is not null)
            .OrderBy(p => p.Value.FirstJoined)
            .Select(p => new AttendanceView(p.Key, NameOf(p.Key), p.Value.Role, s.TimePresent(p.Key, now), p.Value.FirstJoined!.Value))
            .ToList();
        var presentations = s.Presentations.Values
            .OrderBy(p => p.StartedAt)
            .Select(p => new PresentationSummary(p.Id, p.PresenterUserId, p.PresenterName, p.StartedAt, p.Tally?.ToAggregate(), p.Released))
            .ToList();
        var ratings = s.Ratings.Values.OrderBy(r => r.At).ToList();
        return new RoundtableSummary(s.Id, s.CohortId, s.Title, s.Status, s.StartedAt, s.EndedAt, attendance, s.Messages, presentations,
            [.. s.Polls.OrderBy(p => p.Key).Select(p => p.Value)], ratings.Count > 0 ? ratings.Average(r => r.Rating) : null, ratings);
    }
}
