using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;
using Roundtable.Testing.Rooms;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The replay of an ended roundtable: the same panels as the live page, fed from the log up to a moment, show what a
/// live page showed at that moment; the timeline works by keyboard; nothing on the page acts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReplayTests(BrowserFixture fixture)
{
    private const string Coach = "coach@roundtable.local";
    private const string Lena = "lena@roundtable.local";

    // What a viewer sees of the room, panel by panel (text only; the chat's messages without the join and leave lines,
    // which a live page shows only for what happened after it joined).
    private const string RecordState = """
        () => {
          const text = (node) => (node?.textContent ?? "").replace(/\s+/g, " ").trim();
          const panel = (id) => text(document.getElementById(id));
          return {
            chat: [...document.querySelectorAll("#chat-messages li.message")]
              .map((li) => `${text(li.querySelector(".author"))}${li.querySelector(".edited") ? " (edited)" : ""}: ${text(li.querySelector(".message-body"))}`).join("\n"),
            stage: panel("stage-content"),
            topic: panel("stage-topic"),
            people: panel("tab-people"),
            questions: panel("tab-qa"),
            polls: panel("tab-polls"),
            feedback: panel("tab-feedback"),
            agenda: panel("tab-agenda"),
          };
        }
        """;

    /// <summary>
    /// A session run over the hub while Lena's live page watches: at each mark (a chat message, whose seq is the moment)
    /// her page's panels are recorded. Returns the room, the moments and what her page showed at each.
    /// </summary>
    private async Task<(string RoomId, List<(long Seq, JsonElement State)> Moments)> RecordedSessionAsync(IPage lenaPage)
    {
        using var coachHttp = await fixture.Server.HttpAsAsync(Coach);
        var (cohortId, programId) = await coachHttp.DemoCohortAsync();
        var members = await coachHttp.GetFromJsonAsync<JsonElement>($"/api/cohorts/{cohortId}/members");
        var lenaId = members.EnumerateArray().First(m => m.GetProperty("email").GetString() == Lena).GetProperty("userId").GetString()!;
        var rubricId = await coachHttp.ClarityEvidenceRubricAsync(programId, $"Replay rubric {Token()}");
        var roomId = await coachHttp.ScheduleAsync(cohortId, $"Replay {Token()}");

        await using var coach = await fixture.Server.JoinAsync(Coach, roomId);
        await coach.InvokeAsync("StartRoundtable", roomId);
        await lenaPage.GotoAsync($"/room.html?id={roomId}");
        await Expect(Connection(lenaPage)).ToHaveTextAsync("Connected");
        await using var liam = await fixture.Server.JoinAsync("liam@roundtable.local", roomId);
        await using var noor = await fixture.Server.JoinAsync("noor@roundtable.local", roomId);

        var moments = new List<(long Seq, JsonElement State)>();
        async Task MarkAsync(string mark)
        {
            var posted = await coach.PostAsync(mark);
            await Expect(ChatLog(lenaPage)).ToContainTextAsync(mark);
            moments.Add((posted.Seq, await lenaPage.EvaluateAsync<JsonElement>(RecordState)));
        }

        var morning = await liam.PostAsync("Morning, all");
        await MarkAsync("Mark one: everyone is here");
        // Edited after the first moment: going back to it, the message is as it was then.
        await liam.InvokeAsync("EditMessage", roomId, morning.Seq, "Morning, everyone");
        await Expect(ChatLog(lenaPage)).ToContainTextAsync("Morning, everyone");

        await coach.InvokeAsync("AddPresentationSlot", roomId, lenaId, 5);
        await coach.InvokeAsync("AdvanceAgenda", roomId);
        await coach.InvokeAsync("StartPresentation", roomId, "item-1");
        await liam.InvokeAsync("RaiseHand", roomId);
        var questionId = await noor.InvokeAsync<long>("AskQuestion", roomId, "How long did the pilot run?", false);
        var pollId = await coach.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Pitch or demo first?", ["Pitch", "Demo"], false, false));
        await liam.InvokeAsync<JsonElement>("VoteInPoll", roomId, pollId, new[] { 1 });
        await MarkAsync("Mark two: Lena presents");

        await coach.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-1", rubricId, FeedbackAnonymity.AnonymousToPresenter, null));
        await liam.InvokeAsync<JsonElement>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-1",
            new() { ["clarity"] = 4, ["evidence"] = 3 }, new() { ["what-worked"] = "The customer story" }));
        await noor.InvokeAsync<JsonElement>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-1",
            new() { ["clarity"] = 5, ["evidence"] = 4 }, new() { ["what-worked"] = "Clear numbers" }));
        await Expect(lenaPage.Locator("#tab-feedback")).ToContainTextAsync("Clear numbers");
        await MarkAsync("Mark three: feedback is in");

        await coach.InvokeAsync("CloseFeedback", roomId, "presentation-1");
        await coach.InvokeAsync("ClosePoll", roomId, pollId);
        await coach.InvokeAsync("GiveFloorToNext", roomId);
        await coach.InvokeAsync("MarkQuestionAnswered", roomId, questionId);
        await coach.InvokeAsync("EndPresentation", roomId);
        await MarkAsync("Mark four: wrapping up");

        await coach.InvokeAsync("EndRoundtable", roomId);
        return (roomId, moments);
    }

    [Fact]
    public async Task ReplayAtEachRecordedMomentShowsWhatTheLivePageShowedThen()
    {
        var context = await fixture.SignedInContextAsync(Lena, new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            var live = await context.NewPageAsync();
            var (roomId, moments) = await RecordedSessionAsync(live);
            Assert.Equal(4, moments.Count);

            // Each moment from its own link.
            var replay = await context.NewPageAsync();
            foreach (var (seq, state) in moments)
            {
                await replay.GotoAsync($"/room.html?id={roomId}&replay&at={seq}");
                await Expect(replay.Locator("#replay-time")).ToContainTextAsync($"event {seq} of");
                AssertSameState(seq, state, await replay.EvaluateAsync<JsonElement>(RecordState));
            }

            // And scrubbing backwards from the end: each rebuild starts afresh, nothing of a later moment stays.
            var scrubber = replay.GetByLabel("Moment", new() { Exact = true });
            await scrubber.FocusAsync();
            await replay.Keyboard.PressAsync("End");
            foreach (var (seq, state) in Enumerable.Reverse(moments))
            {
                await scrubber.FillAsync(seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Expect(replay.Locator("#replay-time")).ToContainTextAsync($"event {seq} of");
                AssertSameState(seq, state, await replay.EvaluateAsync<JsonElement>(RecordState));
            }

            // And onward from the start, moment after moment, as a player goes.
            await replay.Keyboard.PressAsync("Home");
            foreach (var (seq, state) in moments)
            {
                await scrubber.FillAsync(seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Expect(replay.Locator("#replay-time")).ToContainTextAsync($"event {seq} of");
                AssertSameState(seq, state, await replay.EvaluateAsync<JsonElement>(RecordState));
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static void AssertSameState(long seq, JsonElement live, JsonElement replayed)
    {
        foreach (var part in live.EnumerateObject())
        {
            Assert.True(part.Value.GetString() == replayed.GetProperty(part.Name).GetString(),
                $"At seq {seq} the {part.Name} differs.\nLive:     {part.Value.GetString()}\nReplayed: {replayed.GetProperty(part.Name).GetString()}");
        }
    }

    [Fact]
    public async Task ALearnerReplayingAMomentWhenBreakoutGroupsWereOpenStaysOnTheReplay()
    {
        using var coachHttp = await fixture.Server.HttpAsAsync(Coach);
        var (cohortId, _) = await coachHttp.DemoCohortAsync();
        var roomId = await coachHttp.ScheduleAsync(cohortId, $"Replay with groups {Token()}");
        long groupsOpen;
        await using (var coach = await fixture.Server.JoinAsync(Coach, roomId))
        {
            await coach.InvokeAsync("StartRoundtable", roomId);
            await using var lena = await fixture.Server.JoinAsync(Lena, roomId);
            await using var liam = await fixture.Server.JoinAsync("liam@roundtable.local", roomId);
            await coach.InvokeAsync<JsonElement>("OpenBreakouts", roomId, new OpenBreakoutsRequest(BreakoutStrategy.Random, 2, 10, null));
            groupsOpen = (await coach.PostAsync("Groups are open")).Seq;
            await coach.InvokeAsync("CloseBreakouts", roomId);
            await coach.InvokeAsync("EndRoundtable", roomId);
        }

        var context = await fixture.SignedInContextAsync(Lena);
        try
        {
            var page = await context.NewPageAsync();
            var address = $"/room.html?id={roomId}&replay&at={groupsOpen}";
            await page.GotoAsync(address);
            await Expect(page.Locator("#replay-time")).ToContainTextAsync($"event {groupsOpen} of");
            // Live, this moment took her to her group; the replay shows it without taking her anywhere.
            await Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
            await page.GetByLabel("Moment", new() { Exact = true }).FillAsync((groupsOpen - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("#replay-time")).ToContainTextAsync($"event {groupsOpen - 1} of");
            await Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
            Assert.Contains("&replay", page.Url, StringComparison.Ordinal);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheDemoOrientationReplaysItsWarmUpQuestionsPollAndPresentation()
    {
        var context = await fixture.SignedInContextAsync(Lena);
        try
        {
            var page = await context.NewPageAsync();
            var roomId = await fixture.RoomIdAsync(context, "Orientation: meet your cohort");
            await page.GotoAsync($"/room.html?id={roomId}&replay");
            var moments = page.GetByRole(AriaRole.List, new() { Name = "Moments" });
            await moments.GetByRole(AriaRole.Button, new() { Name = "Agenda: Warm-up: one call that went well this month" }).ClickAsync();
            await Expect(page.Locator("#stage-topic")).ToContainTextAsync("Warm-up: one call that went well this month");
            await Expect(moments.GetByRole(AriaRole.Button).Filter(new() { HasText = "presents" })).Not.ToHaveCountAsync(0);
            await Expect(moments.GetByRole(AriaRole.Button).Filter(new() { HasText = "Feedback for" })).Not.ToHaveCountAsync(0);

            // At the end: the question answered, the poll closed, the chat as the transcript has it.
            var scrubber = page.GetByLabel("Moment", new() { Exact = true });
            await scrubber.FocusAsync();
            await page.Keyboard.PressAsync("End");
            await Expect(page.Locator("#tab-qa")).ToContainTextAsync("How do we pick which calls to bring to a roundtable?");
            await Expect(page.Locator("#chat-messages")).ToContainTextAsync("Bring the call you are least sure about");
            await Expect(page.Locator("#tab-polls .poll")).Not.ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheTimelineWorksByKeyboardAndNothingOnTheReplayActs()
    {
        var roomId = await EndedRoomAsync();
        var context = await fixture.SignedInContextAsync(Lena);
        try
        {
            var page = await context.NewPageAsync();
            var replay = (await (await context.APIRequest.GetAsync($"/api/roundtables/{roomId}/replay")).JsonAsync())!.Value;
            long Marker(string kind) => replay.GetProperty("markers").EnumerateArray().Single(m => m.GetProperty("kind").GetString() == kind).GetProperty("seq").GetInt64();
            var last = replay.GetProperty("events").GetArrayLength();
            // The summary and the ended room link to the replay, which opens where the roundtable started.
            await page.GotoAsync($"/summary.html?id={roomId}");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Replay the roundtable" })).ToHaveAttributeAsync("href", $"/room.html?id={roomId}&replay");
            await page.GotoAsync($"/room.html?id={roomId}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Replay the roundtable" }).ClickAsync();
            var time = page.Locator("#replay-time");
            await Expect(time).ToContainTextAsync($"event {Marker("Started")} of {last}");

            var scrubber = page.GetByRole(AriaRole.Slider, new() { Name = "Moment" });
            await TabUntilFocusedAsync(page, scrubber, 60);
            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(time).ToContainTextAsync($"event {Marker("Started") + 1} of {last}");
            await page.Keyboard.PressAsync("End");
            await Expect(time).ToContainTextAsync($"event {last} of {last}");
            await Expect(scrubber).ToHaveAttributeAsync("aria-valuetext", new System.Text.RegularExpressions.Regex($"event {last} of {last}$"));
            await page.Keyboard.PressAsync("PageDown");
            await Expect(time).ToContainTextAsync($"event {last - 10} of {last}");
            await page.Keyboard.PressAsync("Home");
            await Expect(time).ToContainTextAsync($"event 0 of {last}");
            // The address follows the moment shown, so it can be shared.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]at=0$"));

            // A marker jumps to its moment.
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new("Roundtable ended$") }).ClickAsync();
            await Expect(time).ToContainTextAsync($"event {Marker("Ended")} of {last}");

            // Playing runs to the end and stops.
            await page.GetByLabel("Speed").SelectOptionAsync("8");
            await page.Keyboard.PressAsync("Home");
            await page.GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync();
            await Expect(time).ToContainTextAsync($"event {last} of {last}", new() { Timeout = 30_000 });
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Play" })).ToBeVisibleAsync();

            // Nothing acts: no message box, the room's controls are disabled.
            await page.Keyboard.PressAsync("Home");
            await Expect(page.GetByLabel("Message", new() { Exact = true })).ToBeHiddenAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Raise hand", Exact = true })).ToBeDisabledAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Replay" }).First).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ALiveRoomHasNoReplayYet()
    {
        var context = await fixture.SignedInContextAsync(Lena);
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/room.html?id={await fixture.RoomIdAsync(context, LiveRoomTitle)}&replay");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A roundtable can be replayed once it has ended.");
            await Expect(page.GetByRole(AriaRole.Slider, new() { Name = "Moment" })).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task ReplayPageHasNoAxeViolations(int width)
    {
        var roomId = await EndedRoomAsync();
        var context = await fixture.SignedInContextAsync(Coach, AccessibilityTests.Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/room.html?id={roomId}&replay&at=6");
            await Expect(page.Locator("#replay-time")).ToContainTextAsync("event 6 of");
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>
    /// A long session (2,000 events; REPLAY_BENCH_EVENTS=10000 for the figures in docs/BENCHMARKS.md) opens, and random
    /// scrubs each rebuild at most one checkpoint interval of events: the times of opening (address to first moment
    /// shown) and of each rebuild are printed, with generous bounds so a busy machine still passes.
    /// </summary>
    [Fact]
    public async Task ALongSessionOpensAndScrubsWithoutStalls()
    {
        var events = int.TryParse(Environment.GetEnvironmentVariable("REPLAY_BENCH_EVENTS"), out var n) ? n : 2_000;
        var roomId = await LongSession.CreateEndedAsync(fixture.Server, events);
        var context = await fixture.SignedInContextAsync(Lena, new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/room.html?id={roomId}&replay&at={events / 2}");
            await Expect(page.Locator("#replay-time")).ToContainTextAsync($"event {events / 2} of");
            const string opened = "() => performance.getEntriesByName('replay-open')[0].duration + performance.getEntriesByName('replay-start')[0].startTime";
            var open = await page.EvaluateAsync<double>(opened);
            // Opened again, as a reader does after the first time: the browser has the page's scripts, the server has run.
            var again = await context.NewPageAsync();
            await again.GotoAsync($"/room.html?id={roomId}&replay&at={events / 2}");
            await Expect(again.Locator("#replay-time")).ToContainTextAsync($"event {events / 2} of");
            var openAgain = await again.EvaluateAsync<double>(opened);
            await again.CloseAsync();
            // A session nobody has replayed yet, on the server and in the browser that have run.
            var otherRoomId = await LongSession.CreateEndedAsync(fixture.Server, events);
            var other = await context.NewPageAsync();
            await other.GotoAsync($"/room.html?id={otherRoomId}&replay&at={events / 2}");
            await Expect(other.Locator("#replay-time")).ToContainTextAsync($"event {events / 2} of");
            var openOther = await other.EvaluateAsync<double>(opened);
            await other.CloseAsync();

            var scrubber = page.GetByLabel("Moment", new() { Exact = true });
            var random = new Random(7);
            for (var i = 0; i < 40; i++)
            {
                var seq = random.Next(events);
                await scrubber.FillAsync(seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Expect(page.Locator("#replay-time")).ToContainTextAsync($"event {seq} of");
            }
            var rebuilds = (await page.EvaluateAsync<double[]>("() => performance.getEntriesByName('replay-rebuild').slice(1).map((m) => m.duration)")).Order().ToList();
            var snapshots = (await page.EvaluateAsync<double[]>("() => performance.getEntriesByName('replay-snapshot').map((m) => m.duration)")).Order().ToList();
            var median = rebuilds[rebuilds.Count / 2];
            var p95 = rebuilds[(int)Math.Ceiling(rebuilds.Count * 0.95) - 1];
            Console.WriteLine($"Replay of {events} events: opened in {open:F0} ms the first time, {openAgain:F0} ms the next, {openOther:F0} ms for another session (navigation start to the first moment shown); " +
                $"{rebuilds.Count} random scrubs: median {median:F1} ms, p95 {p95:F1} ms, max {rebuilds[^1]:F1} ms; {snapshots.Count} from a snapshot, whose part was median {snapshots[snapshots.Count / 2]:F1} ms");
            // Generous: a stall would be seconds.
            Assert.True(p95 < 2_000, $"Scrubs took up to {p95:F0} ms (p95).");
            Assert.True(open < 15_000, $"Opening took {open:F0} ms.");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A short ended roundtable: a few messages and a poll.</summary>
    private async Task<string> EndedRoomAsync()
    {
        using var coachHttp = await fixture.Server.HttpAsAsync(Coach);
        var (cohortId, _) = await coachHttp.DemoCohortAsync();
        var roomId = await coachHttp.ScheduleAsync(cohortId, $"Replay keyboard {Token()}");
        await using var coach = await fixture.Server.JoinAsync(Coach, roomId);
        await coach.InvokeAsync("StartRoundtable", roomId);
        await using var liam = await fixture.Server.JoinAsync("liam@roundtable.local", roomId);
        for (var i = 1; i <= 12; i++)
        {
            await (i % 2 == 0 ? coach : liam).PostAsync($"Message {i}");
        }
        await coach.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Again next week?", ["Yes", "No"], false, false));
        await coach.InvokeAsync("EndRoundtable", roomId);
        return roomId;
    }
}
