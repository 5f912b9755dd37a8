using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Matching;

public enum MatchingKind
{
    Mentorships,
    Circles,
    PeerGroups,
}

/// <summary>
/// Who matching considers in one cohort, read from the projection: learners (the cohort's learners with something to
/// develop, not yet matched in the cohort in this way), mentors (any member with places: their capacity less the
/// mentees they have anywhere; for circles, members with a capacity who lead no circle of the cohort yet; peer groups have
/// none), everyone's
/// profile and name, and the organisation's reporting lines.
/// </summary>
public sealed class CohortMatching
{
    private readonly Dictionary<string, int> _openPlaces;

    public CohortMatching(RoundtableDb db, CohortAccess access, string cohortId, MatchingKind kind, bool keepOutOfReportingLine)
    {
        var members = db.Memberships.Find(m => m.CohortId == cohortId).ToList();
        var profiles = members.Select(m => ProfilesApi.ProfileOf(db, m.UserId)).ToList();
        var names = members.ToDictionary(m => m.UserId, m => access.User(m.UserId)?.DisplayName ?? m.UserId);
        var managers = db.Users.Find(u => u.ManagerId != null).ToDictionary(u => u.Id, u => u.ManagerId!);
        Pool = new MatchingPool(profiles, names, new ReportingLines(managers), keepOutOfReportingLine);

        var circles = db.Circles.Find(c => c.CohortId == cohortId).ToList();
        var matched = kind == MatchingKind.Mentorships
            ? db.Mentorships.Find(m => m.CohortId == cohortId).Select(m => m.LearnerId).ToHashSet()
            : circles.SelectMany(c => c.MemberIds).ToHashSet();
        var leading = circles.Select(c => c.MentorId).ToHashSet();
        LearnerIds = members
            .Where(m => m.Role == CohortRole.Learner && Pool.Profile(m.UserId).Wants.Count > 0 && !matched.Contains(m.UserId))
            .Select(m => m.UserId)
            .OrderBy(Pool.Name, StringComparer.CurrentCulture)
            .ToList();
        _openPlaces = members.ToDictionary(m => m.UserId, m => kind switch
        {
            MatchingKind.Circles => leading.Contains(m.UserId) ? 0 : Pool.Profile(m.UserId).MentorCapacity,
            MatchingKind.PeerGroups => 0,
            _ => OpenPlaces(db, Pool.Profile(m.UserId)),
        });
        MentorIds = _openPlaces.Where(p => p.Value > 0).Select(p => p.Key).OrderBy(Pool.Name, StringComparer.CurrentCulture).ToList();
    }

    public MatchingPool Pool { get; }

    public IReadOnlyList<string> LearnerIds { get; }

    public IReadOnlyList<string> MentorIds { get; }

    public int OpenPlacesOf(string mentorId) => _openPlaces.GetValueOrDefault(mentorId);

    /// <summary>The profiles with each mentor's capacity cut to their open places (what the optimisers may use).</summary>
    public MatchingPool WithOpenPlaces() => new(
        MentorIds.Concat(LearnerIds).Distinct().Select(id => Pool.Profile(id) with { MentorCapacity = OpenPlacesOf(id) }),
        MentorIds.Concat(LearnerIds).Distinct().ToDictionary(id => id, Pool.Name),
        Pool.Lines,
        Pool.KeepOutOfReportingLine);

    /// <summary>A mentor's capacity less the mentees they already have, in any cohort.</summary>
    public static int OpenPlaces(RoundtableDb db, Profile mentor) =>
        Math.Max(0, mentor.MentorCapacity - db.Mentorships.Count(m => m.MentorId == mentor.UserId));
}
