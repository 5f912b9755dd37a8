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
            CohortRole.Observer => RoomRole.Observer,
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

    /// <summary>Whether the user is a member (any role) of any cohort of the program.</summary>
    public bool InProgram(string programId, string userId) => CohortIdsOf(programId).Any(cohortId => RoleIn(cohortId, userId) is not null);

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

    /// <summary>Whether making <paramref name="managerId"/> their manager would have someone end up reporting to themselves.</summary>
    public bool WouldLoop(string userId, string managerId) => managerId == userId || ReportingChain(managerId).Contains(userId);

    /// <summary>True when one of the two manages the other, directly or further up.</summary>
    public bool InReportingLine(string a, string b) => ReportingChain(a).Contains(b) || ReportingChain(b).Contains(a);

    /// <summary>
    /// The role a user holds in one room. A circle's room is for its circle: admins and the cohort's coaches, the
    /// mentor facilitating (as Coach) and the members (as Learner; in a peer group, which has no mentor, the members run
    /// their meetings themselves, as Coach), while they are still in the cohort; any other
    /// room is for its whole cohort (<see cref="RoomRoleIn(string, UserRecord)"/>).
    /// </summary>
    public RoomRole? RoomRoleFor(RoundtableRecord roundtable, UserRecord user)
    {
        var cohortRole = RoomRoleIn(roundtable.CohortId, user);
        if (roundtable.Kind != RoundtableKind.Circle || cohortRole is null or RoomRole.Admin or RoomRole.Coach)
        {
            return cohortRole;
        }
        var circle = roundtable.ParentId is null ? null : cache.Get(roundtable.ParentId, id => db.Circles.FindById(id));
        return circle?.MentorId == user.Id ? RoomRole.Coach
            : circle?.MemberIds.Contains(user.Id) == true ? (circle.MentorId is null ? RoomRole.Coach : RoomRole.Learner)
            : null;
    }

    /// <summary>Whether the user may see this room, its transcript and its notes.</summary>
    public bool CanSeeRoom(RoundtableRecord roundtable, string userId) =>
        User(userId) is { } user && RoomRoleFor(roundtable, user) is not null;

    /// <summary>What someone refused by <see cref="RoomRoleFor"/> is told.</summary>
    public static string RoomRefusal(RoundtableRecord roundtable) => roundtable.Kind == RoundtableKind.Circle
        ? "This is a mentoring circle's room: only the circle's mentor and members, and the cohort's coaches, can join."
        : "You are not a member of this roundtable's cohort.";

    /// <summary>Their own; admins any; a coach those of the cohorts they coach.</summary>
    public bool CanReadProfile(string callerId, string userId) =>
        callerId == userId || IsAdmin(callerId)
        || db.Memberships.Find(m => m.UserId == userId).Any(m => RoleIn(m.CohortId, callerId) == CohortRole.Coach);

    private IEnumerable<string> CohortIdsOf(string programId) => db.Cohorts.Find(c => c.ProgramId == programId).Select(c => c.Id);
}
