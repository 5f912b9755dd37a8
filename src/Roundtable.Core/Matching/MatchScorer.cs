namespace Roundtable.Core.Matching;

/// <summary>How well one mentor suits one learner: points, the skills that match, and the reasons in words.</summary>
public sealed record MatchScore(int Points, IReadOnlyList<string> Skills, IReadOnlyList<string> Reasons)
{
    public static readonly MatchScore None = new(0, [], []);

    public bool IsMatch => Skills.Count > 0;
}

/// <summary>
/// Scores a mentor for a learner. A skill matches when the learner wants it and the mentor offers it at a higher level
/// than the learner's: 10 points, plus 2 per level between them. Each free slot they share adds 1 point (at most 4),
/// only when some skill matches. Integer points keep the optimisers exact.
/// </summary>
public static class MatchScorer
{
    public const int PointsPerSkill = 10;
    public const int PointsPerLevelAbove = 2;
    public const int MaxSlotPoints = 4;

    public static bool CanTeach(SkillTag offer, SkillTag want) => SkillNames.Same(offer.Name, want.Name) && offer.Level > want.Level;

    public static int SkillPoints(SkillTag offer, SkillTag want) => PointsPerSkill + PointsPerLevelAbove * (offer.Level - want.Level);

    public static int SharedSlots(Profile a, Profile b) => a.Availability.Count(b.Availability.Contains);

    /// <param name="learnerName">The learner as the reasons name them; "you" makes them speak to the learner.</param>
    /// <param name="focus">When given, only this skill counts (a circle's focus).</param>
    public static MatchScore Score(Profile mentor, Profile learner, string mentorName, string learnerName, string? focus = null)
    {
        if (mentor.UserId == learner.UserId)
        {
            return MatchScore.None;
        }
        var points = 0;
        var skills = new List<string>();
        var reasons = new List<string>();
        var wantVerb = learnerName == "you" ? "want" : "wants";
        foreach (var want in learner.Wants.Where(w => focus is null || SkillNames.Same(w.Name, focus)))
        {
            var offer = mentor.Offer(want.Name);
            if (offer is null || !CanTeach(offer, want))
            {
                continue;
            }
            points += SkillPoints(offer, want);
            skills.Add(offer.Name);
            reasons.Add($"{mentorName} offers {offer.Name} ({SkillNames.Level(offer.Level)}); {learnerName} {wantVerb} {offer.Name} (now {SkillNames.Level(want.Level)})");
        }
        if (skills.Count == 0)
        {
            return MatchScore.None;
        }
        var shared = mentor.Availability.Where(learner.Availability.Contains).ToList();
        if (shared.Count > 0)
        {
            points += Math.Min(shared.Count, MaxSlotPoints);
            reasons.Add($"Both free on {Slots(shared)}");
        }
        return new MatchScore(points, skills, reasons);
    }

    public static string Slots(IEnumerable<AvailabilitySlot> slots)
    {
        var words = slots.Select(s => $"{s.Day} {s.Part.ToString().ToLowerInvariant()}").ToList();
        return words.Count <= 3 ? string.Join(", ", words) : $"{string.Join(", ", words.Take(3))} and {words.Count - 3} more";
    }
}

/// <summary>
/// Who reports to whom at work (person → manager). Two people are in one reporting line when one is the other's
/// manager, or the manager's manager, and so on up.
/// </summary>
public sealed class ReportingLines(IReadOnlyDictionary<string, string> managerOf)
{
    public static readonly ReportingLines None = new(new Dictionary<string, string>());

    public bool IsAbove(string upper, string person)
    {
        var seen = new HashSet<string>();
        var current = person;
        while (managerOf.TryGetValue(current, out var manager) && seen.Add(manager))
        {
            if (manager == upper)
            {
                return true;
            }
            current = manager;
        }
        return false;
    }

    public bool Related(string a, string b) => IsAbove(a, b) || IsAbove(b, a);
}
