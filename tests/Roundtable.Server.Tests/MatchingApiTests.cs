using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Matching;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

/// <summary>Profiles, a cohort's matching run → review → publish, circles with their rooms, and mentor requests.</summary>
public sealed class MatchingApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    private static object Tag(string name, int level) => new { name, level };

    private static object Profile(object[]? offers = null, object[]? wants = null, int capacity = 0, string goals = "", int? expectedVersion = null) => new
    {
        offers = offers ?? [],
        wants = wants ?? [],
        goalsMarkdown = goals,
        availability = new[] { new { day = "Monday", part = "Morning" } },
        mentorCapacity = capacity,
        expectedVersion,
    };

    private async Task<string> NewCohortAsync()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programs = await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options);
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programs![0].Id}/cohorts", new { name = "Matching " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
    }

    /// <summary>A new member of the cohort who has saved this profile; returns their id and email.</summary>
    private async Task<(string Id, string Email)> PersonAsync(string cohortId, string name, object profile, CohortRole role = CohortRole.Learner)
    {
        var email = NewEmail(name.ToLowerInvariant());
        var id = await Server.NewUserAsync(email, cohortId, role, displayName: name);
        using var client = await Server.ClientAsAsync(email);
        using var saved = await client.PutAsJsonAsync("/api/profile", profile);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        return (id, email);
    }

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    [Fact]
    public async Task EverySaveIsTheNextVersionBadInputLosesNothingAndOnlyTheRightPeopleRead()
    {
        var cohortId = await NewCohortAsync();
        var (annaId, annaEmail) = await PersonAsync(cohortId, "Anna", Profile(offers: [Tag("  public   Speaking ", 3)], goals: "Speak *up* [x](javascript:alert(1))"));
        using var anna = await Server.ClientAsAsync(annaEmail);

        var first = await anna.GetFromJsonAsync<ProfileDto>("/api/profile", Json.Options);
        Assert.Equal(1, first!.Version);
        Assert.Equal("public Speaking", Assert.Single(first.Offers).Name);
        var goals = new HtmlParser().ParseDocument(first.GoalsHtml);
        Assert.NotNull(goals.QuerySelector("em"));
        Assert.DoesNotContain(goals.QuerySelectorAll("a"), a => a.GetAttribute("href")?.StartsWith("javascript", StringComparison.OrdinalIgnoreCase) == true);

        var second = await OkAsync<ProfileDto>(await anna.PutAsJsonAsync("/api/profile", Profile(wants: [Tag("Hiring", 1)], expectedVersion: 1)));
        Assert.Equal(2, second.Version);

        using var stale = await anna.PutAsJsonAsync("/api/profile", Profile(expectedVersion: 1));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var invalid = await anna.PutAsJsonAsync("/api/profile", Profile(offers: [Tag("Hiring", 7), Tag("hiring", 2)]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("offers[0].level", out _));
        Assert.True(errors.TryGetProperty("offers[1].name", out _));
        var after = await anna.GetFromJsonAsync<ProfileDto>("/api/profile", Json.Options);
        Assert.Equal(2, after!.Version);
        Assert.Equal("Hiring", Assert.Single(after.Wants).Name);

        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/users/{annaId}/profile")).StatusCode);
        var (_, coachEmail) = await PersonAsync(cohortId, "Cora", Profile(), CohortRole.Coach);
        using var coach = await Server.ClientAsAsync(coachEmail);
        Assert.Equal(HttpStatusCode.OK, (await coach.GetAsync($"/api/users/{annaId}/profile")).StatusCode);
        var (_, peerEmail) = await PersonAsync(cohortId, "Pete", Profile());
        using var peer = await Server.ClientAsAsync(peerEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await peer.GetAsync($"/api/users/{annaId}/profile")).StatusCode);
    }

    [Fact]
    public async Task AnAdminRunsCirclesReviewsMovesAndPublishesAndEachCircleGetsItsOwnRoom()
    {
        var cohortId = await NewCohortAsync();
        var mentor = await PersonAsync(cohortId, "Mira", Profile(offers: [Tag("Negotiation", 4)], capacity: 3), CohortRole.Coach);
        var learners = new List<(string Id, string Email)>();
        foreach (var name in new[] { "Lia", "Lou", "Lex" })
        {
            learners.Add(await PersonAsync(cohortId, name, Profile(wants: [Tag("Negotiation", 1)])));
        }
        var loner = await PersonAsync(cohortId, "Lone", Profile(wants: [Tag("Juggling", 1)]));
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);

        var proposal = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run",
            new { kind = "Circles", minSize = 2, maxSize = 4 }));

        var circle = Assert.Single(proposal.Circles);
        Assert.Equal("Negotiation", circle.Focus);
        Assert.Equal(mentor.Id, circle.Mentor!.UserId);
        Assert.Equal(learners.Select(l => l.Id).Order(), circle.Members.Select(m => m.Learner.UserId).Order());
        Assert.All(circle.Members, m => Assert.Contains("Mira offers Negotiation (expert)", m.Reasons[0]));
        var left = Assert.Single(proposal.LeftOut);
        Assert.Equal(loner.Id, left.Learner.UserId);
        Assert.Contains("Juggling", left.Reason);
        Assert.Equal(new MatchingFigures(4, 3, 0.75, circle.Members.Average(m => m.Points)), proposal.Figures);
        Assert.Empty(proposal.Problems);

        // The reviewer moves the loner in (refused: no match) and takes Lex out (fine).
        var members = circle.Members.Select(m => m.Learner.UserId).Where(id => id != learners[2].Id).ToList();
        var moved = new { kind = "Circles", minSize = 2, maxSize = 4, circles = new[] { new { mentorId = mentor.Id, focus = "Negotiation", memberIds = members.Append(loner.Id).ToArray() } } };
        var reviewed = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/review", moved));
        Assert.Contains("Mira offers nothing Lone wants in Negotiation", Assert.Single(reviewed.Problems).Value[0]);
        using var refused = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", moved);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty(Server.Get<RoundtableDb>().Circles.Find(c => c.CohortId == cohortId));

        var final = new
        {
            kind = "Circles", minSize = 2, maxSize = 4,
            circles = new[] { new { mentorId = mentor.Id, focus = "Negotiation", memberIds = members.ToArray() } },
            cadence = new { day = "Thursday", time = "16:30", durationMinutes = 45 },
        };
        var review = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/review", final));
        Assert.Equal(2, review.Figures.Matched);
        Assert.Contains(review.LeftOut, l => l.Learner.UserId == learners[2].Id);
        var published = await OkAsync<PublishedDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", final));

        var formed = Assert.Single(published.Circles);
        var room = Server.Get<CohortAccess>().Roundtable(formed.RoomId)!;
        Assert.Equal((RoundtableKind.Circle, formed.CircleId, cohortId), (room.Kind, room.ParentId, room.CohortId));
        Assert.Equal(DayOfWeek.Thursday, formed.NextMeeting.DayOfWeek);
        using var lia = await Server.ClientAsAsync(learners[0].Email);
        var mine = await lia.GetFromJsonAsync<MyMatchingDto>("/api/my-matching", Json.Options);
        var myCircle = Assert.Single(mine!.Circles);
        Assert.Equal((formed.RoomId, "Mira", "member"), (myCircle.RoomId, myCircle.Mentor!.DisplayName, myCircle.MyPart));

        // A second run has nobody left to put in a circle with Mira: she leads one already.
        var again = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run", new { kind = "Circles", minSize = 2, maxSize = 4 }));
        Assert.Empty(again.Circles);
    }

    [Fact]
    public async Task MentorshipsKeepOutOfTheReportingLineAndRespectCapacity()
    {
        var cohortId = await NewCohortAsync();
        var boss = await PersonAsync(cohortId, "Bea", Profile(offers: [Tag("Budgeting", 4)], capacity: 1), CohortRole.Manager);
        var other = await PersonAsync(cohortId, "Olu", Profile(offers: [Tag("Budgeting", 3)], capacity: 1), CohortRole.Manager);
        var report = await PersonAsync(cohortId, "Rae", Profile(wants: [Tag("Budgeting", 1)]));
        var stranger = await PersonAsync(cohortId, "Sol", Profile(wants: [Tag("Budgeting", 2)]));
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var set = await admin.PutAsJsonAsync($"/api/users/{report.Id}/manager", new { managerId = boss.Id });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var proposal = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run", new { kind = "Mentorships" }));

        Assert.Equal(
            [(other.Id, report.Id), (boss.Id, stranger.Id)],
            proposal.Mentorships.Select(m => (m.Mentor.UserId, m.Learner.UserId)).OrderBy(p => p.Item1 == boss.Id));
        Assert.Equal(1.0, proposal.Figures.MatchedShare);

        var crossed = new { kind = "Mentorships", mentorships = new[] { new { mentorId = boss.Id, learnerId = report.Id }, new { mentorId = boss.Id, learnerId = stranger.Id } } };
        var reviewed = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/review", crossed));
        Assert.Contains("reporting line", reviewed.Problems["mentorships[0]"][0]);
        Assert.Contains("open places", reviewed.Problems["mentorships[1]"][0]);

        var published = await OkAsync<PublishedDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish",
            new { kind = "Mentorships", mentorships = proposal.Mentorships.Select(m => new { mentorId = m.Mentor.UserId, learnerId = m.Learner.UserId }) }));
        Assert.Equal(2, published.Mentorships);
        using var rae = await Server.ClientAsAsync(report.Email);
        var mine = await rae.GetFromJsonAsync<MyMatchingDto>("/api/my-matching", Json.Options);
        Assert.Equal("Olu", Assert.Single(mine!.Mentorships).Mentor.DisplayName);
    }

    [Fact]
    public async Task AMentorAcceptsWhileTheyHavePlacesAndDeclinesTheRest()
    {
        var cohortId = await NewCohortAsync();
        var mentor = await PersonAsync(cohortId, "Max", Profile(offers: [Tag("Hiring", 4)], capacity: 1), CohortRole.Coach);
        var first = await PersonAsync(cohortId, "Fay", Profile(wants: [Tag("Hiring", 1)]));
        var second = await PersonAsync(cohortId, "Gus", Profile(wants: [Tag("Hiring", 2)]));
        using var fay = await Server.ClientAsAsync(first.Email);
        using var gus = await Server.ClientAsAsync(second.Email);
        using var max = await Server.ClientAsAsync(mentor.Email);

        var suggestions = await fay.GetFromJsonAsync<SuggestionDto[]>($"/api/cohorts/{cohortId}/mentor-suggestions", Json.Options);
        var suggestion = Assert.Single(suggestions!);
        Assert.Equal("Max offers Hiring (expert); you want Hiring (now beginner)", suggestion.Reasons[0]);

        var fayAsks = await OkAsync<MentorRequestDto>(await fay.PostAsJsonAsync($"/api/cohorts/{cohortId}/mentor-requests", new { mentorId = mentor.Id, message = "Please" }));
        var gusAsks = await OkAsync<MentorRequestDto>(await gus.PostAsJsonAsync($"/api/cohorts/{cohortId}/mentor-requests", new { mentorId = mentor.Id }));
        using var twice = await fay.PostAsJsonAsync($"/api/cohorts/{cohortId}/mentor-requests", new { mentorId = mentor.Id });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using var selfAnswer = await fay.PostAsJsonAsync($"/api/mentor-requests/{fayAsks.RequestId}/answer", new { accept = true });
        Assert.Equal(HttpStatusCode.Forbidden, selfAnswer.StatusCode);

        var incoming = await max.GetFromJsonAsync<MyMatchingDto>("/api/my-matching", Json.Options);
        Assert.Equal(2, incoming!.Incoming.Count);
        var accepted = await OkAsync<MentorRequestDto>(await max.PostAsJsonAsync($"/api/mentor-requests/{fayAsks.RequestId}/answer", new { accept = true }));
        Assert.Equal(MentorRequestStatus.Accepted, accepted.Status);
        using var full = await max.PostAsJsonAsync($"/api/mentor-requests/{gusAsks.RequestId}/answer", new { accept = true });
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("no open places", (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var declined = await OkAsync<MentorRequestDto>(await max.PostAsJsonAsync($"/api/mentor-requests/{gusAsks.RequestId}/answer", new { accept = false }));
        Assert.Equal(MentorRequestStatus.Declined, declined.Status);

        var mine = await max.GetFromJsonAsync<MyMatchingDto>("/api/my-matching", Json.Options);
        Assert.Equal(first.Id, Assert.Single(mine!.Mentorships).Learner.UserId);
        Assert.Empty(mine.Incoming);
        Assert.Empty((await gus.GetFromJsonAsync<SuggestionDto[]>($"/api/cohorts/{cohortId}/mentor-suggestions", Json.Options))!);
    }

    [Fact]
    public async Task ACirclesRoomAdmitsItsMentorAsCoachAndMembersAndRefusesOtherLearnersAndMeetsAgain()
    {
        var cohortId = await NewCohortAsync();
        var mentor = await PersonAsync(cohortId, "Nia", Profile(offers: [Tag("Writing", 4)], capacity: 2), CohortRole.Learner);
        var a = await PersonAsync(cohortId, "Ada", Profile(wants: [Tag("Writing", 1)]));
        var b = await PersonAsync(cohortId, "Ben", Profile(wants: [Tag("Writing", 1)]));
        var outsider = await PersonAsync(cohortId, "Oto", Profile());
        var coach = await PersonAsync(cohortId, "Kai", Profile(), CohortRole.Coach);
        using var coachClient = await Server.ClientAsAsync(coach.Email);
        var published = await OkAsync<PublishedDto>(await coachClient.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", new
        {
            kind = "Circles", minSize = 2, maxSize = 3,
            circles = new[] { new { mentorId = mentor.Id, focus = "writing", memberIds = new[] { a.Id, b.Id } } },
        }));
        var roomId = Assert.Single(published.Circles).RoomId;

        await using var nia = await RoomClient.JoinAsync(Server, await Server.TokenAsync(mentor.Email), roomId);
        await using var ada = await RoomClient.JoinAsync(Server, await Server.TokenAsync(a.Email), roomId);
        await using var kai = await RoomClient.JoinAsync(Server, await Server.TokenAsync(coach.Email), roomId);
        Assert.Equal((RoomRole.Coach, RoomRole.Learner, RoomRole.Coach), (nia.Joined!.Role, ada.Joined!.Role, kai.Joined!.Role));
        await using var oto = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(outsider.Email));
        var refused = await Assert.ThrowsAsync<HubException>(() => oto.JoinAsync(roomId));
        Assert.Contains("only the circle's mentor and members", refused.Message);
        using var otoHttp = await Server.ClientAsAsync(outsider.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await otoHttp.GetAsync($"/api/roundtables/{roomId}/transcript")).StatusCode);
        await Assert.ThrowsAsync<HubException>(() => ada.Connection.InvokeAsync("StartRoundtable", roomId));

        // Weekly: the mentor starts a meeting, ends it, and starts the next one in the same room.
        await nia.Connection.InvokeAsync("StartRoundtable", roomId);
        await nia.Connection.InvokeAsync("EndRoundtable", roomId);
        await nia.Connection.InvokeAsync("StartRoundtable", roomId);
        // The roundtables list is a read model: it shows the restart once the projector has applied it.
        await Server.Get<Projector>().WaitForAsync(await Server.Get<IEventLog>().GetHeadPositionAsync()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RoomStatus.Live, Server.Get<CohortAccess>().Roundtable(roomId)!.Status);
    }

    [Fact]
    public async Task PeerGroupsPairPeopleWhoTeachEachOtherAndEachGroupRunsItsOwnRoom()
    {
        var cohortId = await NewCohortAsync();
        var ana = await PersonAsync(cohortId, "Ana", Profile(offers: [Tag("Hiring", 4)], wants: [Tag("Budgeting", 1)]));
        var cal = await PersonAsync(cohortId, "Cal", Profile(offers: [Tag("Writing", 3)], wants: [Tag("Coaching", 1)]));
        var bo = await PersonAsync(cohortId, "Bo", Profile(offers: [Tag("Budgeting", 3)], wants: [Tag("Hiring", 2)]));
        var di = await PersonAsync(cohortId, "Di", Profile(offers: [Tag("Coaching", 4)], wants: [Tag("Writing", 1)]));
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);

        var proposal = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run",
            new { kind = "PeerGroups", minSize = 2, maxSize = 2, goal = "Complementary" }));

        Assert.Equal(
            [new[] { ana.Id, bo.Id }.Order().ToArray(), new[] { cal.Id, di.Id }.Order().ToArray()],
            proposal.Circles.Select(c => c.Members.Select(m => m.Learner.UserId).Order().ToArray()).OrderBy(g => g[0] == ana.Id || g[1] == ana.Id ? 0 : 1));
        var anaBo = proposal.Circles.Single(c => c.Members.Any(m => m.Learner.UserId == ana.Id));
        Assert.Null(anaBo.Mentor);
        Assert.Contains("Ana offers Hiring; Bo wants Hiring", anaBo.Reasons);
        Assert.Contains("Bo offers Budgeting; Ana wants Budgeting", anaBo.Reasons);
        Assert.Equal(1.0, proposal.Figures.MatchedShare);
        Assert.StartsWith("Balanced peer groups over every partition", proposal.Method);

        var published = await OkAsync<PublishedDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", new
        {
            kind = "PeerGroups", minSize = 2, maxSize = 2,
            circles = proposal.Circles.Select(c => new { memberIds = c.Members.Select(m => m.Learner.UserId).ToArray() }),
        }));
        Assert.Equal(2, published.Circles.Count);
        var room = published.Circles.Single(c => Server.Get<RoundtableDb>().Circles.FindById(c.CircleId)!.MemberIds.Contains(ana.Id)).RoomId;
        Assert.Equal(CircleKind.Peer, Server.Get<RoundtableDb>().Circles.FindOne(c => c.RoomId == room).Kind);
        await using var anaRoom = await RoomClient.JoinAsync(Server, await Server.TokenAsync(ana.Email), room);
        Assert.Equal(RoomRole.Coach, anaRoom.Joined!.Role);
        await using var calClient = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(cal.Email));
        await Assert.ThrowsAsync<HubException>(() => calClient.JoinAsync(room));
    }

    [Fact]
    public async Task MatchingAccessTable()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var otherEmail = NewEmail("other");
        await Server.NewUserAsync(otherEmail, await NewCohortAsync());
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var lena = (await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options))!.Single(m => m.DisplayName.StartsWith("Lena")).UserId;

        async Task Row(string what, HttpStatusCode[] expected, Func<HttpClient, Task<HttpResponseMessage>> call)
        {
            string?[] callers = [RoundtableFactory.AdminEmail, RoundtableFactory.CoachEmail, RoundtableFactory.LiamEmail, RoundtableFactory.ManagerEmail, otherEmail, null];
            for (var i = 0; i < callers.Length; i++)
            {
                using var client = callers[i] is { } email ? await Server.ClientAsAsync(email) : Server.CreateClient();
                using var response = await call(client);
                Assert.True(expected[i] == response.StatusCode, $"{what} as {callers[i] ?? "signed out"}: expected {expected[i]}, was {response.StatusCode}");
            }
        }
        const HttpStatusCode ok = HttpStatusCode.OK, forbidden = HttpStatusCode.Forbidden, notFound = HttpStatusCode.NotFound, signedOut = HttpStatusCode.Unauthorized;
        await Row("GET /api/profile", [ok, ok, ok, ok, ok, signedOut], c => c.GetAsync("/api/profile"));
        await Row("GET /api/users/{lena}/profile", [ok, ok, notFound, notFound, notFound, signedOut], c => c.GetAsync($"/api/users/{lena}/profile"));
        await Row("POST matching/run", [ok, ok, forbidden, forbidden, notFound, signedOut],
            c => c.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run", new { kind = "Mentorships" }));
        await Row("POST matching/review", [ok, ok, forbidden, forbidden, notFound, signedOut],
            c => c.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/review", new { kind = "Circles" }));
        await Row("POST matching/publish (empty: 400 once allowed)", [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, forbidden, forbidden, notFound, signedOut],
            c => c.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", new { kind = "Circles" }));
        await Row("GET mentor-suggestions", [ok, ok, ok, ok, notFound, signedOut], c => c.GetAsync($"/api/cohorts/{cohortId}/mentor-suggestions"));
        var cora = (await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options))!.Single(m => m.DisplayName == "Cora Coach").UserId;
        await Row("POST mentor-requests", [forbidden, forbidden, ok, forbidden, notFound, signedOut],
            c => c.PostAsJsonAsync($"/api/cohorts/{cohortId}/mentor-requests", new { mentorId = cora }));
        await Row("GET /api/my-matching", [ok, ok, ok, ok, ok, signedOut], c => c.GetAsync("/api/my-matching"));

        // A circle of the cohort, with Cora as its mentor and Liam in it.
        var proposal = await OkAsync<ProposalDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run", new { kind = "Circles" }));
        var proposed = Assert.Single(proposal.Circles);
        Assert.Contains(proposed.Members, m => m.Learner.DisplayName.StartsWith("Liam"));
        var circleId = Assert.Single((await OkAsync<PublishedDto>(await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", new
        {
            kind = "Circles",
            circles = new[] { new { mentorId = proposed.Mentor!.UserId, focus = proposed.Focus, memberIds = proposed.Members.Select(m => m.Learner.UserId).ToArray() } },
        }))).Circles).CircleId;
        await Row("GET /api/cohorts/{id}/circles", [ok, ok, ok, ok, notFound, signedOut], c => c.GetAsync($"/api/cohorts/{cohortId}/circles"));
        await Row("PUT /api/circles/{id}/cadence", [ok, ok, forbidden, notFound, notFound, signedOut],
            c => c.PutAsJsonAsync($"/api/circles/{circleId}/cadence", new { day = "Friday", time = "10:00", timeZone = "Europe/Paris", durationMinutes = 50 }));
        var meeting = (await admin.GetFromJsonAsync<CircleDto[]>($"/api/cohorts/{cohortId}/circles", Json.Options))![0].UpcomingMeetings[1].Start;
        await Row("POST /api/circles/{id}/meetings/skip", [ok, ok, forbidden, notFound, notFound, signedOut],
            c => c.PostAsJsonAsync($"/api/circles/{circleId}/meetings/skip", new { start = meeting }));
        await Row("POST /api/circles/{id}/meetings/restore", [ok, ok, forbidden, notFound, notFound, signedOut],
            c => c.PostAsJsonAsync($"/api/circles/{circleId}/meetings/restore", new { start = meeting }));
    }
}

public sealed class DemoMatchingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task TheDemoCohortMatchesIntoACircleWithCoraAndMentorshipsOutsideMaxsReportingLine()
    {
        var server = fixture.Server;
        var (cohortId, _) = await server.SeededCohortAsync();
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);

        using var circlesResponse = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run", new { kind = "Circles" });
        var circles = (await circlesResponse.Content.ReadFromJsonAsync<ProposalDto>(Json.Options))!;
        var circle = Assert.Single(circles.Circles);
        Assert.Equal(("Cora Coach", "Discovery interviewing", 4), (circle.Mentor!.DisplayName, circle.Focus, circle.Members.Count));

        using var pairsResponse = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/run", new { kind = "Mentorships" });
        var pairs = (await pairsResponse.Content.ReadFromJsonAsync<ProposalDto>(Json.Options))!;
        Assert.Equal(4, pairs.Figures.Matched);
        Assert.DoesNotContain(pairs.Mentorships, m => m.Mentor.DisplayName == "Max Manager");
    }
}
