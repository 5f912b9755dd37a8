using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ModerationTests(BrowserFixture fixture)
{
    private const string Coach = "coach@roundtable.local";

    /// <summary>A roundtable of its own for each test (scheduled by the admin), so locking it disturbs no other test.</summary>
    private async Task<string> NewRoomAsync()
    {
        var title = $"Moderation {Token()}";
        var admin = await fixture.SignedInContextAsync("admin@roundtable.local");
        try
        {
            var home = await (await admin.APIRequest.GetAsync("/api/home")).JsonAsync();
            var cohortId = home!.Value.GetProperty("cohorts").EnumerateArray()
                .Select(c => c.GetProperty("cohort"))
                .First(c => c.GetProperty("name").GetString() == "Autumn 2026 cohort")
                .GetProperty("id").GetString();
            var created = await admin.APIRequest.PostAsync($"/api/cohorts/{cohortId}/roundtables",
                new() { DataObject = new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 } });
            Assert.True(created.Ok, $"Scheduling a roundtable answered {created.Status}.");
            return title;
        }
        finally
        {
            await admin.CloseAsync();
        }
    }

    private static ILocator Message(IPage page, string text) =>
        ChatLog(page).GetByRole(AriaRole.Listitem).Filter(new() { HasText = text });

    private static ILocator Panel(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Moderation" });

    /// <summary>Runs an item of the one menu on a chat message (the author's name and the message's text find it).</summary>
    private static async Task MessageActionAsync(IPage page, string text, string author, string action)
    {
        await RoomUi.OpenTabAsync(page, "Chat");
        await Message(page, text).GetByRole(AriaRole.Button, new() { NameRegex = new($"^Actions for {author}'s post at ") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
    }

    /// <summary>Runs an item of a person's one menu in People.</summary>
    private static async Task PersonActionAsync(IPage page, string name, string action)
    {
        await RoomUi.OpenTabAsync(page, "People");
        await People(page).GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.GetByLabel("Message").FillAsync(text);
        await page.GetByLabel("Message").PressAsync("Enter");
        await Expect(ChatLog(page).GetByText(text)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CoachHidesAMessageAndItDisappearsForLearnersOnly()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        try
        {
            var text = $"Something to hide {Token()}";
            await SendAsync(lena, text);
            await Expect(Message(coach, text)).ToBeVisibleAsync();

            // By keyboard: focus the message's menu button, Enter opens it on Hide, Enter hides.
            var menu = Message(coach, text).GetByRole(AriaRole.Button, new() { NameRegex = new("^Actions for Lena Learner's post at ") });
            await menu.FocusAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(coach.GetByRole(AriaRole.Menuitem, new() { Name = "Hide", Exact = true })).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Enter");

            await Expect(lena.GetByText("Message hidden by the coach")).ToBeVisibleAsync();
            await Expect(ChatLog(lena).GetByText(text)).ToHaveCountAsync(0);
            await Expect(Message(coach, text)).ToContainTextAsync("hidden");
            await Expect(menu).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(coach.GetByRole(AriaRole.Menuitem, new() { Name = "Unhide", Exact = true })).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Escape");

            // A learner arriving later gets the placeholder from the snapshot too.
            var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
            try
            {
                await Expect(liam.GetByText("Message hidden by the coach")).ToBeVisibleAsync();
                await Expect(ChatLog(liam).GetByText(text)).ToHaveCountAsync(0);

                await MessageActionAsync(coach, text, "Lena Learner", "Unhide");
                await Expect(ChatLog(liam).GetByText(text)).ToBeVisibleAsync();
                await Expect(ChatLog(lena).GetByText(text)).ToBeVisibleAsync();
            }
            finally
            {
                await liam.Context.CloseAsync();
            }
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task MutedLearnerIsToldWhyTheirMessageIsRefused()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local", title);
        try
        {
            await PersonActionAsync(coach, "Noor Learner", "Mute");
            await RoomUi.OpenTabAsync(noor, "People");
            await Expect(People(noor).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Noor" })).ToContainTextAsync("muted");
            await Expect(People(coach).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Noor" })).ToContainTextAsync("muted");

            var draft = $"Can I speak {Token()}";
            await RoomUi.OpenTabAsync(noor, "Chat");
            await noor.GetByLabel("Message").FillAsync(draft);
            await noor.GetByLabel("Message").PressAsync("Enter");
            await Expect(noor.Locator("#composer-error")).ToHaveTextAsync("The coach has muted you in this roundtable's chat.");
            await Expect(noor.GetByLabel("Message")).ToHaveValueAsync(draft);
            await Expect(ChatLog(coach).GetByText(draft)).ToHaveCountAsync(0);

            await PersonActionAsync(coach, "Noor Learner", "Unmute");
            await Expect(noor.GetByRole(AriaRole.Status).Filter(new() { HasText = "muted you" })).ToBeHiddenAsync();
            await noor.GetByLabel("Message").PressAsync("Enter");
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText(draft)).ToBeVisibleAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await noor.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WhenTheCoachTurnsNotesEditingOffLearnersNotesBecomeReadOnly()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local", title);
        try
        {
            await RoomUi.OpenTabAsync(noor, "Notes");
            await RoomUi.OpenTabAsync(coach, "People");
            var notes = noor.GetByLabel("Shared notes (Markdown)");
            await Expect(notes).ToBeEditableAsync();

            await Panel(coach).GetByRole(AriaRole.Checkbox, new() { Name = "Learners may edit notes" }).UncheckAsync();
            await Expect(notes).Not.ToBeEditableAsync();
            await Expect(noor.GetByText("The coach has turned off notes editing for now")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "Notes");
            await Expect(coach.GetByLabel("Shared notes (Markdown)")).ToBeEditableAsync();

            await RoomUi.OpenTabAsync(coach, "People");
            await Panel(coach).GetByRole(AriaRole.Checkbox, new() { Name = "Learners may edit notes" }).CheckAsync();
            await Expect(notes).ToBeEditableAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await noor.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task LockedRoomPutsANewcomerOnTheWaitingListUntilTheCoachAdmitsThem()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var theoContext = await fixture.SignedInContextAsync("theo@roundtable.local");
        try
        {
            // By keyboard: Space toggles the lock.
            await RoomUi.OpenTabAsync(coach, "People");
            await Panel(coach).GetByRole(AriaRole.Checkbox, new() { Name = "Lock the roundtable" }).FocusAsync();
            await coach.Keyboard.PressAsync("Space");
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText("locked the roundtable")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "People");

            var theo = await theoContext.NewPageAsync();
            await theo.GotoAsync($"/room.html?id={await fixture.RoomIdAsync(theoContext, title)}");
            await Expect(theo.GetByText("Waiting for the coach to let you in")).ToBeVisibleAsync();
            await Expect(ChatLog(theo).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);

            var admit = Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Admit Theo" });
            await Expect(admit).ToBeVisibleAsync();
            await admit.FocusAsync();
            await coach.Keyboard.PressAsync("Enter");

            await Expect(Connection(theo)).ToHaveTextAsync("Connected");
            await Expect(People(coach).GetByText("Theo")).ToBeVisibleAsync();
            await Expect(Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Admit Theo" })).ToHaveCountAsync(0);
            var hello = $"Thanks for letting me in {Token()}";
            await SendAsync(theo, hello);
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText(hello)).ToBeVisibleAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await theoContext.CloseAsync();
        }
    }

    [Fact]
    public async Task PinnedMessageShowsAtTheTopForEveryone()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
        try
        {
            var text = $"Today's agenda {Token()}";
            await SendAsync(coach, text);
            await MessageActionAsync(coach, text, "Cora Coach", "Pin");

            foreach (var page in new[] { coach, liam })
            {
                await Expect(page.GetByRole(AriaRole.List, new() { Name = "Pinned" }).GetByText(text)).ToBeVisibleAsync();
            }
            var late = await fixture.OpenRoomAsync("lena@roundtable.local", title);
            try
            {
                await Expect(late.GetByRole(AriaRole.List, new() { Name = "Pinned" }).GetByText(text)).ToBeVisibleAsync();
            }
            finally
            {
                await late.Context.CloseAsync();
            }

            await coach.GetByRole(AriaRole.List, new() { Name = "Pinned" }).GetByRole(AriaRole.Button, new() { Name = "Unpin post by Cora Coach" }).ClickAsync();
            await Expect(liam.GetByRole(AriaRole.List, new() { Name = "Pinned" })).ToBeHiddenAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task RemovedLearnerLeavesAndCannotRejoinUntilReadmitted()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        try
        {
            coach.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            await PersonActionAsync(coach, "Lena Learner", "Remove");
            await Expect(lena.GetByRole(AriaRole.Alert).Filter(new() { HasText = "You were removed from this roundtable" })).ToBeVisibleAsync();
            await Expect(People(coach).GetByText("Lena Learner")).ToHaveCountAsync(0);

            await lena.ReloadAsync();
            await Expect(lena.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The coach removed you from this roundtable" })).ToBeVisibleAsync();

            await Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Readmit Lena" }).ClickAsync();
            await Expect(Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Readmit Lena" })).ToHaveCountAsync(0);
            await lena.ReloadAsync();
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Expect(People(coach).GetByText("Lena Learner")).ToBeVisibleAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task LockHoldsAgainstALearnerAdmittedEarlierWhoLeft()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        var liamContext = await fixture.SignedInContextAsync("liam@roundtable.local");
        try
        {
            await RoomUi.OpenTabAsync(coach, "People");
            var lockBox = Panel(coach).GetByRole(AriaRole.Checkbox, new() { Name = "Lock the roundtable" });
            await lockBox.CheckAsync();
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText("locked the roundtable")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "People");
            var roomUrl = $"/room.html?id={await fixture.RoomIdAsync(liamContext, title)}";

            // Admitted once, earlier in the session.
            var liam = await liamContext.NewPageAsync();
            await liam.GotoAsync(roomUrl);
            await Expect(liam.GetByText("Waiting for the coach to let you in")).ToBeVisibleAsync();
            await Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Admit Liam" }).ClickAsync();
            await Expect(Connection(liam)).ToHaveTextAsync("Connected");
            await Expect(People(coach).GetByText("Liam Learner")).ToBeVisibleAsync();

            // Liam leaves; the coach opens the room and locks it again.
            await liam.CloseAsync();
            await Expect(People(coach).GetByText("Liam Learner")).ToHaveCountAsync(0);
            await lockBox.UncheckAsync();
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText("unlocked the roundtable")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "People");
            await lockBox.CheckAsync();
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText(new Regex(@"\blocked the roundtable"))).ToHaveCountAsync(2);
            await RoomUi.OpenTabAsync(coach, "People");

            // Back at the door, Liam asks again and waits: the earlier admission did not survive his leaving.
            var back = await liamContext.NewPageAsync();
            await back.GotoAsync(roomUrl);
            await Expect(back.GetByText("Waiting for the coach to let you in")).ToBeVisibleAsync();
            await Expect(ChatLog(back).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
            await Expect(Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Admit Liam" })).ToBeVisibleAsync();
            await Expect(People(coach).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Liam Learner" })).ToContainTextAsync("waiting to join");
        }
        finally
        {
            await coach.Context.CloseAsync();
            await liamContext.CloseAsync();
        }
    }

    [Fact]
    public async Task MutedLearnerSeesTheMutedStateInQAndAAndOtherLearnersHearNothingOfIt()
    {
        var title = await NewRoomAsync();
        var coach = await fixture.OpenRoomAsync(Coach, title);
        // BypassCSP: the accessibility check injects axe-core.
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local", title, new() { BypassCSP = true });
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
        try
        {
            var question = $"What do we do first {Token()}?";
            await RoomUi.OpenTabAsync(liam, "Q&A");
            await liam.GetByLabel("Your question").FillAsync(question);
            await liam.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();

            await PersonActionAsync(coach, "Noor Learner", "Mute");
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText("was muted")).ToBeVisibleAsync();

            await RoomUi.OpenTabAsync(noor, "Q&A");
            var qa = noor.GetByRole(AriaRole.Region, new() { Name = "Questions" });
            await Expect(qa.GetByRole(AriaRole.Status).Filter(new() { HasText = "muted you, so you cannot ask questions" })).ToBeVisibleAsync();
            await Expect(noor.GetByLabel("Your question")).ToBeHiddenAsync();
            // Upvoting is not speaking: it stays.
            var item = qa.GetByRole(AriaRole.Listitem).Filter(new() { HasText = question });
            await item.GetByRole(AriaRole.Button, new() { Name = "Upvote" }).ClickAsync();
            await Expect(item).ToContainTextAsync("1 vote");

            // Liam, another learner, is told nothing about it.
            await RoomUi.OpenTabAsync(liam, "Chat");
            var afterMute = $"After the mute {Token()}";
            await RoomUi.OpenTabAsync(coach, "Chat");
            await SendAsync(coach, afterMute);
            await Expect(ChatLog(liam).GetByText(afterMute)).ToBeVisibleAsync();
            await Expect(ChatLog(liam).GetByText("was muted")).ToHaveCountAsync(0);
            await RoomUi.OpenTabAsync(liam, "People");
            await Expect(People(liam).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Noor" })).Not.ToContainTextAsync("muted");

            await PersonActionAsync(coach, "Noor Learner", "Unmute");
            await Expect(noor.GetByLabel("Your question")).ToBeVisibleAsync();
            await Expect(qa.GetByRole(AriaRole.Status).Filter(new() { HasText = "muted you, so you cannot ask questions" })).ToBeHiddenAsync();
            await AssertNoViolationsAsync(noor);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await noor.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task RoomPageWithTheModerationPanelOpenHasNoAxeViolations(int width)
    {
        var title = await NewRoomAsync();
        var options = new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = 800 }, BypassCSP = true };
        var coach = await fixture.OpenRoomAsync(Coach, title, options);
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title, options);
        try
        {
            var text = $"Pinned and hidden {Token()}";
            await SendAsync(liam, text);
            await MessageActionAsync(coach, text, "Liam Learner", "Pin");
            await MessageActionAsync(coach, text, "Liam Learner", "Hide");
            await PersonActionAsync(coach, "Liam Learner", "Mute");
            await Expect(People(coach).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Liam" })).ToContainTextAsync("muted");
            await Panel(coach).GetByRole(AriaRole.Checkbox, new() { Name = "Lock the roundtable" }).CheckAsync();
            await Expect(Panel(coach).GetByText("Nobody is waiting.")).ToBeVisibleAsync();
            await Expect(liam.GetByText("Message hidden by the coach").First).ToBeVisibleAsync();

            await AssertNoViolationsAsync(coach);
            await AssertNoViolationsAsync(liam);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    // One axe check for every page test: AccessibilityTests owns it.
    private static Task AssertNoViolationsAsync(IPage page) => AccessibilityTests.AssertNoViolationsAsync(page);
}
