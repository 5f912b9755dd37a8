using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Core.Matching;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Matching;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>What the coach asked for: a strategy, the learners present, how many groups, (manual) who goes where, and (matching) what for.</summary>
/// <param name="Assignments">Manual only: user id to group number (0-based).</param>
public sealed record GroupingRequest(
    string CohortId, BreakoutStrategy Strategy, IReadOnlyList<BreakoutMember> Present, int GroupCount, IReadOnlyDictionary<string, int>? Assignments,
    PeerGroupingGoal Goal = PeerGroupingGoal.Complementary);

/// <summary>The groups, or why they cannot be formed (a message a person can act on).</summary>
public sealed record GroupingResult(IReadOnlyList<FormedGroup> Groups, string? Error)
{
    public static GroupingResult Refused(string error) => new([], error);
}

/// <summary>Forms breakout groups for a strategy. Each strategy is one case of <see cref="BreakoutGrouping.Form"/>.</summary>
public interface IBreakoutGrouping
{
    GroupingResult Form(GroupingRequest request);
}

public sealed class BreakoutGrouping(CohortAccess access, RoundtableDb db) : IBreakoutGrouping
{
    public GroupingResult Form(GroupingRequest request)
    {
        if (request.GroupCount is < BreakoutLimits.MinGroups or > BreakoutLimits.MaxGroups)
        {
            return GroupingResult.Refused($"Form {BreakoutLimits.MinGroups} to {BreakoutLimits.MaxGroups} groups.");
        }
        return request.Strategy switch
        {
            BreakoutStrategy.Random => Random(request),
            BreakoutStrategy.Manual => Manual(request),
            BreakoutStrategy.Matching => Matching(request),
            _ => new GroupingResult([.. Enumerable.Range(0, request.GroupCount).Select(_ => new FormedGroup([]))], null),
        };
    }

    private static GroupingResult Random(GroupingRequest request) => TooFew(request)
        ?? new GroupingResult([.. GroupForming.Random(request.Present, request.GroupCount, System.Random.Shared).Select(g => new FormedGroup(g))], null);

    /// <summary>By the present learners' profiles (as matching reads them), each group explained by its matches.</summary>
    private GroupingResult Matching(GroupingRequest request) => TooFew(request)
        ?? new GroupingResult(GroupForming.ByMatching(
            request.Present, request.Present.Select(p => ProfilesApi.ProfileOf(db, p.UserId)), request.GroupCount, request.Goal), null);

    private static GroupingResult? TooFew(GroupingRequest request) => request.Present.Count < request.GroupCount
        ? GroupingResult.Refused($"{request.GroupCount} groups need at least {request.GroupCount} learners in the room; {request.Present.Count} are here.")
        : null;

    private GroupingResult Manual(GroupingRequest request)
    {
        var assignments = request.Assignments ?? new Dictionary<string, int>();
        var people = new List<BreakoutMember>(assignments.Count);
        foreach (var (userId, group) in assignments)
        {
            if (!Ids.IsWellFormed(userId) || access.RoleIn(request.CohortId, userId) != CohortRole.Learner || access.User(userId) is not { } user)
            {
                return GroupingResult.Refused($"There is no learner '{(userId.Length <= 40 ? userId : userId[..40] + "…")}' in this cohort; groups hold the cohort's learners only.");
            }
            if (group < 0 || group >= request.GroupCount)
            {
                return GroupingResult.Refused($"{user.DisplayName} is put in group {group + 1}; there are {request.GroupCount} groups.");
            }
            people.Add(new BreakoutMember(userId, user.DisplayName));
        }
        return new GroupingResult([.. GroupForming.Manual(people, assignments, request.GroupCount).Select(g => new FormedGroup(g))], null);
    }
}
