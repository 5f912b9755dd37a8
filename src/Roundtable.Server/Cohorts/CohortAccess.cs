using Roundtable.Server.Projection;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Cohorts;

/// <summary>Who may do what, read from the projected directory: admin is global, every other role is per cohort.</summary>
public sealed class CohortAccess(RoundtableDb db, ReadModelCache cache)
{
    /// <summary>The account, from memory while the directory has not changed.</summary>
    public UserRecord? User(string userId) => cache.Get(userId, id => db.Users.FindById(id));

    /// <summary>The roundtable, from memory while the directory has not changed.</summary>
    public RoundtableRecord? Roundtable(string roundtableId) => cache.Get(roundtableId, id => db.Roundtables.FindById(id));

    /// <summary>The cohort, from memory while the directory has not changed.</summary>
    public CohortRecord? Cohort(string cohortId) => cache.Get(cohortId, id => db.Cohorts.FindById(id));

    public bool IsAdmin(string userId) => User(userId) is { IsAdmin: true };

    public CohortRole? RoleIn(string cohortId, string userId) =>
        cache.Get(MembershipRecord.KeyOf(cohortId, userId), id => db.Memberships.FindById(id))?.Role;

    /// <summary>The role a user holds in a cohort's rooms: Admin for admins, else their cohort role; null for outsiders.</summary>
    public RoomRole? RoomRoleIn(string cohortId, string userId) =>
        User(userId) is { } user ? RoomRoleIn(cohortId, user) : null;

    /// <summary>As above, for a user already read (saves a lookup on every hub command).</summary>
    public RoomRole? RoomRoleIn(string cohortId, UserRecord user)
    {
        if (user.IsAdmin)
        {
            return RoomRole.Admin;
        }
        return RoleIn(cohortId, user.Id) switch
        {
            CohortRole.Learner => RoomRole.Learner,
            CohortRole.Coach => RoomRole.Coach,
            CohortRole.Manager => RoomRole.Manager,
            _ => null,
        };
    }

    public bool CanSee(string cohortId, string userId) => RoomRoleIn(cohortId, userId) is not null;

    public bool CanFacilitate(string cohortId, string userId) => RoomRoleIn(cohortId, userId) is RoomRole.Coach or RoomRole.Admin;

    /// <summary>Admins, and members (any role) of any cohort of the program.</summary>
    public bool CanSeeProgram(string programId, string userId) =>
        IsAdmin(userId) || CohortIdsOf(programId).Any(cohortId => RoleIn(cohortId, userId) is not null);

    /// <summary>Admins, and coaches of any cohort of the program: they shape what the program's cohorts share, such as rubrics.</summary>
    public bool CanCoachProgram(string programId, string userId) =>
        IsAdmin(userId) || CohortIdsOf(programId).Any(cohortId => RoleIn(cohortId, userId) == CohortRole.Coach);

    /// <summary>Whom the person reports to at work, if set.</summary>
    public string? ManagerOf(string userId) => User(userId)?.ManagerId;

    /// <summary>Their manager, their manager's manager, and so on up (loops are refused on write, and cut here too).</summary>
    public IReadOnlyList<string> ReportingChain(string userId)
    {
        var chain = new List<string>();
        for (var manager = ManagerOf(userId); manager is not null && manager != userId && !chain.Contains(manager); manager = ManagerOf(manager))
        {
            chain.Add(manager);
        }
        return chain;
    }

    /// <summary>True when one of the two manages the other, directly or further up.</summary>
    public bool InReportingLine(string a, string b) => ReportingChain(a).Contains(b) || ReportingChain(b).Contains(a);

    private IEnumerable<string> CohortIdsOf(string programId) => db.Cohorts.Find(c => c.ProgramId == programId).Select(c => c.Id);
}
