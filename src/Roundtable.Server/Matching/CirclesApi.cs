using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Matching;

/// <summary>A circle as its people see it; <see cref="MyPart"/> is "mentor", "member" or "staff" (a coach or admin).</summary>
public sealed record CircleDto(
    string CircleId, string CohortId, string CohortName, string Focus, PersonDto? Mentor, IReadOnlyList<PersonDto> Members,
    CadenceDto Cadence, DateTimeOffset NextMeeting, IReadOnlyList<MeetingDto> UpcomingMeetings, string RoomId, RoomStatus RoomStatus,
    string MyPart, bool CanChangeCadence);

public sealed record MentorshipDto(string MentorshipId, string CohortId, PersonDto Mentor, PersonDto Learner, IReadOnlyList<string> Reasons);

public sealed record MentorRequestDto(
    string RequestId, string CohortId, PersonDto Learner, PersonDto Mentor, string Message, MentorRequestStatus Status, IReadOnlyList<string> Reasons);

public sealed record MyMatchingDto(
    IReadOnlyList<CircleDto> Circles, IReadOnlyList<MentorshipDto> Mentorships, IReadOnlyList<MentorRequestDto> Incoming, IReadOnlyList<MentorRequestDto> Outgoing);

public sealed record SuggestionDto(PersonDto Mentor, int Points, IReadOnlyList<string> Reasons, int OpenPlaces);

public sealed record RequestMentorRequest(string? MentorId, string? Message);

public sealed record AnswerMentorRequest(bool? Accept);

/// <summary>
/// A person's circles, mentorships and mentor requests. A learner asks a mentor of their cohort
/// (<see cref="MentorRequested"/>); the mentor accepts (<see cref="MentorRequestAnswered"/> and
/// <see cref="MentorshipFormed"/>, while they have places) or declines.
/// </summary>
public static class CirclesApi
{
    public const int MaxMessageLength = 500;

    public static IEndpointRouteBuilder MapCirclesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Circles");
        api.MapGet("/my-matching", Mine).WithDescription("The caller's circles, mentorships and mentor requests (to answer and sent).");
        api.MapGet("/cohorts/{cohortId}/circles", OfCohort).WithDescription("The cohort's circles: all of them for its coaches and admins, a member's own for a member.");
        api.MapGet("/cohorts/{cohortId}/mentor-suggestions", Suggestions).WithDescription("Mentors of the cohort for the calling learner, best first, with reasons.");
        api.MapPost("/cohorts/{cohortId}/mentor-requests", RequestMentor).WithDescription("The calling learner asks a mentor of the cohort.");
        api.MapPost("/mentor-requests/{requestId}/answer", Answer).WithDescription("The mentor accepts (while they have places) or declines.");
        return app;
    }

    private static Ok<MyMatchingDto> Mine(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, TimeProvider time)
    {
        var me = principal.UserId()!;
        PersonDto Person(string id) => PersonOf(access, id);
        var circles = db.Circles.FindAll()
            .Where(c => c.MentorId == me || c.MemberIds.Contains(me))
            .Select(c => ToDto(c, me, db, access, time))
            .OrderBy(c => c.NextMeeting)
            .ToList();
        var mentorships = db.Mentorships.Find(m => m.MentorId == me || m.LearnerId == me)
            .Select(m => new MentorshipDto(m.Id, m.CohortId, Person(m.MentorId), Person(m.LearnerId), m.Reasons))
            .ToList();
        MentorRequestDto Request(MentorRequestRecord r) => new(
            r.Id, r.CohortId, Person(r.LearnerId), Person(r.MentorId), r.Message ?? "", r.Status,
            MatchScorer.Score(ProfilesApi.ProfileOf(db, r.MentorId), ProfilesApi.ProfileOf(db, r.LearnerId), Person(r.MentorId).DisplayName, Person(r.LearnerId).DisplayName).Reasons);
        var incoming = db.MentorRequests.Find(r => r.MentorId == me).Where(r => r.Status == MentorRequestStatus.Pending).Select(Request).ToList();
        var outgoing = db.MentorRequests.Find(r => r.LearnerId == me).OrderByDescending(r => r.RequestedAt).Select(Request).ToList();
        return TypedResults.Ok(new MyMatchingDto(circles, mentorships, incoming, outgoing));
    }

    private static Results<Ok<CircleDto[]>, ProblemHttpResult> OfCohort(
        string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, TimeProvider time)
    {
        var me = principal.UserId()!;
        if (!Ids.IsWellFormed(cohortId) || access.Cohort(cohortId) is null || !access.CanSee(cohortId, me))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        return TypedResults.Ok(db.Circles.Find(c => c.CohortId == cohortId)
            .Where(c => CircleCadenceApi.CanSee(c, me, access))
            .Select(c => ToDto(c, me, db, access, time))
            .OrderBy(c => c.Focus, StringComparer.OrdinalIgnoreCase)
            .ToArray());
    }

    /// <summary>The circle as <paramref name="me"/> sees it, with its next meetings from now.</summary>
    public static CircleDto ToDto(CircleRecord c, string me, RoundtableDb db, CohortAccess access, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var upcoming = c.Meetings(now).Take(4).Select(m => new MeetingDto(m.Start, m.Skipped)).ToList();
        var part = c.MentorId == me ? "mentor" : c.MemberIds.Contains(me) ? "member" : "staff";
        return new CircleDto(
            c.Id, c.CohortId, access.Cohort(c.CohortId)?.Name ?? "", c.Focus, c.MentorId is null ? null : PersonOf(access, c.MentorId),
            c.MemberIds.Select(id => PersonOf(access, id)).ToList(), CadenceDto.From(c.ToCadence()), c.NextMeeting(now), upcoming, c.RoomId,
            access.Roundtable(c.RoomId)?.Status ?? RoomStatus.Scheduled, part, CircleCadenceApi.CanChange(c, me, access));
    }

    private static Results<Ok<SuggestionDto[]>, ProblemHttpResult> Suggestions(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var me = principal.UserId()!;
        if (!Ids.IsWellFormed(cohortId) || access.Cohort(cohortId) is null || !access.CanSee(cohortId, me))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        var cohort = new CohortMatching(db, access, cohortId, MatchingKind.Mentorships, keepOutOfReportingLine: true);
        var mine = db.Mentorships.Find(m => m.LearnerId == me).Select(m => m.MentorId).ToHashSet();
        return TypedResults.Ok(MentorAssignment.Suggest(cohort.Pool, me, cohort.MentorIds.Where(m => !mine.Contains(m)), cohort.OpenPlacesOf)
            .Select(s => new SuggestionDto(new PersonDto(s.MentorId, cohort.Pool.Name(s.MentorId)), s.Score.Points, s.Score.Reasons, cohort.OpenPlacesOf(s.MentorId)))
            .ToArray());
    }

    private static async Task<Results<Ok<MentorRequestDto>, ProblemHttpResult>> RequestMentor(
        string cohortId, RequestMentorRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        CancellationToken cancellationToken)
    {
        var me = principal.UserId()!;
        var requestId = Ids.New();
        var problem = await writer.WriteAsync(() =>
        {
            if (!Ids.IsWellFormed(cohortId) || access.Cohort(cohortId) is null || !access.CanSee(cohortId, me))
            {
                return DirectoryDecision.NotFound($"There is no cohort '{cohortId}' that you can see.");
            }
            if (access.RoleIn(cohortId, me) != CohortRole.Learner)
            {
                return DirectoryDecision.Forbidden("Only the cohort's learners ask for a mentor here.");
            }
            var mentorId = request.MentorId;
            var message = request.Message?.Trim() ?? "";
            if (mentorId is null || !Ids.IsWellFormed(mentorId) || access.RoleIn(cohortId, mentorId) is null || mentorId == me)
            {
                return DirectoryDecision.Invalid("mentorId", "Choose a mentor from your cohort (not yourself).");
            }
            if (message.Length > MaxMessageLength)
            {
                return DirectoryDecision.Invalid("message", $"A message is at most {MaxMessageLength} characters.");
            }
            if (CohortMatching.OpenPlaces(db, ProfilesApi.ProfileOf(db, mentorId)) == 0)
            {
                return DirectoryDecision.Conflict($"{access.User(mentorId)?.DisplayName} has no open places as a mentor.");
            }
            if (db.Mentorships.Exists(m => m.MentorId == mentorId && m.LearnerId == me))
            {
                return DirectoryDecision.Conflict("They already mentor you.");
            }
            if (db.MentorRequests.Exists(r => r.MentorId == mentorId && r.LearnerId == me && r.Status == MentorRequestStatus.Pending))
            {
                return DirectoryDecision.Conflict("You have already asked them; they have not answered yet.");
            }
            return DirectoryDecision.Accept(new MentorRequested(requestId, cohortId, me, mentorId, message));
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(ToDto(db, access, requestId)) : problem.ToResult();
    }

    private static async Task<Results<Ok<MentorRequestDto>, ProblemHttpResult>> Answer(
        string requestId, AnswerMentorRequest answer, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        CancellationToken cancellationToken)
    {
        var me = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            var request = Ids.IsWellFormed(requestId) ? db.MentorRequests.FindById(requestId) : null;
            if (request is null || (request.MentorId != me && request.LearnerId != me))
            {
                return DirectoryDecision.NotFound($"There is no mentor request '{requestId}' that you can see.");
            }
            if (request.MentorId != me)
            {
                return DirectoryDecision.Forbidden("Only the mentor asked answers the request.");
            }
            if (answer.Accept is not { } accept)
            {
                return DirectoryDecision.Invalid("accept", "Say whether you accept (true) or decline (false).");
            }
            if (request.Status != MentorRequestStatus.Pending)
            {
                return DirectoryDecision.Conflict($"This request was already {request.Status.ToString().ToLowerInvariant()}.");
            }
            if (!accept)
            {
                return DirectoryDecision.Accept(new MentorRequestAnswered(requestId, false, me));
            }
            var mentor = ProfilesApi.ProfileOf(db, me);
            if (CohortMatching.OpenPlaces(db, mentor) == 0)
            {
                return DirectoryDecision.Conflict($"You have no open places: your profile says you take {mentor.MentorCapacity} mentees. Raise it, or decline.");
            }
            var names = (Mentor: access.User(me)?.DisplayName ?? me, Learner: access.User(request.LearnerId)?.DisplayName ?? request.LearnerId);
            var score = MatchScorer.Score(mentor, ProfilesApi.ProfileOf(db, request.LearnerId), names.Mentor, names.Learner);
            return DirectoryDecision.Accept(
                new MentorRequestAnswered(requestId, true, me),
                new MentorshipFormed(Ids.New(), request.CohortId, me, request.LearnerId, score.Reasons, me));
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(ToDto(db, access, requestId)) : problem.ToResult();
    }

    private static MentorRequestDto ToDto(RoundtableDb db, CohortAccess access, string requestId)
    {
        var r = db.MentorRequests.FindById(requestId);
        return new MentorRequestDto(r.Id, r.CohortId, PersonOf(access, r.LearnerId), PersonOf(access, r.MentorId), r.Message ?? "", r.Status, []);
    }

    private static PersonDto PersonOf(CohortAccess access, string userId) => new(userId, access.User(userId)?.DisplayName ?? userId);
}
