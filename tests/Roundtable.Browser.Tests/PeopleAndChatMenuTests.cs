using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Roundtable.Core.Rooms;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// One menu per chat message (the author's Edit and Delete, staff's Hide and Pin) and one per person in People (give
/// floor, mute, remove, admit), by keyboard and by mouse; each person's state in People; focus after an action.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleAndChatMenuTests(BrowserFixture fixture)
{
    private const string Lena = "lena@roundtable.local";
    private const string Liam = "liam@roundtable.local";
    private const string Noor = "noor@roundtable.local";
    private const string Theo = "theo@roundtable.local";

    private static ILocator Message(IPage page, string text) =>
        ChatLog(page).GetByRole(AriaRole.Listitem).Filter(new() { HasText = text });

    private static ILocator MessageMenuButton(IPage page, string text, string author) =>
        Message(page, text).GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Actions for {author}'s post at ") });

    private static ILocator Menu(IPage page) => page.GetByRole(AriaRole.Menu);

    private static ILocator Item(IPage page, string name) => Menu(page).GetByRole(AriaRole.Menuitem, new() { Name = name, Exact = true });

    private static ILocator Person(IPage page, string name) => People(page).GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });

    private static ILocator PersonMenuButton(IPage page, string name) =>
        People(page).GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true });

    private static async Task SendAsync(IPage page, string text)
    {
        await RoomUi.OpenTabAsync(page, "Chat");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Expect(ChatLog(page).GetByText(text)).ToBeVisibleAsync();
    }

    private static async Task CloseAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AuthorEditsAndDeletesTheirMessageThroughItsMenuAndAnotherBrowserSeesItLive()
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Chat menu");
        var lena = await fixture.OpenRoomAsync(Lena, title);
        var liam = await fixture.OpenRoomAsync(Liam, title);
        try
        {
            var text = $"Frist thought {Token()}";
            await SendAsync(lena, text);
            await RoomUi.OpenTabAsync(liam, "Chat");
            await Expect(Message(liam, text)).ToBeVisibleAsync();
            // The menus say "post", so "Message" still names the message box alone.
            await Expect(lena.GetByLabel("Message")).ToHaveCountAsync(1);
            // Someone else's message offers a learner nothing, so it has no menu.
            await Expect(Message(liam, text).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

            // By keyboard: Enter opens on the first item, arrows move and wrap, Escape closes back on the button.
            var button = MessageMenuButton(lena, text, "Lena Learner");
            await Expect(button).ToHaveAttributeAsync("aria-haspopup", "menu");
            await button.FocusAsync();
            await lena.Keyboard.PressAsync("Enter");
            await Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(Item(lena, "Edit")).ToBeFocusedAsync();
            await Expect(Menu(lena).GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Edit", "Delete"]);
            await lena.Keyboard.PressAsync("ArrowDown");
            await Expect(Item(lena, "Delete")).ToBeFocusedAsync();
            await lena.Keyboard.PressAsync("ArrowDown");
            await Expect(Item(lena, "Edit")).ToBeFocusedAsync();
            await lena.Keyboard.PressAsync("Escape");
            await Expect(Menu(lena)).ToHaveCountAsync(0);
            await Expect(button).ToBeFocusedAsync();
            await Expect(button).ToHaveAttributeAsync("aria-expanded", "false");

            // ArrowDown opens too; Edit puts an editor in the message, where Escape cancels and Enter saves.
            await lena.Keyboard.PressAsync("ArrowDown");
            await lena.Keyboard.PressAsync("Enter");
            var editor = Message(lena, text).GetByRole(AriaRole.Textbox, new() { Name = "Edit your post" });
            await Expect(editor).ToBeFocusedAsync();
            await Expect(editor).ToHaveValueAsync(text);
            await editor.FillAsync("never mind");
            await lena.Keyboard.PressAsync("Escape");
            await Expect(editor).ToHaveCountAsync(0);
            await Expect(button).ToBeFocusedAsync();
            await Expect(Message(lena, text)).ToBeVisibleAsync();

            await lena.Keyboard.PressAsync("Enter");
            await lena.Keyboard.PressAsync("Enter");
            var corrected = $"First thought, **corrected** {Token()}";
            await editor.FillAsync(corrected);
            await editor.PressAsync("Enter");
            var shown = corrected.Replace("**", "");
            await Expect(Message(liam, shown)).ToContainTextAsync("(edited)");
            await Expect(Message(liam, shown).Locator("strong").Filter(new() { HasText = "corrected" })).ToBeVisibleAsync();
            await Expect(ChatLog(liam).GetByText(text)).ToHaveCountAsync(0);
            await Expect(MessageMenuButton(lena, shown, "Lena Learner")).ToBeFocusedAsync();

            // By mouse: the menu opens on a click; Delete asks first.
            lena.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            await MessageMenuButton(lena, shown, "Lena Learner").ClickAsync();
            await Item(lena, "Delete").ClickAsync();
            await Expect(ChatLog(liam).GetByText("message deleted")).ToBeVisibleAsync();
            await Expect(ChatLog(liam).GetByText(shown)).ToHaveCountAsync(0);
            await Expect(ChatLog(lena).GetByText("message deleted")).ToBeVisibleAsync();
            await Expect(ChatLog(lena).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Actions for Lena Learner's post") })).ToHaveCountAsync(0);

            // Someone arriving later sees the same.
            var noor = await fixture.OpenRoomAsync(Noor, title);
            try
            {
                await RoomUi.OpenTabAsync(noor, "Chat");
                await Expect(ChatLog(noor).GetByText("message deleted")).ToBeVisibleAsync();
                await Expect(ChatLog(noor).GetByText(shown)).ToHaveCountAsync(0);
            }
            finally
            {
                await CloseAsync(noor);
            }
        }
        finally
        {
            await CloseAsync(coach, lena, liam);
        }
    }

    [Fact]
    public async Task CoachHidesAndPinsThroughTheMessageMenuAndTheMenuClosesOnAClickOutsideOrTab()
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Chat menu staff");
        var liam = await fixture.OpenRoomAsync(Liam, title);
        try
        {
            var text = $"Worth pinning {Token()}";
            await SendAsync(liam, text);
            await RoomUi.OpenTabAsync(coach, "Chat");
            var button = MessageMenuButton(coach, text, "Liam Learner");

            await button.ClickAsync();
            // Staff's own items only: edit and delete are the author's.
            await Expect(Menu(coach).GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Hide", "Pin"]);
            await coach.GetByRole(AriaRole.Heading, new() { Name = "Chat", Exact = true }).ClickAsync();
            await Expect(Menu(coach)).ToHaveCountAsync(0);

            await button.ClickAsync();
            await Item(coach, "Pin").ClickAsync();
            await Expect(liam.GetByRole(AriaRole.List, new() { Name = "Pinned" }).GetByText(text)).ToBeVisibleAsync();
            await Expect(button).ToBeFocusedAsync();

            await coach.Keyboard.PressAsync("Enter");
            await Expect(Menu(coach).GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Hide", "Unpin"]);
            await coach.Keyboard.PressAsync("Tab");
            await Expect(Menu(coach)).ToHaveCountAsync(0);

            await button.FocusAsync();
            await coach.Keyboard.PressAsync("Enter");
            await coach.Keyboard.PressAsync("Enter");
            await Expect(ChatLog(liam).GetByText("Message hidden by the coach")).ToBeVisibleAsync();
            await Expect(ChatLog(liam).GetByText(text)).ToHaveCountAsync(0);
            await Expect(Message(coach, text)).ToContainTextAsync("hidden");
            await Expect(button).ToBeFocusedAsync();

            await button.ClickAsync();
            await Item(coach, "Unhide").ClickAsync();
            await Expect(ChatLog(liam).GetByText(text)).ToBeVisibleAsync();
        }
        finally
        {
            await CloseAsync(coach, liam);
        }
    }

    [Fact]
    public async Task PeopleShowsHandsTheFloorMutedPresentingAndWaitingAndTheCoachActsFromOnePersonMenu()
    {
        var (coach, roomId, title) = await fixture.CoachInNewLiveRoomAsync("People");
        var lena = await fixture.OpenRoomAsync(Lena, title);
        var noor = await fixture.OpenRoomAsync(Noor, title);
        var liam = await fixture.OpenRoomAsync(Liam, title);
        try
        {
            // Hands, by the page-wide shortcut, in the order raised.
            foreach (var page in new[] { noor, lena })
            {
                await page.GetByLabel("Message", new() { Exact = true }).FocusAsync();
                await page.Keyboard.PressAsync("Alt+H");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lower hand" }).First).ToBeVisibleAsync();
            }
            await RoomUi.OpenTabAsync(coach, "People");
            await RoomUi.OpenTabAsync(liam, "People");
            await Expect(Person(coach, "Noor Learner")).ToContainTextAsync("hand raised, 1st in the queue");
            await Expect(Person(coach, "Lena Learner")).ToContainTextAsync("hand raised, 2nd in the queue");
            await Expect(Person(liam, "Lena Learner")).ToContainTextAsync("hand raised, 2nd in the queue");
            // Learners see the states, not the coach's menus.
            await Expect(People(liam).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
            // Nobody can be muted or given the floor who is staff: the coach has no menu of their own.
            await Expect(PersonMenuButton(coach, "Cora Coach")).ToHaveCountAsync(0);

            // By mouse: the floor to Noor.
            await PersonMenuButton(coach, "Noor Learner").ClickAsync();
            await Expect(Menu(coach).GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Mute", "Give floor", "Remove"]);
            await Item(coach, "Give floor").ClickAsync();
            await Expect(Person(liam, "Noor Learner")).ToContainTextAsync("has the floor");
            await Expect(Person(liam, "Lena Learner")).ToContainTextAsync("hand raised, 1st in the queue");
            await Expect(PersonMenuButton(coach, "Noor Learner")).ToBeFocusedAsync();

            // By keyboard: mute Lena; focus comes back to her menu, not to the page.
            var lenaMenu = PersonMenuButton(coach, "Lena Learner");
            await lenaMenu.FocusAsync();
            await coach.Keyboard.PressAsync("ArrowDown");
            await Expect(Item(coach, "Mute")).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("End");
            await Expect(Item(coach, "Remove")).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Home");
            await Expect(Item(coach, "Mute")).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(Person(coach, "Lena Learner")).ToContainTextAsync("muted");
            // Who was muted is for staff and the person concerned: another learner is told nothing.
            await Expect(Person(liam, "Lena Learner")).Not.ToContainTextAsync("muted");
            await Expect(lenaMenu).ToBeFocusedAsync();
            await lenaMenu.PressAsync("ArrowUp");
            await Expect(Item(coach, "Remove")).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("ArrowDown");
            await Expect(Item(coach, "Unmute")).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Escape");
            await Expect(lenaMenu).ToBeFocusedAsync();

            // Presenting: Liam's presentation started from the agenda.
            await using (var coachHub = await fixture.Server.JoinAsync(Coach, roomId))
            {
                var liamId = coachHub.Joined!.Snapshot.Participants.Single(p => p.DisplayName == "Liam Learner").UserId;
                await coachHub.InvokeAsync("AddPresentationSlot", roomId, liamId, 5);
                var slot = (AgendaItemAdded)(await coachHub.WaitForEventAsync(e => e.Event is AgendaItemAdded, "the slot is on the agenda")).Event;
                await coachHub.InvokeAsync("StartPresentation", roomId, slot.ItemId);
            }
            await Expect(Person(coach, "Liam Learner")).ToContainTextAsync("presenting");
            await Expect(Person(liam, "Liam Learner")).ToContainTextAsync("presenting");

            // Waiting to join a locked room: listed with the rest, let in from the person's menu.
            await coach.GetByRole(AriaRole.Checkbox, new() { Name = "Lock the roundtable" }).CheckAsync();
            await RoomUi.OpenTabAsync(coach, "Chat");
            await Expect(ChatLog(coach).GetByText("locked the roundtable")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "People");
            var theoContext = await fixture.SignedInContextAsync(Theo);
            var theo = await theoContext.NewPageAsync();
            try
            {
                await theo.GotoAsync($"/room.html?id={roomId}");
                await Expect(theo.GetByText("Waiting for the coach to let you in")).ToBeVisibleAsync();
                await Expect(Person(coach, "Theo Learner")).ToContainTextAsync("waiting to join");
                await PersonMenuButton(coach, "Theo Learner").ClickAsync();
                await Expect(Menu(coach).GetByRole(AriaRole.Menuitem)).ToHaveTextAsync(["Admit", "Decline"]);
                await Item(coach, "Admit").ClickAsync();
                await Expect(Connection(theo)).ToHaveTextAsync("Connected");
                await Expect(Person(coach, "Theo Learner")).Not.ToContainTextAsync("waiting to join");
            }
            finally
            {
                await theoContext.CloseAsync();
            }
        }
        finally
        {
            await CloseAsync(coach, lena, noor, liam);
        }
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(375)]
    public async Task AnOpenMenuHasNoAxeViolations(int width)
    {
        var options = new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = 768 }, BypassCSP = true };
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Menu axe", options);
        var lena = await fixture.OpenRoomAsync(Lena, title, options);
        try
        {
            var text = $"Open a menu on me {Token()}";
            await SendAsync(lena, text);
            await MessageMenuButton(lena, text, "Lena Learner").ClickAsync();
            await Expect(Item(lena, "Edit")).ToBeFocusedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(lena);

            await RoomUi.OpenTabAsync(coach, "People");
            await PersonMenuButton(coach, "Lena Learner").ClickAsync();
            await Expect(Item(coach, "Mute")).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(coach);
        }
        finally
        {
            await CloseAsync(coach, lena);
        }
    }

    private const string Coach = "coach@roundtable.local";
}
