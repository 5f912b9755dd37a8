using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class BreakoutsHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    /// <summary>A live room of its own with the coach and these learners (by default Lena, Liam and Noor) in it.</summary>
    private static async Task<Room> LiveRoomAsync(RoundtableFactory server, IEnumerable<string>? learnerEmails = null)
    {
        var roomId = await server.NewRoundtableAsync("Breakout test");
        var coach = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        var learners = new Dictionary<string, RoomClient>();
        foreach (var email in learnerEmails ?? [RoundtableFactory.LenaEmail, RoundtableFactory.LiamEmail, RoundtableFactory.NoorEmail])
        {
            learners[email] = await RoomClient.JoinAsync(server, await server.TokenAsync(email), roomId);
        }
        return new Room(roomId, coach, learners);
    }

    private static Task<BreakoutsView?> OpenAsync(
        Room room, BreakoutStrategy strategy, int groups = 2, int minutes = 10, Dictionary<string, int>? assignments = null, PeerGroupingGoal? goal = null) =>
        room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id, new OpenBreakoutsRequest(strategy, groups, minutes, assignments, goal));

    private async Task<Dictionary<string, int>> LenaAndLiamApartAsync(Room room) => new()
    {
        [room.Learners[RoundtableFactory.LenaEmail].Joined!.UserId] = 0,
        [room.Learners[RoundtableFactory.LiamEmail].Joined!.UserId] = 1,
        [room.Learners[RoundtableFactory.NoorEmail].Joined!.UserId] = 1,
    };

    [Fact]
    public async Task OpeningCreatesEachGroupsRoomWithItsOwnLogAndLearnersJoinOnlyTheirOwn()
    {
        await using var room = await LiveRoomAsync(Server);
        var open = (await OpenAsync(room, BreakoutStrategy.Random))!;

        Assert.Equal(2, open.Groups.Count);
        Assert.Equal([1, 2], open.Groups.Select(g => g.Members.Count).Order());
        var learnerIds = room.Learners.Values.Select(c => c.Joined!.UserId).Order();
        Assert.Equal(learnerIds, open.Groups.SelectMany(g => g.Members).Select(m => m.UserId).Order());

        using var api = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        foreach (var group in open.Groups)
        {
            var record = await api.GetFromJsonAsync<RoundtableDto>($"/api/roundtables/{group.RoomId}", Json.Options);
            Assert.Equal((RoundtableKind.Breakout, room.Id), (record!.Kind, record.ParentId));
            var log = await LogReader.RoomEventsAsync(Server, group.RoomId);
            Assert.IsType<RoundtableStarted>(log[0].Event);
            var opened = Assert.IsType<BreakoutRoomOpened>(log[1].Event);
            Assert.Equal((room.Id, "Breakout test", group.Name, open.EndsAt), (opened.ParentId, opened.ParentTitle, opened.GroupName, opened.EndsAt));
        }
        var home = await api.GetFromJsonAsync<HomeDto>("/api/home", Json.Options);
        Assert.DoesNotContain(home!.Cohorts.SelectMany(c => c.Roundtables), r => open.Groups.Any(g => g.RoomId == r.Id));

        var lena = room.Learners[RoundtableFactory.LenaEmail];
        var told = (BreakoutsOpened)(await lena.WaitForEventAsync(e => e.Event is BreakoutsOpened, "Lena hears the groups")).Event;
        var mine = told.Groups.Single(g => g.Members.Any(m => m.UserId == lena.Joined!.UserId));
        var other = told.Groups.Single(g => g != mine);
        await using var inGroup = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), mine.RoomId);
        Assert.Equal(mine.Name, inGroup.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutRoom!.GroupName);
        await using var wrong = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        var refused = await Assert.ThrowsAsync<HubException>(() => wrong.JoinAsync(other.RoomId));
        Assert.Contains($"You are not in {other.Name}", refused.Message);

        await using var coachVisits = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), other.RoomId);
        Assert.Equal(RoomRole.Coach, coachVisits.Joined!.Role);

        await using var late = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.ManagerEmail), room.Id);
        Assert.Equal(open.Groups.Select(g => g.RoomId), late.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.Breakouts!.Groups.Select(g => g.RoomId));
    }

    [Fact]
    public async Task ABroadcastLandsInEveryGroupsLogRenderedOnce()
    {
        await using var room = await LiveRoomAsync(Server);
        var open = (await OpenAsync(room, BreakoutStrategy.Manual, assignments: await LenaAndLiamApartAsync(room)))!;
        await room.Coach.Connection.InvokeAsync("BroadcastToBreakouts", room.Id, "Five **minutes** left");
        foreach (var roomId in open.Groups.Select(g => g.RoomId).Append(room.Id))
        {
            var sent = (await LogReader.RoomEventsAsync(Server, roomId)).Of<BreakoutBroadcastSent>().Single();
            Assert.Equal(("Five **minutes** left", "<p>Five <strong>minutes</strong> left</p>"), (sent.Markdown, sent.Html.Trim()));
        }
        var transcript = await (await Server.ClientAsAsync(RoundtableFactory.LenaEmail)).GetStringAsync($"/api/roundtables/{open.Groups[0].RoomId}/transcript");
        Assert.Contains("to every breakout group: Five \\*\\*minutes\\*\\* left", transcript);
    }

    [Fact]
    public async Task AMovedPersonHearsItInTheirGroupAndJoinsTheNewOneWhileTheOthersCarryOn()
    {
        await using var room = await LiveRoomAsync(Server);
        var open = (await OpenAsync(room, BreakoutStrategy.Manual, assignments: await LenaAndLiamApartAsync(room)))!;
        var (a, b) = (open.Groups[0], open.Groups[1]);
        await using var lenaInA = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), a.RoomId);
        await using var liamInB = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), b.RoomId);
        var lenaId = lenaInA.Joined!.UserId;

        await room.Coach.Connection.InvokeAsync("MoveBreakoutMember", room.Id, lenaId, b.RoomId);

        var moved = (BreakoutMemberMoved)(await lenaInA.WaitForEventAsync(e => e.Event is BreakoutMemberMoved, "Lena hears she moved")).Event;
        Assert.Equal((lenaId, a.RoomId, b.RoomId, b.Name), (moved.UserId, moved.FromRoomId, moved.ToRoomId, moved.ToGroupName));
        await liamInB.WaitForEventAsync(e => e.Event is BreakoutMemberMoved, "Liam's group hears Lena arrive");
        await using var lenaInB = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), b.RoomId);
        Assert.Contains(lenaInB.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutRoom!.Members, m => m.UserId == lenaId);
        Assert.Equal(RoomStatus.Live, lenaInB.Joined.Snapshot.Status);
        var groups = (await room.Coach.Connection.InvokeAsync<CatchupResult>("Catchup", room.Id, 0L)).Events.Select(e => e.Event).OfType<BreakoutMemberMoved>();
        Assert.Single(groups);
    }

    [Fact]
    public async Task BringingEveryoneBackEndsTheGroupsRoomsAndBringsTheirNotesToTheMainRoom()
    {
        await using var room = await LiveRoomAsync(Server);
        var open = (await OpenAsync(room, BreakoutStrategy.Manual, assignments: await LenaAndLiamApartAsync(room)))!;
        await using var lenaInA = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), open.Groups[0].RoomId);
        await lenaInA.Connection.InvokeAsync<SharedNoteResult>("EditSharedNote", open.Groups[0].RoomId, 0L, "- **Idea**: pair up");

        await room.Coach.Connection.InvokeAsync("CloseBreakouts", room.Id);

        await lenaInA.WaitForEventAsync(e => e.Event is BreakoutRoomClosed, "Lena's group is sent back");
        var closed = (await LogReader.RoomEventsAsync(Server, room.Id)).Of<BreakoutsClosed>().Single();
        Assert.False(closed.AtDeadline);
        Assert.Equal([("Group 1", "- **Idea**: pair up"), ("Group 2", "")], closed.Notes.Select(n => (n.Name, n.Markdown)));
        Assert.Contains("<strong>Idea</strong>", closed.Notes[0].Html);
        foreach (var group in open.Groups)
        {
            Assert.IsType<RoundtableEnded>((await LogReader.RoomEventsAsync(Server, group.RoomId))[^1].Event);
        }
        await using var late = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.ManagerEmail), room.Id);
        Assert.Null(late.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.Breakouts);
        Assert.Contains("<strong>Idea</strong>", late.Joined.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutNotes!.Single().Notes[0].Html);
        await room.Coach.Connection.InvokeAsync("EndRoundtable", room.Id);
    }

    [Fact]
    public async Task LearnersChooseTheirGroupWhenTheCoachLetsThem()
    {
        await using var room = await LiveRoomAsync(Server);
        var open = (await OpenAsync(room, BreakoutStrategy.Choose, groups: 3))!;
        Assert.All(open.Groups, g => Assert.Empty(g.Members));
        var noor = room.Learners[RoundtableFactory.NoorEmail];
        await noor.Connection.InvokeAsync("ChooseBreakoutGroup", room.Id, open.Groups[2].RoomId);
        var chosen = (await LogReader.RoomEventsAsync(Server, open.Groups[2].RoomId)).Of<BreakoutMemberMoved>().Single();
        Assert.Equal((noor.Joined!.UserId, noor.Joined.UserId), (chosen.UserId, chosen.ByUserId));
        await using var inGroup = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail), open.Groups[2].RoomId);
    }

    [Fact]
    public async Task TheCoachNamesTheGroupsAndSetsTheCountdownAndAGroupLeftUnnamedIsNumbered()
    {
        await using var room = await LiveRoomAsync(Server);
        var before = await LogReader.RoomVersionAsync(Server, room.Id);
        var twice = await Assert.ThrowsAsync<HubException>(() => room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id,
            new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null, Names: ["Same", "same"])));
        Assert.Contains("Two groups have the same name", twice.Message);
        var tooLong = await Assert.ThrowsAsync<HubException>(() => room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id,
            new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null, Names: [new string('x', BreakoutLimits.MaxNameLength + 1)])));
        Assert.Contains("name of 1 to 60 characters", tooLong.Message);
        var longCountdown = await Assert.ThrowsAsync<HubException>(() => room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id,
            new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null, CountdownSeconds: 121)));
        Assert.Contains("Count down 5 to 120 seconds", longCountdown.Message);
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, room.Id));

        var open = (await room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id,
            new OpenBreakoutsRequest(BreakoutStrategy.Random, 3, 10, null, Names: ["  Pricing  ", "", null], CountdownSeconds: 30)))!;

        Assert.Equal(["Pricing", "Group 2", "Group 3"], open.Groups.Select(g => g.Name));
        using var api = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var record = await api.GetFromJsonAsync<RoundtableDto>($"/api/roundtables/{open.Groups[0].RoomId}", Json.Options);
        Assert.Equal("Breakout test: Pricing", record!.Title);
        var opened = (await LogReader.RoomEventsAsync(Server, open.Groups[0].RoomId)).Of<BreakoutRoomOpened>().Single();
        Assert.Equal(("Pricing", 30), (opened.GroupName, opened.CountdownSeconds));
        Assert.Equal(30, open.CountdownSeconds);
    }

    [Fact]
    public async Task AGroupAsksForHelpFromItsRoomAndTheCoachSeesItInTheMainRoomUntilHandled()
    {
        await using var room = await LiveRoomAsync(Server);
        var open = (await OpenAsync(room, BreakoutStrategy.Manual, assignments: await LenaAndLiamApartAsync(room)))!;
        var (a, b) = (open.Groups[0], open.Groups[1]);
        await using var lenaInA = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), a.RoomId);
        await using var noorInB = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail), b.RoomId);

        await lenaInA.Connection.InvokeAsync("AskForBreakoutHelp", a.RoomId);

        var seen = (BreakoutHelpAsked)(await room.Coach.WaitForEventAsync(e => e.Event is BreakoutHelpAsked, "the coach sees the call")).Event;
        Assert.Equal((a.RoomId, a.Name, lenaInA.Joined!.UserId, "Lena Learner"), (seen.GroupRoomId, seen.GroupName, seen.ByUserId, seen.ByName));
        await lenaInA.WaitForEventAsync(e => e.Event is BreakoutHelpAsked, "Lena's group sees it is asked");
        await lenaInA.Connection.InvokeAsync("AskForBreakoutHelp", a.RoomId);
        Assert.Single((await LogReader.RoomEventsAsync(Server, room.Id)).Of<BreakoutHelpAsked>());
        await using (var lateCoach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.AdminEmail), room.Id))
        {
            Assert.Equal([a.Name], lateCoach.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.Breakouts!.Help.Select(h => h.GroupName));
        }
        await using (var lateLena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), a.RoomId))
        {
            Assert.Equal("Lena Learner", lateLena.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutRoom!.Help!.ByName);
        }
        var notTheirs = await Assert.ThrowsAsync<HubException>(() => noorInB.Connection.InvokeAsync("CancelBreakoutHelp", a.RoomId));
        Assert.Contains($"Only the people in {a.Name}", notTheirs.Message);
        var fromMain = await Assert.ThrowsAsync<HubException>(() => room.Learners[RoundtableFactory.LenaEmail].Connection.InvokeAsync("AskForBreakoutHelp", room.Id));
        Assert.Contains("from inside a breakout group", fromMain.Message);
        var learnerHandles = await Assert.ThrowsAsync<HubException>(() => lenaInA.Connection.InvokeAsync("HandleBreakoutHelp", room.Id, a.RoomId));
        Assert.Contains("Only a coach or an admin", learnerHandles.Message);

        await lenaInA.Connection.InvokeAsync("CancelBreakoutHelp", a.RoomId);
        await room.Coach.WaitForEventAsync(e => e.Event is BreakoutHelpCancelled, "the coach sees the call withdrawn");
        await lenaInA.Connection.InvokeAsync("AskForBreakoutHelp", a.RoomId);
        await room.Coach.Connection.InvokeAsync("HandleBreakoutHelp", room.Id, a.RoomId);
        await lenaInA.WaitForEventAsync(e => e.Event is BreakoutHelpHandled, "Lena's group hears the coach handled it");

        foreach (var roomId in new[] { room.Id, a.RoomId })
        {
            var help = (await LogReader.RoomEventsAsync(Server, roomId)).Select(e => e.Event).Where(e => e is BreakoutHelpAsked or BreakoutHelpCancelled or BreakoutHelpHandled);
            Assert.Equal([nameof(BreakoutHelpAsked), nameof(BreakoutHelpCancelled), nameof(BreakoutHelpAsked), nameof(BreakoutHelpHandled)], help.Select(e => e.GetType().Name));
        }
        Assert.Empty((await LogReader.RoomEventsAsync(Server, b.RoomId)).Select(e => e.Event).OfType<BreakoutHelpAsked>());
        var transcript = await (await Server.ClientAsAsync(RoundtableFactory.CoachEmail)).GetStringAsync($"/api/roundtables/{room.Id}/transcript");
        Assert.Contains($"Lena Learner asked the coach to help {a.Name}", transcript);
    }

    [Fact]
    public async Task RefusalsStoreNothingAndSayWhy()
    {
        await using var room = await LiveRoomAsync(Server);
        var lena = room.Learners[RoundtableFactory.LenaEmail];
        var db = Server.Get<Roundtable.Server.Storage.RoundtableDb>();
        var before = await LogReader.RoomVersionAsync(Server, room.Id);

        async Task Refused(RoomClient client, string expected, string method, params object?[] args)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeCoreAsync(method, typeof(object), args));
            Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{method}: {error.Message}");
        }

        await Refused(lena, "Only a coach or an admin", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null));
        await Refused(room.Coach, "2 to 20 groups", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 1, 10, null));
        await Refused(room.Coach, "need at least 4 learners", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 4, 10, null));
        await Refused(room.Coach, "1 to 120 minutes", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 0, null));
        await Refused(room.Coach, "Malformed request", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(null, 2, 10, null));
        await Refused(room.Coach, "Malformed request", "OpenBreakouts", room.Id, new OpenBreakoutsRequest((BreakoutStrategy)9, 2, 10, null));
        await Refused(room.Coach, "Malformed request", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Matching, 2, 10, null, (PeerGroupingGoal)9));
        await Refused(room.Coach, "nobody", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Manual, 2, 10, new() { [lena.Joined!.UserId] = 0 }));
        await Refused(room.Coach, "no learner 'someone-else'", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Manual, 2, 10, new() { ["someone-else"] = 0 }));
        await Refused(room.Coach, "There is no roundtable 'no-such-room'", "OpenBreakouts", "no-such-room", new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null));
        await Refused(room.Coach, "no breakout groups open", "BroadcastToBreakouts", room.Id, "hello");
        await Refused(room.Coach, "no breakout groups open", "CloseBreakouts", room.Id);
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, room.Id));
        Assert.Empty(db.Roundtables.Find(r => r.ParentId == room.Id));

        var open = (await OpenAsync(room, BreakoutStrategy.Random))!;
        var opened = await LogReader.RoomVersionAsync(Server, room.Id);
        await Refused(room.Coach, "already open", "OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null));
        await Refused(room.Coach, "limit is 2 KB", "BroadcastToBreakouts", room.Id, new string('x', BreakoutLimits.MaxBroadcastBytes + 1));
        await Refused(room.Coach, "no learner 'nobody-here'", "MoveBreakoutMember", room.Id, "nobody-here", open.Groups[0].RoomId);
        await Refused(room.Coach, "no such breakout group", "MoveBreakoutMember", room.Id, lena.Joined!.UserId, "not-a-group");
        await Refused(lena, "ask the coach to move you", "ChooseBreakoutGroup", room.Id, open.Groups[0].RoomId);
        await Refused(lena, "Only a coach or an admin", "ExtendBreakouts", room.Id, 5);
        await Refused(room.Coach, "1 to 120 minutes", "ExtendBreakouts", room.Id, 121);
        await Refused(room.Coach, "Bring everyone back", "EndRoundtable", room.Id);
        Assert.Equal(opened, await LogReader.RoomVersionAsync(Server, room.Id));
        Assert.Equal(2, db.Roundtables.Find(r => r.ParentId == room.Id).Count());
        await room.Coach.Connection.InvokeAsync<string>("PreviewMarkdown", "still connected");
    }

    /// <summary>New learners of the seeded cohort, each with the skills given saved through PUT /api/profile (none: no profile).</summary>
    private async Task<Dictionary<string, (string Email, string Id)>> LearnersWithProfilesAsync(
        params (string Name, object[] Offers, object[] Wants)?[] people)
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var learners = new Dictionary<string, (string, string)>();
        foreach (var person in people)
        {
            var (name, offers, wants) = person!.Value;
            var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@roundtable.local";
            learners[name] = (email, await Server.NewUserAsync(email, cohortId, displayName: name));
            if (offers.Length + wants.Length > 0)
            {
                using var client = await Server.ClientAsAsync(email);
                using var saved = await client.PutAsJsonAsync("/api/profile", new { offers, wants, goalsMarkdown = "", availability = Array.Empty<object>(), mentorCapacity = 0 });
                Assert.Equal(System.Net.HttpStatusCode.OK, saved.StatusCode);
            }
        }
        return learners;
    }

    private static object Skill(string name, int level) => new { name, level };

    private static IEnumerable<string> Partition(BreakoutsView open) =>
        open.Groups.Select(g => string.Join("+", g.Members.Select(m => m.DisplayName).Order())).Order();

    [Fact]
    public async Task ByMatchingTheGroupsAreTheBestFitForEitherGoalAndSayWhichSkills()
    {
        // Complementary: Ana teaches Ben negotiation and Cleo teaches Dev hiring. Shared wants: Ana and Cleo both want
        // budgeting, Ben and Dev both want storytelling. Every other pairing scores nothing.
        var people = await LearnersWithProfilesAsync(
            ("Ana", [Skill("Negotiation", 4)], [Skill("Budgeting", 1)]),
            ("Ben", [], [Skill("Negotiation", 1), Skill("Storytelling", 1)]),
            ("Cleo", [Skill("Hiring", 4)], [Skill("Budgeting", 2)]),
            ("Dev", [], [Skill("Hiring", 1), Skill("Storytelling", 2)]));
        await using var room = await LiveRoomAsync(Server, people.Values.Select(p => p.Email));

        var open = (await OpenAsync(room, BreakoutStrategy.Matching))!;

        Assert.Equal(["Ana+Ben", "Cleo+Dev"], Partition(open));
        var anaBen = open.Groups.Single(g => g.Members.Any(m => m.DisplayName == "Ana"));
        var cleoDev = open.Groups.Single(g => g != anaBen);
        Assert.Equal("Ana offers Negotiation; Ben wants Negotiation.", anaBen.Explanation);
        Assert.Equal("Cleo offers Hiring; Dev wants Hiring.", cleoDev.Explanation);
        var opened = (await LogReader.RoomEventsAsync(Server, room.Id)).Of<BreakoutsOpened>().Single();
        Assert.Equal((BreakoutStrategy.Matching, PeerGroupingGoal.Complementary), (opened.Strategy, opened.Goal!.Value));
        foreach (var group in open.Groups)
        {
            var roomOpened = (await LogReader.RoomEventsAsync(Server, group.RoomId)).Of<BreakoutRoomOpened>().Single();
            Assert.Equal(group.Explanation, roomOpened.Explanation);
            foreach (var member in group.Members)
            {
                await using var inGroup = await RoomClient.JoinAsync(Server, await Server.TokenAsync(people[member.DisplayName].Email), group.RoomId);
                Assert.Equal(group.Name, inGroup.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutRoom!.GroupName);
            }
        }
        await room.Coach.Connection.InvokeAsync("CloseBreakouts", room.Id);

        var shared = (await OpenAsync(room, BreakoutStrategy.Matching, goal: PeerGroupingGoal.SharedWants))!;

        Assert.Equal(["Ana+Cleo", "Ben+Dev"], Partition(shared));
        Assert.Equal("Ana, Cleo all want to develop Budgeting.", shared.Groups.Single(g => g.Members.Any(m => m.DisplayName == "Ana")).Explanation);
        Assert.Equal("Ben, Dev all want to develop Storytelling.", shared.Groups.Single(g => g.Members.Any(m => m.DisplayName == "Ben")).Explanation);
        Assert.Equal(PeerGroupingGoal.SharedWants, (await LogReader.RoomEventsAsync(Server, room.Id)).Of<BreakoutsOpened>().Last().Goal);
        await using var late = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.ManagerEmail), room.Id);
        Assert.Equal((BreakoutStrategy.Matching, PeerGroupingGoal.SharedWants),
            (late.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.Breakouts!.Strategy, late.Joined.Snapshot.Part<BreakoutsSnapshot>()!.Breakouts!.Goal!.Value));
    }

    [Fact]
    public async Task ByMatchingSomeoneWithoutAProfileIsStillPlacedAndTooFewLearnersAreRefusedStoringNothing()
    {
        var people = await LearnersWithProfilesAsync(
            ("Ana", [Skill("Negotiation", 4)], []),
            ("Ben", [], [Skill("Negotiation", 1)]),
            ("Eli", [], []));
        await using var room = await LiveRoomAsync(Server, people.Values.Select(p => p.Email));
        var before = await LogReader.RoomVersionAsync(Server, room.Id);

        var refused = await Assert.ThrowsAsync<HubException>(() => OpenAsync(room, BreakoutStrategy.Matching, groups: 4, goal: PeerGroupingGoal.Complementary));
        Assert.Contains("4 groups need at least 4 learners in the room; 3 are here.", refused.Message);
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, room.Id));
        Assert.Empty(Server.Get<Roundtable.Server.Storage.RoundtableDb>().Roundtables.Find(r => r.ParentId == room.Id));

        var open = (await OpenAsync(room, BreakoutStrategy.Matching, goal: PeerGroupingGoal.Complementary))!;

        Assert.Equal(["Ana+Ben", "Eli"], Partition(open));
        Assert.Equal("Eli has no skills on their profile yet, so was placed to keep the groups balanced.",
            open.Groups.Single(g => g.Members.Any(m => m.DisplayName == "Eli")).Explanation);
    }

    [Fact]
    public async Task GroupsCloseByThemselvesWhenTheTimeRunsOutAndAnExtensionPutsThatOff()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        await using var room = await LiveRoomAsync(server);
        var open = (await room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 5, null)))!;
        await room.Coach.Connection.InvokeAsync("ExtendBreakouts", room.Id, 2);
        Assert.Equal(open.EndsAt.AddMinutes(2), (await LogReader.RoomEventsAsync(server, open.Groups[1].RoomId)).Of<BreakoutsExtended>().Single().EndsAt);

        clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(200);
        Assert.Empty((await LogReader.RoomEventsAsync(server, room.Id)).Of<BreakoutsClosed>());
        clock.Advance(TimeSpan.FromMinutes(2));
        var closed = (BreakoutsClosed)(await room.Coach.WaitForEventAsync(e => e.Event is BreakoutsClosed, "the groups close at their end")).Event;
        Assert.True(closed.AtDeadline);
        Assert.IsType<RoundtableEnded>((await LogReader.RoomEventsAsync(server, open.Groups[0].RoomId))[^1].Event);
    }

    [Fact]
    public async Task GroupsPastTheirEndCloseWhenSomeoneJoinsIfTheNodeThatWouldCloseThemIsGone()
    {
        var dataDirectory = RoundtableFactory.NewDataDirectory();
        try
        {
            // The first node runs ten minutes behind, so to the second (on the real clock) its one-minute groups are long over.
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
            BreakoutsView open;
            await using (var first = await new RoundtableFactory(dataDirectory, time: clock).StartAsync())
            {
                await using var room = await LiveRoomAsync(first);
                open = (await room.Coach.Connection.InvokeAsync<BreakoutsView?>("OpenBreakouts", room.Id, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 1, null)))!;
            }
            await using var second = await new RoundtableFactory(dataDirectory).StartAsync();
            var group = open.Groups[0];
            Assert.Empty((await LogReader.RoomEventsAsync(second, group.RoomId)).Of<BreakoutRoomClosed>());

            var learner = group.Members[0].DisplayName.StartsWith("Lena") ? RoundtableFactory.LenaEmail
                : group.Members[0].DisplayName.StartsWith("Liam") ? RoundtableFactory.LiamEmail : RoundtableFactory.NoorEmail;
            await using var late = await RoomClient.JoinAsync(second, await second.TokenAsync(learner), group.RoomId);

            Assert.True(late.Joined!.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutRoom!.Closed);
            Assert.Equal(RoomStatus.Ended, late.Joined.Snapshot.Status);
            var mainId = late.Joined.Snapshot.Part<BreakoutsSnapshot>()!.BreakoutRoom!.ParentId;
            var closed = (await LogReader.RoomEventsAsync(second, mainId)).Of<BreakoutsClosed>().Single();
            Assert.True(closed.AtDeadline);
        }
        finally
        {
            RoundtableFactory.TryDelete(dataDirectory);
        }
    }

    private sealed record Room(string Id, RoomClient Coach, Dictionary<string, RoomClient> Learners) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Coach.DisposeAsync();
            foreach (var learner in Learners.Values)
            {
                await learner.DisposeAsync();
            }
        }
    }
}
