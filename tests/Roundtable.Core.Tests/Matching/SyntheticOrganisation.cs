using Roundtable.Core.Matching;

namespace Roundtable.Core.Tests.Matching;

/// <summary>A made-up organisation from a seed: a reporting tree, skills with levels, wants, capacities and free slots.</summary>
internal sealed class SyntheticOrganisation
{
    public static readonly string[] AllSkills =
    [
        "Negotiation", "Public speaking", "Facilitation", "Coaching", "Delegation", "Budgeting",
        "Storytelling", "Conflict resolution", "Hiring", "Strategy", "Writing", "Data literacy",
    ];

    public SyntheticOrganisation(int seed, int people, int skillCount = 12, double mentorShare = 0.4, int maxCapacity = 3)
    {
        var random = new Random(seed);
        var skills = AllSkills.Take(skillCount).ToArray();
        var slots = Enum.GetValues<DayOfWeek>()
            .Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            .SelectMany(d => new[] { new AvailabilitySlot(d, DayPart.Morning), new AvailabilitySlot(d, DayPart.Afternoon) })
            .ToArray();
        var managers = new Dictionary<string, string>();
        for (var i = 0; i < people; i++)
        {
            var id = $"p{i:D3}";
            Names[id] = $"Person {i}";
            if (i > 0)
            {
                managers[id] = $"p{random.Next(0, Math.Max(1, i / 4)):D3}";
            }
            var shuffled = skills.OrderBy(_ => random.Next()).ToList();
            var offers = shuffled.Take(random.Next(0, 4)).Select(s => new SkillTag(s, random.Next(2, 5))).ToList();
            var wants = shuffled.Skip(offers.Count).Take(random.Next(1, 4)).Select(s => new SkillTag(s, random.Next(1, 4))).ToList();
            var capacity = random.NextDouble() < mentorShare ? random.Next(1, maxCapacity + 1) : 0;
            var free = slots.Where(_ => random.NextDouble() < 0.35).ToList();
            Profiles.Add(new Profile(id, offers, wants, "", free, capacity));
        }
        Lines = new ReportingLines(managers);
        ManagerOf = managers;
    }

    public List<Profile> Profiles { get; } = [];

    public Dictionary<string, string> Names { get; } = [];

    public Dictionary<string, string> ManagerOf { get; }

    public ReportingLines Lines { get; }

    public List<string> Ids => Profiles.Select(p => p.UserId).ToList();

    public List<string> Learners => Profiles.Where(p => p.Wants.Count > 0).Select(p => p.UserId).ToList();

    public List<string> Mentors => Profiles.Where(p => p.MentorCapacity > 0).Select(p => p.UserId).ToList();

    public MatchingPool Pool(bool keepOutOfReportingLine = true) => new(Profiles, Names, Lines, keepOutOfReportingLine);

    public Profile Profile(string id) => Profiles.Single(p => p.UserId == id);

    /// <summary>Written out from the rules in MatchScorer's documentation, not by calling it, so the tests check it.</summary>
    public int? Points(string mentorId, string learnerId, string? focus = null)
    {
        if (mentorId == learnerId || Lines.IsAbove(mentorId, learnerId) || Lines.IsAbove(learnerId, mentorId))
        {
            return null;
        }
        var mentor = Profile(mentorId);
        var learner = Profile(learnerId);
        var points = 0;
        var any = false;
        foreach (var want in learner.Wants.Where(w => focus is null || w.Name == focus))
        {
            var offer = mentor.Offers.FirstOrDefault(o => o.Name == want.Name);
            if (offer is not null && offer.Level > want.Level)
            {
                any = true;
                points += 10 + 2 * (offer.Level - want.Level);
            }
        }
        return any ? points + Math.Min(4, mentor.Availability.Intersect(learner.Availability).Count()) : null;
    }
}
