using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Dashboard;
using Roundtable.Server.Matching;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Network;

/// <summary>Why two people are linked: the kind (for colour and line style) and the words a reader sees.</summary>
public sealed record NetworkReasonDto(string Kind, string Text, string CohortId);

public sealed record SharedCohortDto(string CohortId, string Name);

public sealed record SharedCircleDto(string CircleId, string CohortId, string Focus);

/// <summary>
/// One person of the caller's network: why the caller learns from them and why the caller advises them (either may be
/// empty, not both), what they share, and the cohort in which the caller may ask them for mentoring (null: not offered).
/// </summary>
public sealed record NetworkPersonDto(
    string UserId, string DisplayName, IReadOnlyList<NetworkReasonDto> LearnFrom, IReadOnlyList<NetworkReasonDto> Advise,
    IReadOnlyList<SharedCohortDto> SharedCohorts, IReadOnlyList<SharedCircleDto> SharedCircles, string? AskMentoringCohortId);

public sealed record NetworkDto(string UserId, string DisplayName, IReadOnlyList<NetworkPersonDto> People);

/// <summary>
/// Each person's learning network, read from the projections of the log: mentorships, circles, cohort roles, and live
/// and asynchronous peer feedback. Only people the caller shares a cohort with appear, and only for reasons in those
/// cohorts, so nothing of a cohort the caller is not in is shown.
/// </summary>
public static class NetworkApi
{
    /// <summary>A presenter's rating from this up counts as "helpful" (1 is "not helpful").</summary>
    public const int HelpfulFrom = 2;

    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Network");
        api.MapGet("/me/network", GetMyNetwork)
            .WithDescription("The people the caller learns from and advises, with the reasons, across their cohorts (people sharing a cohort only).");
        api.MapGet("/people", PeopleDirectory.Search)
            .WithDescription("The people directory: people sharing a program with the caller (everyone for admins), by name and by skill.");
        return app;
    }

    private static async Task<Ok<NetworkDto>> GetMyNetwork(
        ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DashboardProjection activity, CancellationToken cancellationToken)
    {
        var me = principal.UserId()!;
        var myCohorts = db.Memberships.Find(m => m.UserId == me).ToDictionary(m => m.CohortId, m => m.Role);
        string CohortName(string id) => access.Cohort(id)?.Name ?? "";
        var people = new Dictionary<string, (List<NetworkReasonDto> Learn, List<NetworkReasonDto> Advise)>(StringComparer.Ordinal);
        void Add(string personId, bool learn, string kind, string cohortId, string text)
        {
            if (personId == me || !myCohorts.ContainsKey(cohortId) || access.RoleIn(cohortId, personId) is null)
            {
                return;
            }
            if (!people.TryGetValue(personId, out var entry))
            {
                people[personId] = entry = ([], []);
            }
            var list = learn ? entry.Learn : entry.Advise;
            if (!list.Any(r => r.Kind == kind && r.Text == text))
            {
                list.Add(new NetworkReasonDto(kind, text, cohortId));
            }
        }

        foreach (var m in db.Mentorships.Find(m => m.MentorId == me || m.LearnerId == me))
        {
            if (m.LearnerId == me)
            {
                Add(m.MentorId, true, "mentor", m.CohortId, $"mentors you in {CohortName(m.CohortId)}");
            }
            else
            {
                Add(m.LearnerId, false, "mentee", m.CohortId, $"you mentor them in {CohortName(m.CohortId)}");
            }
        }
        var myCircles = db.Circles.FindAll().Where(c => myCohorts.ContainsKey(c.CohortId) && (c.MentorId == me || c.MemberIds.Contains(me))).ToList();
        foreach (var c in myCircles)
        {
            if (c.MentorId == me)
            {
                c.MemberIds.ForEach(id => Add(id, false, "circle", c.CohortId, $"you mentor their circle “{c.Focus}” in {CohortName(c.CohortId)}"));
            }
            else if (c.MentorId is { } mentor)
            {
                Add(mentor, true, "circle", c.CohortId, $"mentors your circle “{c.Focus}” in {CohortName(c.CohortId)}");
            }
        }
        foreach (var (cohortId, role) in myCohorts)
        {
            if (role is not (CohortRole.Learner or CohortRole.Coach))
            {
                continue;
            }
            var others = db.Memberships.Find(m => m.CohortId == cohortId).ToList();
            foreach (var other in others)
            {
                if (role == CohortRole.Learner && other.Role == CohortRole.Coach)
                {
                    Add(other.UserId, true, "coach", cohortId, $"coaches your cohort {CohortName(cohortId)}");
                }
                else if (role == CohortRole.Coach && other.Role == CohortRole.Learner)
                {
                    Add(other.UserId, false, "coach", cohortId, $"you coach them in {CohortName(cohortId)}");
                }
            }
        }
        foreach (var link in await activity.ReadAsync((a, _) => a.LiveFeedbackLinksOf(me), cancellationToken))
        {
            if (link.PresenterId == me && link.Helpfulness >= HelpfulFrom)
            {
                Add(link.GiverId, true, "feedback", link.CohortId,
                    $"you rated their feedback on your presentation in “{link.RoundtableTitle}” helpful");
            }
            else if (link.GiverId == me)
            {
                Add(link.PresenterId, false, "review", link.CohortId, $"you reviewed their presentation in “{link.RoundtableTitle}”");
            }
        }
        foreach (var review in db.AsyncReviews.Find(r => r.ReviewerId == me && r.Revision > 0))
        {
            if (db.AsyncPresentations.FindById(review.PresentationId) is { } presentation)
            {
                Add(presentation.PresenterId, false, "review", presentation.CohortId, $"you reviewed their presentation “{presentation.Title}”");
            }
        }
        foreach (var presentation in db.AsyncPresentations.Find(p => p.PresenterId == me))
        {
            var id = presentation.Id;
            foreach (var review in db.AsyncReviews.Find(r => r.PresentationId == id).Where(r => r.Helpfulness >= HelpfulFrom))
            {
                Add(review.ReviewerId, true, "feedback", presentation.CohortId,
                    $"you rated their feedback on your presentation “{presentation.Title}” helpful");
            }
        }

        var result = people
            .Select(p => new NetworkPersonDto(
                p.Key, access.User(p.Key)?.DisplayName ?? p.Key, p.Value.Learn, p.Value.Advise,
                SharedCohorts(db, access, me, p.Key, myCohorts.Keys), SharedCircles(myCircles, p.Key),
                MentoringCohort(db, access, me, p.Key, myCohorts)))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return TypedResults.Ok(new NetworkDto(me, access.User(me)?.DisplayName ?? "", result));
    }

    /// <summary>The cohorts both are members of (any role), by name.</summary>
    public static List<SharedCohortDto> SharedCohorts(RoundtableDb db, CohortAccess access, string me, string personId, IEnumerable<string> myCohortIds) =>
        [.. myCohortIds.Where(id => access.RoleIn(id, personId) is not null)
            .Select(id => new SharedCohortDto(id, access.Cohort(id)?.Name ?? ""))
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)];

    private static List<SharedCircleDto> SharedCircles(IEnumerable<CircleRecord> myCircles, string personId) =>
        [.. myCircles.Where(c => c.MentorId == personId || c.MemberIds.Contains(personId)).Select(c => new SharedCircleDto(c.Id, c.CohortId, c.Focus))];

    /// <summary>
    /// A cohort in which the caller, a learner there, may ask the person (a member of it with open places as a mentor,
    /// not yet their mentor, not already asked) for mentoring, as POST /api/cohorts/{id}/mentor-requests accepts.
    /// </summary>
    public static string? MentoringCohort(RoundtableDb db, CohortAccess access, string me, string personId, IReadOnlyDictionary<string, CohortRole> myCohorts)
    {
        if (personId == me || CohortMatching.OpenPlaces(db, ProfilesApi.ProfileOf(db, personId)) == 0
            || db.Mentorships.Exists(m => m.MentorId == personId && m.LearnerId == me)
            || db.MentorRequests.Exists(r => r.MentorId == personId && r.LearnerId == me && r.Status == MentorRequestStatus.Pending))
        {
            return null;
        }
        return myCohorts.Where(c => c.Value == CohortRole.Learner && access.RoleIn(c.Key, personId) is not null)
            .Select(c => c.Key).Order(StringComparer.Ordinal).FirstOrDefault();
    }
}
