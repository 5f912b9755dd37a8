using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Matching;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Network;

/// <summary>
/// One person in the directory. Skills are shown only when <see cref="SkillsVisible"/> (the caller shares a cohort with
/// them, or is an admin); otherwise the lists are empty.
/// </summary>
public sealed record DirectoryPersonDto(
    string UserId, string DisplayName, IReadOnlyList<SharedCohortDto> SharedCohorts, bool SkillsVisible,
    IReadOnlyList<SkillTag> Offers, IReadOnlyList<SkillTag> Wants, bool CanReadProfile, string? AskMentoringCohortId);

public sealed record DirectoryDto(IReadOnlyList<DirectoryPersonDto> People, bool Truncated);

/// <summary>
/// The people directory of the organisation. Profiles have no visibility setting of their own, so the directory shows a
/// person's name to everyone sharing a program with them, and their skills (offered and wanted) only to people sharing a
/// cohort with them and to admins; a skill search never matches skills the caller could not see.
/// </summary>
public static class PeopleDirectory
{
    public const int MaxQueryLength = 100;
    public const int MaxResults = 200;

    public static Results<Ok<DirectoryDto>, ProblemHttpResult> Search(
        string? skill, string? q, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var me = principal.UserId()!;
        if ((q?.Length ?? 0) > MaxQueryLength)
        {
            return Problems.Invalid("q", $"Search for a name of at most {MaxQueryLength} characters.");
        }
        if ((skill?.Length ?? 0) > MaxQueryLength)
        {
            return Problems.Invalid("skill", $"Search for a skill of at most {MaxQueryLength} characters.");
        }
        var name = q?.Trim() ?? "";
        var skillWanted = SkillNames.Normalise(skill ?? "");
        var isAdmin = access.IsAdmin(me);
        var myCohorts = db.Memberships.Find(m => m.UserId == me).ToDictionary(m => m.CohortId, m => m.Role);
        var candidates = isAdmin ? db.Users.FindAll().Select(u => u.Id) : PeopleSharingAProgram(db, myCohorts.Keys);

        var people = new List<DirectoryPersonDto>();
        foreach (var id in candidates.Distinct().Where(id => id != me))
        {
            if (access.User(id) is not { } user || (name.Length > 0 && !user.DisplayName.Contains(name, StringComparison.CurrentCultureIgnoreCase)))
            {
                continue;
            }
            var shared = NetworkApi.SharedCohorts(db, access, me, id, myCohorts.Keys);
            var skillsVisible = isAdmin || shared.Count > 0;
            var profile = skillsVisible ? ProfilesApi.ProfileOf(db, id) : Profile.Empty(id);
            if (skillWanted.Length > 0 && !profile.Offers.Concat(profile.Wants).Any(t => t.Name.Contains(skillWanted, StringComparison.CurrentCultureIgnoreCase)))
            {
                continue;
            }
            people.Add(new DirectoryPersonDto(
                id, user.DisplayName, shared, skillsVisible, profile.Offers, profile.Wants, access.CanReadProfile(me, id),
                NetworkApi.MentoringCohort(db, access, me, id, myCohorts)));
        }
        var sorted = people.OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
        return TypedResults.Ok(new DirectoryDto([.. sorted.Take(MaxResults)], sorted.Count > MaxResults));
    }

    /// <summary>Everyone in any cohort of any program the caller has a cohort in.</summary>
    private static IEnumerable<string> PeopleSharingAProgram(RoundtableDb db, IEnumerable<string> myCohortIds)
    {
        var programs = myCohortIds.Select(id => db.Cohorts.FindById(id)?.ProgramId).OfType<string>().ToHashSet();
        var cohorts = db.Cohorts.FindAll().Where(c => programs.Contains(c.ProgramId)).Select(c => c.Id).ToList();
        return cohorts.SelectMany(c => db.Memberships.Find(m => m.CohortId == c).Select(m => m.UserId));
    }
}
