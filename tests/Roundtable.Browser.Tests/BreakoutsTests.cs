using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Breakout groups end to end: the coach forms them, people land in their group and come back with its notes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BreakoutsTests(BrowserFixture fixture)
{
    private const string Lena = "lena@roundtable.local";
    private const string Liam = "liam@roundtable.local";
    private const string Noor = "noor@roundtable.local";

    private static ILocator Panel(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Breakout groups" });

    private static ILocator Banner(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Breakout group" });

    private static ILocator Group(IPage page, string name) =>
        Panel(page).GetByRole(AriaRole.List, new() { Name = "Breakout groups" }).GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = name }) });

    /// <summary>From the top of the page, the staff's skip link takes the keyboard straight to the breakout panel.</summary>
    private static async Task SkipToBreakoutsAsync(IPage coach)
    {
        await coach.ReloadAsync();
        await Expect(Connection(coach)).ToHaveTextAsync("Connected");
        await TabUntilFocusedAsync(coach, coach.GetByRole(AriaRole.Link, new() { Name = "Skip to breakout groups" }), maxTabs: 4);
        await coach.Keyboard.PressAsync("Enter");
        // The skip link shows the Breakouts tab on its way.
        await Expect(Panel(coach).GetByRole(AriaRole.Heading, new() { Name = "Breakout groups", Exact = true })).ToBeFocusedAsync();
        await Expect(Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" })).ToBeVisibleAsync();
    }

    private async Task<IPage> OpenAsync(string email, string roomId, int width = 1280)
    {
        var context = await fixture.SignedInContextAsync(email, AccessibilityTests.Options(width));
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/room.html?id={roomId}");
        await Expect(Connection(page)).ToHaveTextAsync("Connected");
        return page;
    }

    [Fact]
    public async Task TheCoachAssignsGroupsBroadcastsMovesSomeoneAndBringsEveryoneBackWithTheirNotes()
    {
        var (coach, roomId, title) = await fixture.CoachInNewLiveRoomAsync("Breakouts", AccessibilityTests.Options(1280));
        var lena = await OpenAsync(Lena, roomId);
        var liam = await OpenAsync(Liam, roomId);
        try
        {
            await RoomUi.OpenTabAsync(coach, "People");
            await Expect(People(coach).GetByText("Liam Learner")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "Breakouts");
            var panel = Panel(coach);
            await panel.GetByLabel("I assign people").CheckAsync();
            await panel.GetByLabel("Group for Lena Learner").SelectOptionAsync(new SelectOptionValue { Label = "Group 1" });
            await panel.GetByLabel("Group for Liam Learner").SelectOptionAsync(new SelectOptionValue { Label = "Group 2" });
            await panel.GetByLabel("Minutes", new() { Exact = true }).FillAsync("10");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }).ClickAsync();
            await Expect(panel.GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Time left: (10:00|9:\d\d)$"));
            await Expect(panel.GetByRole(AriaRole.List, new() { Name = "Breakout groups" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);

            // Each learner is offered their own group, one keyboard step away.
            await RoomUi.OpenTabAsync(lena, "Breakouts");
            await RoomUi.OpenTabAsync(liam, "Breakouts");
            var go = Panel(lena).GetByRole(AriaRole.Link, new() { Name = "Go to Group 1" });
            await TabUntilFocusedAsync(lena, go, maxTabs: 120);
            await lena.Keyboard.PressAsync("Enter");
            await Expect(Banner(lena)).ToContainTextAsync($"Group 1 · Breakout of {title}");
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Panel(liam).GetByRole(AriaRole.Link, new() { Name = "Go to Group 2" }).ClickAsync();
            await Expect(Banner(liam)).ToContainTextAsync("Group 2");
            await Expect(Connection(liam)).ToHaveTextAsync("Connected");

            await panel.GetByLabel("Broadcast to every group").FillAsync("Wrap up in **two** minutes");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Send to every group" }).ClickAsync();
            foreach (var learner in new[] { lena, liam })
            {
                var fromCoach = Banner(learner).GetByRole(AriaRole.List, new() { Name = "From the coach" });
                await Expect(fromCoach.Locator("strong", new() { HasText = "two" })).ToBeVisibleAsync();
            }

            await RoomUi.OpenTabAsync(lena, "Notes");
            await lena.GetByLabel("Shared notes (Markdown)", new() { Exact = true }).FillAsync("Our **plan**: pair up");
            await lena.GetByRole(AriaRole.Button, new() { Name = "Save shared notes" }).ClickAsync();
            await Expect(lena.GetByRole(AriaRole.Region, new() { Name = "Shared notes, rendered" }).Locator("strong", new() { HasText = "plan" })).ToBeVisibleAsync();

            // Liam is moved to Group 1 while both groups carry on; his page follows.
            await panel.GetByLabel("Person").SelectOptionAsync(new SelectOptionValue { Label = "Liam Learner (Group 2)" });
            await panel.GetByLabel("Move to").SelectOptionAsync(new SelectOptionValue { Label = "Group 1" });
            await panel.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();
            await Expect(Banner(liam)).ToContainTextAsync("Group 1 · Breakout of");
            await Expect(Banner(liam)).ToContainTextAsync("In this group: Lena Learner, Liam Learner");
            await Expect(Banner(lena)).ToContainTextAsync("In this group: Lena Learner, Liam Learner");

            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            foreach (var page in new[] { coach, lena, liam })
            {
                await Expect(page).ToHaveURLAsync(new Regex($"id={roomId}$"));
                await RoomUi.OpenTabAsync(page, "Breakouts");
                var notes = Panel(page).Locator(".breakout-notes");
                await Expect(notes.GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
                await Expect(notes.Locator("strong", new() { HasText = "plan" })).ToBeVisibleAsync();
            }
            await Expect(Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" })).ToBeVisibleAsync();
        }
        finally
        {
            foreach (var page in new[] { coach, lena, liam })
            {
                await page.Context.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task LearnersChooseTheirGroupAndTheCoachExtendsTheTime()
    {
        var (coach, roomId, _) = await fixture.CoachInNewLiveRoomAsync("Chosen breakouts", AccessibilityTests.Options(1280));
        var lena = await OpenAsync(Lena, roomId);
        try
        {
            await RoomUi.OpenTabAsync(coach, "Breakouts");
            var panel = Panel(coach);
            await panel.GetByLabel("Learners choose their group").CheckAsync();
            await panel.GetByLabel("Number of groups").FillAsync("3");
            await panel.GetByLabel("Minutes", new() { Exact = true }).FillAsync("5");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }).ClickAsync();

            await RoomUi.OpenTabAsync(lena, "Breakouts");
            await Expect(Panel(lena).GetByText("Choose a group below.")).ToBeVisibleAsync();
            var choose = Panel(lena).GetByRole(AriaRole.Button, new() { Name = "Choose Group 3" });
            await TabUntilFocusedAsync(lena, choose, maxTabs: 120);
            await lena.Keyboard.PressAsync("Enter");
            await Expect(Panel(lena).GetByRole(AriaRole.Link, new() { Name = "Go to Group 3" })).ToBeVisibleAsync();
            await Expect(panel.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Group 3" })).ToContainTextAsync("Lena Learner");

            await panel.GetByLabel("Extra minutes").FillAsync("10");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Extend", Exact = true }).ClickAsync();
            await Expect(Panel(lena).GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Time left: 1[45]:\d\d$"));
            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            await Expect(Panel(lena).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheCoachFormsGroupsByMatchingByKeyboardAndEachLearnerLandsInTheirExplainedGroup()
    {
        // The demo profiles: Lena and Noor each offer what the other wants; Liam matches neither.
        var (coach, roomId, _) = await fixture.CoachInNewLiveRoomAsync("Matched breakouts", AccessibilityTests.Options(1280));
        var learners = new Dictionary<string, IPage> { ["Lena"] = await OpenAsync(Lena, roomId), ["Liam"] = await OpenAsync(Liam, roomId), ["Noor"] = await OpenAsync(Noor, roomId) };
        try
        {
            var panel = Panel(coach);
            var goal = panel.GetByRole(AriaRole.Group, new() { Name = "Match for" });
            await Expect(goal).ToBeHiddenAsync();
            await RoomUi.OpenTabAsync(coach, "People");
            await Expect(People(coach).GetByText("Noor Learner")).ToBeVisibleAsync();
            await SkipToBreakoutsAsync(coach);
            await coach.Keyboard.PressAsync("Tab");
            await Expect(panel.GetByLabel("At random, in balanced sizes")).ToBeFocusedAsync();
            for (var i = 0; i < 3; i++)
            {
                await coach.Keyboard.PressAsync("ArrowDown");
            }
            await Expect(panel.GetByLabel("By matching")).ToBeCheckedAsync();
            await Expect(goal).ToBeVisibleAsync();
            await coach.Keyboard.PressAsync("Tab");
            await Expect(goal.GetByLabel("Complementary skills")).ToBeFocusedAsync();
            await Expect(goal.GetByLabel("Complementary skills")).ToBeCheckedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(coach);

            await TabUntilFocusedAsync(coach, panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }), maxTabs: 6);
            await coach.Keyboard.PressAsync("Enter");

            await Expect(panel.GetByText("Formed by matching complementary skills.")).ToBeVisibleAsync();
            var first = Group(coach, "Group 1");
            await Expect(first).ToContainTextAsync("Lena Learner offers Storytelling; Noor Learner wants Storytelling.");
            await Expect(first).ToContainTextAsync("Noor Learner offers Negotiation; Lena Learner wants Negotiation.");
            await Expect(first).Not.ToContainTextAsync("Liam Learner");
            var second = Group(coach, "Group 2");
            await Expect(second).ToContainTextAsync("Liam Learner");
            await Expect(second).ToContainTextAsync("No skills match within this group; placed to keep the groups balanced.");
            await AccessibilityTests.AssertNoViolationsAsync(coach);

            foreach (var (name, group) in new[] { ("Lena", "Group 1"), ("Noor", "Group 1"), ("Liam", "Group 2") })
            {
                var page = learners[name];
                await RoomUi.OpenTabAsync(page, "Breakouts");
                await Expect(Group(page, group)).ToContainTextAsync($"{name} Learner");
                await Panel(page).GetByRole(AriaRole.Link, new() { Name = $"Go to {group}" }).ClickAsync();
                await Expect(Banner(page)).ToContainTextAsync($"{group} · Breakout of");
                await Expect(Banner(page)).ToContainTextAsync(group == "Group 1" ? "offers Negotiation" : "No skills match");
                await Expect(Connection(page)).ToHaveTextAsync("Connected");
            }
            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            await Expect(learners["Liam"]).ToHaveURLAsync(new Regex($"id={roomId}$"));
            await RoomUi.OpenTabAsync(learners["Liam"], "Breakouts");
            await Expect(Panel(learners["Liam"]).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
        }
        finally
        {
            foreach (var page in learners.Values.Append(coach))
            {
                await page.Context.CloseAsync();
            }
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task RandomGroupsByKeyboardAndThePanelAndBannerHaveNoAxeViolations(int width)
    {
        var (coach, roomId, _) = await fixture.CoachInNewLiveRoomAsync("Random breakouts", AccessibilityTests.Options(width));
        var lena = await OpenAsync(Lena, roomId, width);
        var liam = await OpenAsync(Liam, roomId, width);
        try
        {
            await RoomUi.OpenTabAsync(coach, "People");
            await Expect(People(coach).GetByText("Liam Learner")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "Breakouts");
            var panel = Panel(coach);
            await AccessibilityTests.AssertNoViolationsAsync(coach);
            var random = panel.GetByLabel("At random, in balanced sizes");
            await Expect(random).ToBeCheckedAsync();
            await SkipToBreakoutsAsync(coach);
            var open = panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" });
            await TabUntilFocusedAsync(coach, open, maxTabs: 6);
            await coach.Keyboard.PressAsync("Enter");
            await Expect(panel.GetByRole(AriaRole.Link, new() { Name = "Visit Group 2" })).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(coach);

            // One learner in each group, whichever it is.
            var links = new List<string>();
            foreach (var learner in new[] { lena, liam })
            {
                await RoomUi.OpenTabAsync(learner, "Breakouts");
                var go = Panel(learner).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Go to Group [12]$") });
                await Expect(go).ToBeVisibleAsync();
                links.Add((await go.TextContentAsync())!);
            }
            Assert.Equal(["Go to Group 1", "Go to Group 2"], links.Order());

            await Panel(lena).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Go to Group") }).ClickAsync();
            await Expect(Banner(lena).GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Time left: \d+:\d\d$"));
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Panel(coach).GetByLabel("Broadcast to every group").FillAsync("Check in with each other");
            await Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Send to every group" }).ClickAsync();
            await Expect(Banner(lena)).ToContainTextAsync("Check in with each other");
            await AccessibilityTests.AssertNoViolationsAsync(lena);
            await Banner(lena).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Back to ") }).ClickAsync();
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            await RoomUi.OpenTabAsync(lena, "Breakouts");
            await Expect(Panel(lena).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
        }
        finally
        {
            foreach (var page in new[] { coach, lena, liam })
            {
                await page.Context.CloseAsync();
            }
        }
    }
}
