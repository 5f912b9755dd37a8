namespace Roundtable.Core.Matching;

/// <summary>
/// Everyone matching may consider: their profiles (a person without one counts as an empty profile), their names for
/// the explanations, and who reports to whom. With <see cref="KeepOutOfReportingLine"/> a mentor is never the learner's
/// manager (or above), nor one of their reports.
/// </summary>
public sealed class MatchingPool
{
    private readonly Dictionary<string, Profile> _profiles;
    private readonly IReadOnlyDictionary<string, string> _names;

    public MatchingPool(IEnumerable<Profile> profiles, IReadOnlyDictionary<string, string> names, ReportingLines lines, bool keepOutOfReportingLine)
    {
        _profiles = profiles.ToDictionary(p => p.UserId);
        _names = names;
        Lines = lines;
        KeepOutOfReportingLine = keepOutOfReportingLine;
    }

    public ReportingLines Lines { get; }

    public bool KeepOutOfReportingLine { get; }

    public Profile Profile(string userId) => _profiles.GetValueOrDefault(userId) ?? Matching.Profile.Empty(userId);

    public string Name(string userId) => _names.GetValueOrDefault(userId) ?? userId;

    /// <summary>Whether the rules allow this pair at all, before any skill is looked at.</summary>
    public bool MayPair(string mentorId, string learnerId) =>
        mentorId != learnerId && !(KeepOutOfReportingLine && Lines.Related(mentorId, learnerId));

    /// <param name="learnerName">How the reasons name the learner ("you" to speak to them); their name by default.</param>
    /// <param name="focus">When given, only this skill counts (a circle's focus).</param>
    public MatchScore Score(string mentorId, string learnerId, string? learnerName = null, string? focus = null) =>
        MayPair(mentorId, learnerId)
            ? MatchScorer.Score(Profile(mentorId), Profile(learnerId), Name(mentorId), learnerName ?? Name(learnerId), focus)
            : MatchScore.None;

    /// <summary>
    /// Why nobody could be found for a learner among these mentors: no skill to develop, nobody offering it, only
    /// mentors in their reporting line, or else <paramref name="whenFull"/> ("{mentors}" names those who could help).
    /// </summary>
    public string WhyLeftOut(string learnerId, IEnumerable<string> mentorIds, string whenFull)
    {
        var learner = Profile(learnerId);
        if (learner.Wants.Count == 0)
        {
            return $"{Name(learnerId)} has not named a skill to develop.";
        }
        var teachers = mentorIds
            .Where(m => m != learnerId && MatchScorer.Score(Profile(m), learner, "", "").IsMatch)
            .ToList();
        if (teachers.Count == 0)
        {
            var wants = string.Join(", ", learner.Wants.Select(w => w.Name));
            return $"No mentor offers {wants} above {Name(learnerId)}'s level.";
        }
        if (teachers.All(m => !MayPair(m, learnerId)))
        {
            return $"The only mentors for {Name(learnerId)} ({Names(teachers)}) are in their own reporting line.";
        }
        return whenFull.Replace("{mentors}", Names(teachers.Where(m => MayPair(m, learnerId))));
    }

    private string Names(IEnumerable<string> ids) => string.Join(", ", ids.Select(Name).Take(4));
}

public sealed record Mentorship(string MentorId, string LearnerId, MatchScore Score);

/// <summary>Someone matching could not place, and why, in words.</summary>
public sealed record LeftOut(string UserId, string Reason);

public sealed record MentorAssignmentResult(IReadOnlyList<Mentorship> Mentorships, IReadOnlyList<LeftOut> LeftOut, int Learners)
{
    public int TotalScore => Mentorships.Sum(m => m.Score.Points);

    public double MatchedShare => Learners == 0 ? 0 : (double)Mentorships.Count / Learners;

    public double MeanScore => Mentorships.Count == 0 ? 0 : (double)TotalScore / Mentorships.Count;
}

public sealed record MentorSuggestion(string MentorId, MatchScore Score);

/// <summary>
/// One mentor per learner, each mentor taking at most their capacity. Exactly optimal: as many learners as possible
/// get a mentor, and among all such assignments the total score is highest. A min-cost max-flow: source → learner
/// (1) → mentor (1, cost −score, only where the pair matches and the rules allow it) → sink (the mentor's capacity).
/// </summary>
public static class MentorAssignment
{
    public static MentorAssignmentResult Assign(MatchingPool pool, IReadOnlyCollection<string> learnerIds, IReadOnlyCollection<string> mentorIds)
    {
        var learners = learnerIds.Distinct().ToList();
        var mentors = mentorIds.Distinct().Where(m => pool.Profile(m).MentorCapacity > 0).ToList();
        var source = 0;
        var sink = 1;
        var graph = new MinCostFlow(2 + learners.Count + mentors.Count);
        var arcs = new List<(int Arc, int Learner, int Mentor, MatchScore Score)>();
        for (var l = 0; l < learners.Count; l++)
        {
            graph.AddArc(source, 2 + l, 1, 0);
            for (var m = 0; m < mentors.Count; m++)
            {
                var score = pool.Score(mentors[m], learners[l]);
                if (score.IsMatch)
                {
                    arcs.Add((graph.AddArc(2 + l, 2 + learners.Count + m, 1, -score.Points), l, m, score));
                }
            }
        }
        for (var m = 0; m < mentors.Count; m++)
        {
            graph.AddArc(2 + learners.Count + m, sink, pool.Profile(mentors[m]).MentorCapacity, 0);
        }
        graph.Run(source, sink);

        var mentorships = arcs
            .Where(a => graph.Flow(a.Arc) > 0)
            .Select(a => new Mentorship(mentors[a.Mentor], learners[a.Learner], a.Score))
            .ToList();
        var matched = mentorships.Select(m => m.LearnerId).ToHashSet();
        var leftOut = learners
            .Where(l => !matched.Contains(l))
            .Select(l => new LeftOut(l, pool.WhyLeftOut(l, mentors, "The mentors who could help ({mentors}) are full with learners they suit as well.")))
            .ToList();
        return new MentorAssignmentResult(mentorships, leftOut, learners.Count);
    }

    /// <summary>
    /// Mentors for one learner, best first, with the reasons addressed to the learner ("you want ..."). Mentors with no
    /// room left (<paramref name="openPlaces"/>) and pairs the rules forbid are left out.
    /// </summary>
    public static IReadOnlyList<MentorSuggestion> Suggest(MatchingPool pool, string learnerId, IEnumerable<string> mentorIds, Func<string, int> openPlaces)
    {
        return mentorIds
            .Distinct()
            .Where(m => openPlaces(m) > 0)
            .Select(m => new MentorSuggestion(m, pool.Score(m, learnerId, "you")))
            .Where(s => s.Score.IsMatch)
            .OrderByDescending(s => s.Score.Points)
            .ThenBy(s => pool.Name(s.MentorId), StringComparer.Ordinal)
            .ToList();
    }
}
