using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Invitations;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>Setting programs and cohorts up from their screens: programs, templates, cohort details, reporting lines, moves and the observer role.</summary>
public sealed class SetupApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task AProgramIsEditedArchivedAndBroughtBackIntoUse()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var program = await NewProgramAsync(admin);

        using (var blank = await admin.PutAsJsonAsync($"/api/programs/{program.Id}", new { name = " ", description = "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
            Assert.Contains("name", (await blank.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!.Errors.Keys);
        }
        using (var edited = await admin.PutAsJsonAsync($"/api/programs/{program.Id}", new { name = program.Name + " renamed", description = "For new managers" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }
        var listed = await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options);
        Assert.Contains(listed!, p => p.Id == program.Id && p.Name == program.Name + " renamed" && p.Description == "For new managers");

        using (var archived = await admin.PutAsJsonAsync($"/api/programs/{program.Id}/archived", new { archived = true }))
        {
            Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        }
        Assert.DoesNotContain((await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options))!, p => p.Id == program.Id);
        Assert.Contains((await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs?includeArchived=true", Json.Options))!, p => p.Id == program.Id && p.Archived);
        using (var refused = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = "Too late" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }
        // Its history stays readable.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/programs/{program.Id}/setup")).StatusCode);

        using (var back = await admin.PutAsJsonAsync($"/api/programs/{program.Id}/archived", new { archived = false }))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }
        using var cohort = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = "Back in use" });
        Assert.Equal(HttpStatusCode.Created, cohort.StatusCode);
    }

    [Fact]
    public async Task ANewCohortCopiesTheTemplateAndLaterEditsReachOnlyLaterCohorts()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var (cohortId, _) = await Server.SeededCohortAsync();
        var programId = (await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options))!.ProgramId;
        var rubricId = (await admin.GetFromJsonAsync<JsonElement>($"/api/programs/{programId}/setup", Json.Options)).GetProperty("rubrics")[0].GetProperty("id").GetString();

        using (var bad = await admin.PutAsJsonAsync($"/api/programs/{programId}/template", new
        {
            agendaItems = new object[] { new { topic = "", minutes = 0 } },
            rubricId = "no-such-rubric",
            exercise = new { title = "Plan", instructions = "", daysUntilDue = 0 },
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!.Errors.Keys;
            Assert.Equal(
                ["agendaItems[0].minutes", "agendaItems[0].topic", "exercise.daysUntilDue", "exercise.instructions", "rubricId"],
                errors.Order());
        }

        var first = new ProgramTemplate([new("Check-in", 10), new("Practice round", 30)], rubricId, new("Try it at work", "Plan one conversation.", 7));
        await SetTemplateAsync(admin, programId, first);
        var earlier = await NewCohortAsync(admin, programId, new DateOnly(2027, 1, 11), new DateOnly(2027, 3, 26));
        Assert.Equal(new DateOnly(2027, 1, 11), earlier.StartDate);
        await SetTemplateAsync(admin, programId, first with { AgendaItems = [new("Only this", 5)], Exercise = null });
        var later = await NewCohortAsync(admin, programId);

        var copied = await admin.GetFromJsonAsync<ProgramTemplate>($"/api/cohorts/{earlier.Id}/template", Json.Options);
        Assert.Equal(["Check-in", "Practice round"], copied!.AgendaItems.Select(i => i.Topic));
        Assert.Equal(rubricId, copied.RubricId);
        Assert.Equal(new ExerciseTemplate("Try it at work", "Plan one conversation.", 7), copied.Exercise);
        var laterCopy = await admin.GetFromJsonAsync<ProgramTemplate>($"/api/cohorts/{later.Id}/template", Json.Options);
        Assert.Equal(["Only this"], laterCopy!.AgendaItems.Select(i => i.Topic));
        Assert.Null(laterCopy.Exercise);
    }

    [Fact]
    public async Task ANewSessionOpensWithTheCohortsTemplateAgendaOnce()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var program = await NewProgramAsync(admin);
        await SetTemplateAsync(admin, program.Id, new ProgramTemplate([new("Check-in", 10), new("Practice round", 30)], null, null));
        var cohort = await NewCohortAsync(admin, program.Id);
        var learnerEmail = $"agenda-{Guid.NewGuid():N}@example.org";
        await Server.NewUserAsync(learnerEmail, cohort.Id);
        using var scheduled = await admin.PostAsJsonAsync($"/api/cohorts/{cohort.Id}/roundtables",
            new { title = "First session", scheduledStart = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 60 });
        var roomId = (await scheduled.Content.ReadFromJsonAsync<RoundtableDto>(Json.Options))!.Id;

        await using var learner = await RoomClient.JoinAsync(Server, await Server.TokenAsync(learnerEmail), roomId);
        var agenda = learner.Joined!.Snapshot.Part<AgendaSnapshot>()!.Agenda.Items;
        Assert.Equal(["Check-in", "Practice round"], agenda.Select(i => i.Markdown));
        Assert.Equal([10, 30], agenda.Select(i => i.DurationMinutes ?? 0));

        // Everyone else's join finds it opened: nothing is added twice.
        await using var adminInRoom = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.AdminEmail), roomId);
        Assert.Equal(2, adminInRoom.Joined!.Snapshot.Part<AgendaSnapshot>()!.Agenda.Items.Count);
        Assert.Equal(2, (await LogReader.RoomEventsAsync(Server, roomId)).Of<AgendaItemAdded>().Count());
    }

    [Fact]
    public async Task CohortDetailsAreEditedByTheCoachAndAdminsOnly()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var current = (await coach.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options))!;

        using (var backwards = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}", new { name = current.Name, startDate = "2026-09-01", endDate = "2026-08-01" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
            Assert.Contains("endDate", (await backwards.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!.Errors.Keys);
        }
        using (var edited = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}", new { name = current.Name, startDate = "2026-09-01", endDate = "2026-12-18" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            var cohort = (await edited.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
            Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 18)), (cohort.StartDate!.Value, cohort.EndDate!.Value));
        }
        using var learner = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        using var refused = await learner.PutAsJsonAsync($"/api/cohorts/{cohortId}", new { name = "Mine now" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task ReportingLinesAreSetFromTheCohortWithoutLoops()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var a = await Server.NewUserAsync($"a-{Guid.NewGuid():N}@example.org", cohortId);
        var b = await Server.NewUserAsync($"b-{Guid.NewGuid():N}@example.org", cohortId, CohortRole.Manager);
        var outsider = await Server.NewUserAsync($"out-{Guid.NewGuid():N}@example.org");
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        using (var set = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{a}/manager", new { managerId = b }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Equal(b, (await set.Content.ReadFromJsonAsync<MemberDto>(Json.Options))!.ManagerId);
        }
        using (var loop = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{b}/manager", new { managerId = a }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
            Assert.Contains("loop", (await loop.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!.Errors["managerId"][0]);
        }
        using (var notAMember = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{a}/manager", new { managerId = outsider }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notAMember.StatusCode);
        }
        using (var cleared = await coach.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{a}/manager", new { managerId = (string?)null }))
        {
            Assert.Null((await cleared.Content.ReadFromJsonAsync<MemberDto>(Json.Options))!.ManagerId);
        }
        var members = await coach.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options);
        Assert.Null(members!.Single(m => m.UserId == a).ManagerId);
        using var learner = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{a}/manager", new { managerId = b })).StatusCode);
    }

    [Fact]
    public async Task ALearnerMovesToAnotherCohortInOneStepAndLeavesTheOldRooms()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programId = (await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options))!.ProgramId;
        var spring = await NewCohortAsync(admin, programId);
        var email = $"mover-{Guid.NewGuid():N}@example.org";
        var userId = await Server.NewUserAsync(email, cohortId);
        var roomId = await Server.NewRoundtableAsync();
        await using var mover = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);
        var directoryBefore = await DirectoryVersionAsync();

        // A coach moves only between cohorts they run.
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using (var notTheirs = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/members/{userId}/move", new { toCohortId = spring.Id }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
        }
        using (var moved = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/members/{userId}/move", new { toCohortId = spring.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        Assert.Equal(directoryBefore + 2, await DirectoryVersionAsync());
        Assert.DoesNotContain((await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options))!, m => m.UserId == userId);
        Assert.Contains((await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{spring.Id}/members", Json.Options))!, m => m.UserId == userId && m.Role == CohortRole.Learner);
        await Assert.ThrowsAsync<HubException>(() => mover.PostAsync("still here?"));
        using var coachOnly = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/members/{userId}/move", new { toCohortId = spring.Id });
        Assert.Equal(HttpStatusCode.NotFound, coachOnly.StatusCode);
    }

    [Fact]
    public async Task AnObserverJoinsWatchesAndReadsButTakesNoPart()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var email = $"observer-{Guid.NewGuid():N}@example.org";
        await Server.NewUserAsync(email, cohortId, CohortRole.Observer);
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.PostAsync("Welcome, everyone");

        await using var observer = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);
        Assert.Equal(RoomRole.Observer, observer.Joined!.Role);
        Assert.Contains(observer.Joined.Snapshot.RecentMessages, m => m.Markdown == "Welcome, everyone");
        await observer.CatchupAsync(0);
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        var post = await Assert.ThrowsAsync<HubException>(() => observer.PostAsync("May I?"));
        Assert.Contains("observing", post.Message);
        await Assert.ThrowsAsync<HubException>(() => observer.InvokeAsync("RaiseHand", roomId));
        await Assert.ThrowsAsync<HubException>(() => observer.InvokeAsync("AddAgendaTopic", roomId, "My topic"));
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));

        using var client = await Server.ClientAsAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/roundtables/{roomId}/transcript")).StatusCode);
        await observer.InvokeAsync("Leave", roomId);
    }

    private async Task<long> DirectoryVersionAsync() =>
        await Server.Services.GetRequiredService<IEventLog>().GetStreamVersionAsync(StreamNames.Directory);

    internal static async Task<ProgramDto> NewProgramAsync(HttpClient admin)
    {
        using var created = await admin.PostAsJsonAsync("/api/programs", new { name = $"Program {Guid.NewGuid():N}", description = "" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!;
    }

    internal static async Task<CohortDto> NewCohortAsync(HttpClient admin, string programId, DateOnly? start = null, DateOnly? end = null)
    {
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = $"Cohort {Guid.NewGuid():N}", startDate = start, endDate = end });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
    }

    private static async Task SetTemplateAsync(HttpClient admin, string programId, ProgramTemplate template)
    {
        using var set = await admin.PutAsJsonAsync($"/api/programs/{programId}/template", template, Json.Options);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
    }
}
