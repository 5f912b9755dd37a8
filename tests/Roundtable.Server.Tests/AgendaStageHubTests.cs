using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class AgendaStageHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    /// <summary>A new live roundtable with the coach in it.</summary>
    internal static async Task<(string RoomId, RoomClient Coach)> StartedRoomAsync(RoundtableFactory server)
    {
        var roomId = await server.NewRoundtableAsync();
        var coach = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        return (roomId, coach);
    }

    /// <summary>The seeded cohort's members' user ids by email.</summary>
    internal static async Task<Dictionary<string, string>> MemberIdsAsync(RoundtableFactory server)
    {
        var (cohortId, _) = await server.SeededCohortAsync();
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var members = await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options);
        return members!.ToDictionary(m => m.Email!, m => m.UserId, StringComparer.OrdinalIgnoreCase);
    }

    private static RoomState Fold(string roomId, IEnumerable<RoomEventEnvelope> view) =>
        RoomState.Fold(roomId, view.Select(e => new StoredEvent(StreamNames.Room(roomId), e.Seq, 0, e.At, e.Event)));

    private static void AssertSameAgendaAndStage(RoomState expected, RoomState actual)
    {
        Assert.Equal(expected.Feature<AgendaState>().Items, actual.Feature<AgendaState>().Items);
        Assert.Equal(expected.Feature<AgendaState>().CurrentItemId, actual.Feature<AgendaState>().CurrentItemId);
        Assert.Equal(expected.Feature<AgendaState>().Timer, actual.Feature<AgendaState>().Timer);
        Assert.Equal(expected.Feature<StageState>().Stage?.Slides ?? [], actual.Feature<StageState>().Stage?.Slides ?? []);
        Assert.Equal(expected.Feature<StageState>().Stage is null ? null : expected.Feature<StageState>().Stage! with { Slides = [] }, actual.Feature<StageState>().Stage is null ? null : actual.Feature<StageState>().Stage! with { Slides = [] });
    }

    [Fact]
    public async Task AgendaAndSlidesReachEveryoneAndALateJoinerLandsOnTheCurrentSlide()
    {
        var ids = await MemberIdsAsync(Server);
        var (roomId, coach) = await StartedRoomAsync(Server);
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);

        await coach.Connection.InvokeAsync("AddAgendaTopic", roomId, "**Warm-up**");
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 5);
        await coach.Connection.InvokeAsync("AdvanceAgenda", roomId);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-2");
        await lena.Connection.InvokeAsync("ShareSlides", roomId, "# One\n---\n# Two\n---\n# Three");
        await lena.Connection.InvokeAsync("ShowSlide", roomId, 1);

        var head = await LogReader.RoomVersionAsync(Server, roomId);
        await Task.WhenAll(coach.WaitForSeqAsync(head), lena.WaitForSeqAsync(head), liam.WaitForSeqAsync(head));
        var log = await LogReader.RoomEventsAsync(Server, roomId);
        var started = Assert.Single(log.Of<PresentationStarted>());
        Assert.Equal(("lena", "Lena Learner", "item-2"), (started.PresenterUserId == ids[RoundtableFactory.LenaEmail] ? "lena" : "?", started.PresenterName, started.AgendaItemId));
        var liamState = Fold(roomId, liam.View);
        Assert.Equal(1, liamState.Feature<StageState>().Stage!.SlideIndex);
        Assert.Equal(["<h1>One</h1>", "<h1>Two</h1>", "<h1>Three</h1>"], liamState.Feature<StageState>().Stage!.Slides);

        await using var noor = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail), roomId);
        var snapshot = noor.Joined!.Snapshot;
        Assert.Equal(1, snapshot.Part<StageSnapshot>()!.Stage!.SlideIndex);
        Assert.Equal("<h1>Two</h1>", snapshot.Part<StageSnapshot>()!.Stage!.Slides[snapshot.Part<StageSnapshot>()!.Stage!.SlideIndex]);
        Assert.Equal(["item-1", "item-2"], snapshot.Part<AgendaSnapshot>()!.Agenda!.Items.Select(i => i.ItemId));
        Assert.Equal("item-2", snapshot.Part<AgendaSnapshot>()!.Agenda.CurrentItemId);
        var timerStarted = log.Single(e => e.Event is TimerStarted);
        Assert.Equal(new RoomTimer(timerStarted.At, 300, "item-2"), snapshot.Part<AgendaSnapshot>()!.Agenda.Timer);
        Assert.NotNull(snapshot.ServerNow);
        Assert.True((DateTimeOffset.UtcNow - snapshot.ServerNow!.Value).Duration() < TimeSpan.FromSeconds(30));
        Assert.True(snapshot.ServerNow >= timerStarted.At);
    }

    [Fact]
    public async Task AClientThatReconnectsCatchesUpToTheSameAgendaAndStageAsOneThatNeverLeft()
    {
        var ids = await MemberIdsAsync(Server);
        var (roomId, coach) = await StartedRoomAsync(Server);
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        var liamToken = await Server.TokenAsync(RoundtableFactory.LiamEmail);
        var liam = await RoomClient.JoinAsync(Server, liamToken, roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 3);
        await coach.Connection.InvokeAsync("AddAgendaTopic", roomId, "Wrap-up");
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        var seen = await LogReader.RoomVersionAsync(Server, roomId);
        await liam.WaitForSeqAsync(seen);
        await liam.DisposeAsync();

        await lena.Connection.InvokeAsync("ShareSlides", roomId, "a\n---\nb");
        await lena.Connection.InvokeAsync("ShowSlide", roomId, 1);
        await coach.Connection.InvokeAsync("ExtendTimer", roomId, 2);
        await coach.Connection.InvokeAsync("MoveAgendaItem", roomId, "item-2", 0);

        await using var back = await RoomClient.JoinAsync(Server, liamToken, roomId, afterSeq: 0);
        var head = await LogReader.RoomVersionAsync(Server, roomId);
        await Task.WhenAll(back.WaitForSeqAsync(head), lena.WaitForSeqAsync(head));

        var fromLog = Fold(roomId, await LogReader.RoomEventsAsync(Server, roomId));
        AssertSameAgendaAndStage(fromLog, Fold(roomId, lena.View));
        AssertSameAgendaAndStage(fromLog, Fold(roomId, back.View));
        Assert.Equal(1, fromLog.Feature<StageState>().Stage!.SlideIndex);
        Assert.Equal(300, fromLog.Feature<AgendaState>().Timer!.DurationSeconds);
        Assert.Equal(["item-2", "item-1"], fromLog.Feature<AgendaState>().Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task BadInputIsRefusedClearlyNothingIsStoredAndTheConnectionKeepsWorking()
    {
        var ids = await MemberIdsAsync(Server);
        var (roomId, coach) = await StartedRoomAsync(Server);
        await using var _ = coach;
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LiamEmail], 3);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        async Task Refused(RoomClient client, string expected, string method, params object?[] args)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeCoreAsync(method, args));
            Assert.True(error.Message.Contains(expected), $"{method}: {error.Message}");
        }

        await Refused(coach, "Write the topic's prompt first", "AddAgendaTopic", roomId, null);
        await Refused(coach, "limit is 4 KB", "AddAgendaTopic", roomId, new string('a', AgendaLimits.MaxTopicBytes + 1));
        await Refused(coach, "must be a learner", "AddPresentationSlot", roomId, ids[RoundtableFactory.ManagerEmail], 5);
        await Refused(coach, "must be a learner", "AddPresentationSlot", roomId, "no-such-user", 5);
        await Refused(coach, "Choose who presents", "AddPresentationSlot", roomId, null, 5);
        await Refused(coach, "1 to 120 minutes", "AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 121);
        await Refused(coach, "Say which agenda item", "RemoveAgendaItem", roomId, "");
        await Refused(coach, "no agenda item 'item-9'", "MoveAgendaItem", roomId, "item-9", 0);
        await Refused(coach, "1 to 120 minutes", "StartTimer", roomId, 0, null);
        await Refused(coach, "no agenda item", "StartTimer", roomId, 5, "item-7");
        await Refused(coach, "no agenda item 'item-1x'", "StartPresentation", roomId, "item-1x");
        await Refused(liam, "limit is 64 KB", "ShareSlides", roomId, new string('a', StageLimits.MaxSlidesBytes + 1));
        await Refused(liam, "The outline is empty", "ShareSlides", roomId, null);
        await Refused(liam, "No slides have been shared yet", "ShowSlide", roomId, 0);
        await Refused(coach, "There is no roundtable", "AdvanceAgenda", "not-a-room");
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));

        await liam.Connection.InvokeAsync("ShareSlides", roomId, "still\n---\nconnected");
        await liam.Connection.InvokeAsync("ShowSlide", roomId, 1);
        Assert.Equal(before + 2, await LogReader.RoomVersionAsync(Server, roomId));
    }

    [Fact]
    public async Task OnlyThePresenterAmongLearnersChangesSlides()
    {
        var ids = await MemberIdsAsync(Server);
        var (roomId, coach) = await StartedRoomAsync(Server);
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 3);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        await lena.Connection.InvokeAsync("ShareSlides", roomId, "a\n---\nb");

        var error = await Assert.ThrowsAsync<HubException>(() => liam.Connection.InvokeAsync("ShowSlide", roomId, 1));
        Assert.Contains("Only the presenter", error.Message);
        await Assert.ThrowsAsync<HubException>(() => liam.Connection.InvokeAsync("ShareSlides", roomId, "mine"));
        await coach.Connection.InvokeAsync("ShowSlide", roomId, 1);
    }

    [Fact]
    public async Task TheTranscriptRecordsAgendaTimerAndPresentations()
    {
        var ids = await MemberIdsAsync(Server);
        var (roomId, coach) = await StartedRoomAsync(Server);
        await using var _ = coach;
        await coach.Connection.InvokeAsync("AddAgendaTopic", roomId, "## Check-in\nhow was the week?");
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.NoorEmail], 4);
        await coach.Connection.InvokeAsync("AdvanceAgenda", roomId);
        await coach.Connection.InvokeAsync("StartTimer", roomId, 2, "item-1");
        await coach.Connection.InvokeAsync("ExtendTimer", roomId, 1);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-2");
        await coach.Connection.InvokeAsync("ShareSlides", roomId, "x\n---\ny");
        await coach.Connection.InvokeAsync("AdvanceAgenda", roomId);

        using var http = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var transcript = await http.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
        Assert.Contains("Topic added: \\#\\# Check-in how was the week?", transcript);
        Assert.Contains("Presentation slot added: Noor", transcript);
        Assert.Contains("Next on the agenda: Check-in", transcript);
        Assert.Contains("Timer started: 2 minutes", transcript);
        Assert.Contains("Timer extended by 1 minute", transcript);
        Assert.Contains("Next on the agenda: Presentation: Noor", transcript);
        Assert.Contains("started presenting", transcript);
        Assert.Contains("shared 2 slides", transcript);
        Assert.Contains("The presentation ended", transcript);
        Assert.Contains("Timer stopped", transcript);
        Assert.Contains("The agenda is finished", transcript);
    }
}
