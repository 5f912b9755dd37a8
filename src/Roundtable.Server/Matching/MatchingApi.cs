using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Matching;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Matching;

/// <param name="Goal">For peer groups: complementary skills (the default) or shared wants.</param>
public sealed record RunMatchingRequest(MatchingKind? Kind, bool? KeepOutOfReportingLine, int? MinSize, int? MaxSize, PeerGroupingGoal? Goal = null);

public sealed record ProposedMentorship(string? MentorId, string? LearnerId);

public sealed record ProposedCircle(string? MentorId, string? Focus, IReadOnlyList<string?>? MemberIds);

/// <summary>A proposal as the reviewer left it; reviewed again (figures, reasons, problems) or published.</summary>
public sealed record ProposalRequest(
    MatchingKind? Kind,
    bool? KeepOutOfReportingLine,
    int? MinSize,
    int? MaxSize,
    IReadOnlyList<ProposedMentorship?>? Mentorships,
    IReadOnlyList<ProposedCircle?>? Circles,
    CadenceRequest? Cadence,
    PeerGroupingGoal? Goal = null);

public sealed record PersonDto(string UserId, string DisplayName);

public sealed record MentorshipProposalDto(PersonDto Mentor, PersonDto Learner, int Points, IReadOnlyList<string> Reasons);

public sealed record CircleMemberDto(PersonDto Learner, int Points, IReadOnlyList<string> Reasons);

/// <summary>A mentoring circle (with its mentor, reasons per member) or a peer group (no mentor, reasons for the group).</summary>
public sealed record CircleProposalDto(PersonDto? Mentor, string Focus, IReadOnlyList<CircleMemberDto> Members, int Score, IReadOnlyList<string> Reasons);

public sealed record LeftOutDto(PersonDto Learner, string Reason);

public sealed record MentorOptionDto(PersonDto Mentor, int OpenPlaces, IReadOnlyList<string> Offers);

/// <summary>Share of the learners placed, and the mean score of a placement.</summary>
public sealed record MatchingFigures(int Learners, int Matched, double MatchedShare, double MeanScore);

public sealed record ProposalDto(
    MatchingKind Kind,
    PeerGroupingGoal Goal,
    bool KeepOutOfReportingLine,
    int MinSize,
    int MaxSize,
    string Method,
    IReadOnlyList<MentorshipProposalDto> Mentorships,
    IReadOnlyList<CircleProposalDto> Circles,
    IReadOnlyList<LeftOutDto> LeftOut,
    MatchingFigures Figures,
    IReadOnlyList<PersonDto> Learners,
    IReadOnlyList<MentorOptionDto> Mentors,
    IReadOnlyDictionary<string, string[]> Problems);

public sealed record PublishedDto(int Mentorships, IReadOnlyList<PublishedCircleDto> Circles);

public sealed record PublishedCircleDto(string CircleId, string RoomId, string Focus, DateTimeOffset NextMeeting);

/// <summary>
/// A cohort's coach or an admin runs matching for the cohort, reviews the proposal (moving or removing people and
/// reviewing again), then publishes it: <see cref="MentorshipFormed"/> per pair, or per circle <see cref="CircleFormed"/>
/// and the <see cref="RoundtableScheduled"/> of its room. Proposals are not stored: a review or a publish carries the
/// whole proposal and is checked afresh against the cohort as it is then.
/// </summary>
public static class MatchingApi
{
    public const int MinCircleSize = 2;
    public const int MaxCircleSize = 12;
    public static readonly CircleCadence DefaultCadence = new(DayOfWeek.Wednesday, new TimeOnly(15, 0), 60);

    public static IEndpointRouteBuilder MapMatchingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cohorts/{cohortId}/matching").WithTags("Matching");
        api.MapPost("/run", Run).WithDescription("Proposes mentorships or circles for the cohort's learners; nothing is saved.");
        api.MapPost("/review", Review).WithDescription("Checks and explains a proposal as the reviewer changed it; nothing is saved.");
        api.MapPost("/publish", Publish).WithDescription("Forms the proposal's mentorships or circles (each circle with its own room).");
        return app;
    }

    private static Results<Ok<ProposalDto>, ProblemHttpResult> Run(
        string cohortId, RunMatchingRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var problem = Check(cohortId, principal, db, access, request.Kind, request.MinSize, request.MaxSize);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var kind = request.Kind!.Value;
        var (min, max) = (request.MinSize ?? 3, request.MaxSize ?? 6);
        var cohort = new CohortMatching(db, access, cohortId, kind, request.KeepOutOfReportingLine ?? true);
        var pool = cohort.WithOpenPlaces();
        ProposalRequest proposal;
        string method;
        if (kind == MatchingKind.Mentorships)
        {
            var result = MentorAssignment.Assign(pool, cohort.LearnerIds, cohort.MentorIds);
            proposal = new ProposalRequest(kind, pool.KeepOutOfReportingLine, min, max,
                result.Mentorships.Select(m => (ProposedMentorship?)new ProposedMentorship(m.MentorId, m.LearnerId)).ToList(), [], null);
            method = "Min-cost max-flow (optimal)";
        }
        else if (kind == MatchingKind.PeerGroups)
        {
            var goal = request.Goal ?? PeerGroupingGoal.Complementary;
            var groups = cohort.LearnerIds.Count == 0
                ? []
                : PeerGrouping.Form(cohort.LearnerIds.Select(pool.Profile), cohort.LearnerIds, (cohort.LearnerIds.Count + max - 1) / max, goal).Groups;
            proposal = new ProposalRequest(kind, pool.KeepOutOfReportingLine, min, max, [],
                groups.Select(g => (ProposedCircle?)new ProposedCircle(null, null, g.MemberIds.Select(id => (string?)id).ToList())).ToList(), null, goal);
            method = cohort.LearnerIds.Count <= PeerGrouping.MaxExactMembers
                ? "Balanced peer groups over every partition (optimal)"
                : "Balanced peer groups by local search (pairwise swaps to a local optimum)";
        }
        else
        {
            var result = CircleFormation.Form(pool, cohort.LearnerIds, cohort.MentorIds, new CircleOptions(min, max));
            proposal = new ProposalRequest(kind, pool.KeepOutOfReportingLine, min, max, [],
                result.Circles.Select(c => (ProposedCircle?)new ProposedCircle(c.MentorId, c.Focus, c.Members.Select(m => (string?)m.LearnerId).ToList())).ToList(), null);
            method = result.Method == CircleMethod.Exact
                ? "Min-cost flow with balanced sizes over every choice of focus (optimal)"
                : "Min-cost flow with balanced sizes, each mentor on their most wanted focus";
        }
        return TypedResults.Ok(Evaluate(cohort, proposal) with { Method = method });
    }

    private static Results<Ok<ProposalDto>, ProblemHttpResult> Review(
        string cohortId, ProposalRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var problem = Check(cohortId, principal, db, access, request.Kind, request.MinSize, request.MaxSize);
        return problem is not null
            ? problem.ToResult()
            : TypedResults.Ok(Evaluate(new CohortMatching(db, access, cohortId, request.Kind!.Value, request.KeepOutOfReportingLine ?? true), request));
    }

    private static async Task<Results<Ok<PublishedDto>, ProblemHttpResult>> Publish(
        string cohortId, ProposalRequest request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, DirectoryWriter writer,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var callerId = principal.UserId()!;
        var published = new PublishedDto(0, []);
        var problem = await writer.WriteAsync(() =>
        {
            if (Check(cohortId, principal, db, access, request.Kind, request.MinSize, request.MaxSize) is { } refused)
            {
                return new DirectoryDecision([], refused);
            }
            var (cadence, cadenceErrors) = CircleCadenceApi.Parse(request.Cadence, DefaultCadence, time.GetUtcNow());
            if (cadence is null)
            {
                return DirectoryDecision.Invalid(cadenceErrors.ToDictionary(e => $"cadence.{e.Key}", e => e.Value), "When the circles meet needs attention.");
            }
            var cohort = new CohortMatching(db, access, cohortId, request.Kind!.Value, request.KeepOutOfReportingLine ?? true);
            var proposal = Evaluate(cohort, request);
            if (proposal.Problems.Count > 0)
            {
                return DirectoryDecision.Invalid(proposal.Problems, "The proposal has problems; nothing was published.");
            }
            if (proposal.Mentorships.Count == 0 && proposal.Circles.Count == 0)
            {
                return DirectoryDecision.Invalid("proposal", "There is nothing to publish.");
            }
            var events = new List<DirectoryEvent>();
            foreach (var m in proposal.Mentorships)
            {
                events.Add(new MentorshipFormed(Ids.New(), cohortId, m.Mentor.UserId, m.Learner.UserId, m.Reasons, callerId));
            }
            var circles = new List<PublishedCircleDto>();
            var next = cadence.NextMeeting(time.GetUtcNow());
            foreach (var c in proposal.Circles)
            {
                var (circleId, roomId) = (Ids.New(), Ids.New());
                var (kind, title, reasons) = c.Mentor is null
                    ? (CircleKind.Peer, $"{c.Focus} peer group", c.Reasons)
                    : (CircleKind.Mentoring, $"{c.Focus} circle with {c.Mentor.DisplayName}", c.Members.SelectMany(m => m.Reasons.Take(1)).ToList());
                events.Add(new CircleFormed(circleId, cohortId, c.Mentor?.UserId, c.Members.Select(m => m.Learner.UserId).ToList(), c.Focus,
                    kind, cadence, roomId, reasons, callerId));
                events.Add(new RoundtableScheduled(roomId, cohortId, title, next, cadence.DurationMinutes, callerId, RoundtableKind.Circle, circleId));
                circles.Add(new PublishedCircleDto(circleId, roomId, c.Focus, next));
            }
            published = new PublishedDto(proposal.Mentorships.Count, circles);
            return DirectoryDecision.Accept([.. events]);
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(published) : problem.ToResult();
    }

    private static ApiProblem? Check(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, MatchingKind? kind, int? min, int? max)
    {
        var callerId = principal.UserId()!;
        if (!Ids.IsWellFormed(cohortId) || db.Cohorts.FindById(cohortId) is null || !access.CanSee(cohortId, callerId))
        {
            return ApiProblem.NotFound($"There is no cohort '{cohortId}' that you can see.");
        }
        if (!access.CanFacilitate(cohortId, callerId))
        {
            return ApiProblem.Forbidden("Only the cohort's coach or an admin can run matching.");
        }
        var errors = new Dictionary<string, string[]>();
        if (kind is null || !Enum.IsDefined(kind.Value))
        {
            errors["kind"] = ["Choose mentorships, mentoring circles or peer groups."];
        }
        if ((min ?? 3) < MinCircleSize || (max ?? 6) > MaxCircleSize || (min ?? 3) > (max ?? 6))
        {
            errors["size"] = [$"Circle sizes run from at least {MinCircleSize} to at most {MaxCircleSize}, the smallest no larger than the largest."];
        }
        return errors.Count == 0 ? null : ApiProblem.Invalid(errors, "Some fields need attention.");
    }

    /// <summary>Explains a proposal against the cohort as it is now: reasons, figures, who is left out, and every problem.</summary>
    private static ProposalDto Evaluate(CohortMatching cohort, ProposalRequest request)
    {
        var pool = cohort.Pool;
        var problems = new Dictionary<string, string[]>();
        var learners = cohort.LearnerIds.ToHashSet();
        var placed = new HashSet<string>();
        var load = new Dictionary<string, int>();
        PersonDto Person(string id) => new(id, pool.Name(id));

        bool Place(string key, string? learnerId)
        {
            if (learnerId is null || !learners.Contains(learnerId))
            {
                problems[key] = [$"{(learnerId is null ? "Someone" : pool.Name(learnerId))} is not a learner of this cohort waiting to be matched."];
                return false;
            }
            if (!placed.Add(learnerId))
            {
                problems[key] = [$"{pool.Name(learnerId)} is placed twice."];
                return false;
            }
            return true;
        }

        string NoMatch(string mentorId, string learnerId, string? focus) =>
            mentorId == learnerId ? $"{pool.Name(learnerId)} cannot mentor themselves."
            : !pool.MayPair(mentorId, learnerId) ? $"{pool.Name(mentorId)} and {pool.Name(learnerId)} are in one reporting line."
            : $"{pool.Name(mentorId)} offers nothing {pool.Name(learnerId)} wants{(focus is null ? "" : $" in {focus}")} above their level.";

        var mentorships = new List<MentorshipProposalDto>();
        var proposedMentorships = request.Kind == MatchingKind.Mentorships ? request.Mentorships ?? [] : [];
        for (var i = 0; i < proposedMentorships.Count; i++)
        {
            var key = $"mentorships[{i}]";
            var (mentorId, learnerId) = (proposedMentorships[i]?.MentorId, proposedMentorships[i]?.LearnerId);
            if (mentorId is null || cohort.OpenPlacesOf(mentorId) == 0)
            {
                problems[key] = [$"{(mentorId is null ? "Someone" : pool.Name(mentorId))} has no open places as a mentor in this cohort."];
                continue;
            }
            if (!Place(key, learnerId))
            {
                continue;
            }
            var score = pool.Score(mentorId, learnerId!);
            if (!score.IsMatch)
            {
                problems[key] = [NoMatch(mentorId, learnerId!, null)];
            }
            load[mentorId] = load.GetValueOrDefault(mentorId) + 1;
            if (load[mentorId] > cohort.OpenPlacesOf(mentorId))
            {
                problems[key] = [$"{pool.Name(mentorId)} has {cohort.OpenPlacesOf(mentorId)} open places; this is one more."];
            }
            mentorships.Add(new MentorshipProposalDto(Person(mentorId), Person(learnerId!), score.Points, score.Reasons));
        }

        var circles = new List<CircleProposalDto>();
        var proposedCircles = request.Kind is MatchingKind.Circles or MatchingKind.PeerGroups ? request.Circles ?? [] : [];
        var (min, max) = (request.MinSize ?? 3, request.MaxSize ?? 6);
        var goal = request.Goal ?? PeerGroupingGoal.Complementary;
        for (var c = 0; c < proposedCircles.Count && request.Kind == MatchingKind.PeerGroups; c++)
        {
            var key = $"circles[{c}]";
            var memberIds = (proposedCircles[c]?.MemberIds ?? []).Where((id, m) => Place($"{key}.memberIds[{m}]", id)).Select(id => id!).ToList();
            var group = PeerGrouping.Explain(memberIds.Select(pool.Profile), memberIds, goal, pool.Name);
            if (memberIds.Count < min || memberIds.Count > max)
            {
                problems[$"{key}.size"] = [$"A peer group has {min} to {max} members; this one has {memberIds.Count}."];
            }
            var members = memberIds
                .Select(id => new CircleMemberDto(Person(id), memberIds.Where(o => o != id).Sum(o => PeerGrouping.PairScore(pool.Profile(id), pool.Profile(o), goal)), []))
                .ToList();
            circles.Add(new CircleProposalDto(null, group.Focus ?? "Peer learning", members, group.Score, group.Reasons));
        }
        for (var c = 0; c < proposedCircles.Count && request.Kind == MatchingKind.Circles; c++)
        {
            var key = $"circles[{c}]";
            var (mentorId, focus, memberIds) = (proposedCircles[c]?.MentorId, proposedCircles[c]?.Focus, proposedCircles[c]?.MemberIds ?? []);
            if (mentorId is null || cohort.OpenPlacesOf(mentorId) == 0 || !load.TryAdd(mentorId, 1))
            {
                problems[key] = [$"{(mentorId is null ? "Someone" : pool.Name(mentorId))} cannot lead a circle here: no capacity as a mentor, already leading one, or not in the cohort."];
                continue;
            }
            var offer = focus is null ? null : pool.Profile(mentorId).Offer(focus);
            if (offer is null)
            {
                problems[key] = [$"{pool.Name(mentorId)} does not offer {focus ?? "that skill"}."];
                continue;
            }
            var members = new List<CircleMemberDto>();
            for (var m = 0; m < memberIds.Count; m++)
            {
                var memberKey = $"{key}.memberIds[{m}]";
                if (!Place(memberKey, memberIds[m]))
                {
                    continue;
                }
                var score = pool.Score(mentorId, memberIds[m]!, focus: offer.Name);
                if (!score.IsMatch)
                {
                    problems[memberKey] = [NoMatch(mentorId, memberIds[m]!, offer.Name)];
                }
                members.Add(new CircleMemberDto(Person(memberIds[m]!), score.Points, score.Reasons));
            }
            if (members.Count < min || members.Count > max)
            {
                problems[$"{key}.size"] = [$"The {offer.Name} circle has {members.Count} members; a circle has {min} to {max}."];
            }
            circles.Add(new CircleProposalDto(Person(mentorId), offer.Name, members, members.Sum(m => m.Points), []));
        }

        var leftOut = cohort.LearnerIds
            .Where(l => !placed.Contains(l))
            .Select(l => new LeftOutDto(Person(l), request.Kind == MatchingKind.PeerGroups
                ? $"{pool.Name(l)} is in no group of this proposal (taken out in review)."
                : pool.WhyLeftOut(l, cohort.MentorIds, "Not placed: the mentors who could help ({mentors}) are taken by learners they suit as well, or were removed in review.")))
            .ToList();
        var points = mentorships.Select(m => m.Points).Concat(circles.SelectMany(c => c.Members.Select(m => m.Points))).ToList();
        var figures = new MatchingFigures(
            cohort.LearnerIds.Count, points.Count,
            cohort.LearnerIds.Count == 0 ? 0 : Math.Round((double)points.Count / cohort.LearnerIds.Count, 3),
            points.Count == 0 ? 0 : Math.Round(points.Average(), 2));
        var mentors = cohort.MentorIds
            .Select(id => new MentorOptionDto(Person(id), cohort.OpenPlacesOf(id), pool.Profile(id).Offers.Select(o => o.Name).ToList()))
            .ToList();
        return new ProposalDto(
            request.Kind ?? MatchingKind.Mentorships, goal, pool.KeepOutOfReportingLine, min, max, "Reviewed by hand",
            mentorships, circles, leftOut, figures, cohort.LearnerIds.Select(Person).ToList(), mentors, problems);
    }
}
