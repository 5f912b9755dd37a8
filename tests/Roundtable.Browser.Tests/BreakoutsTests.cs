using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// Breakout groups end to end: the coach forms and names them, people are taken to their group (a prompt counting down
/// 10 seconds, with "Go now") and back with its notes, and a group calls the coach for help.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BreakoutsTests(BrowserFixture fixture)
{
    private const string Lena = "lena@roundtable.local";
    private const string Liam = "liam@roundtable.local";
    private const string Noor = "noor@roundtable.local";

    private static ILocator Panel(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Breakout groups" });

    private static ILocator Banner(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Breakout group" });

    /// <summary>The prompt that takes someone to their group, or back to the main room.</summary>
    private static ILocator Prompt(IPage page) => page.GetByRole(AriaRole.Alertdialog);

    /// <summary>Long enough for the prompt's 10-second countdown, the next page's load and its join on a busy machine.</summary>
    private static readonly LocatorAssertionsToContainTextOptions TakenThere = new() { Timeout = 45_000 };

    private static readonly PageAssertionsToHaveURLOptions TakenBack = new() { Timeout = 45_000 };

    /// <summary>The Breakouts tab, where the page has tabs, then the panel.</summary>
    private static async Task<ILocator> BreakoutsTabAsync(IPage page)
    {
        await RoomUi.OpenTabAsync(page, "Breakouts");
        return Panel(page);
    }

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

    /// <summary>
    /// A countdown long enough that the prompt stays while a test looks at it on a busy machine; the test then goes with
    /// "Go now". The default 10 seconds is what the tests of being taken without clicking use.
    /// </summary>
    private static Task LongCountdownAsync(ILocator panel) => panel.GetByLabel("Seconds before people are taken to their group").FillAsync("120");

    /// <summary>The coach in a new live room with Lena and Liam present, about to assign people to groups.</summary>
    private async Task<(IPage Coach, string RoomId, string Title, IPage Lena, IPage Liam, ILocator Panel)> AssigningWithLenaAndLiamAsync(string titlePrefix)
    {
        var (coach, roomId, title) = await fixture.CoachInNewLiveRoomAsync(titlePrefix, AccessibilityTests.Options(1280));
        var lena = await OpenAsync(Lena, roomId);
        var liam = await OpenAsync(Liam, roomId);
        await RoomUi.OpenTabAsync(coach, "People");
        await Expect(People(coach).GetByText("Liam Learner")).ToBeVisibleAsync();
        var panel = await BreakoutsTabAsync(coach);
        await panel.GetByLabel("I assign people").CheckAsync();
        return (coach, roomId, title, lena, liam, panel);
    }

    [Fact]
    public async Task TheCoachAssignsGroupsBroadcastsMovesSomeoneAndBringsEveryoneBackWithTheirNotes()
    {
        var (coach, roomId, title, lena, liam, panel) = await AssigningWithLenaAndLiamAsync("Breakouts");
        try
        {
            await panel.GetByLabel("Group for Lena Learner").SelectOptionAsync(new SelectOptionValue { Label = "Group 1" });
            await panel.GetByLabel("Group for Liam Learner").SelectOptionAsync(new SelectOptionValue { Label = "Group 2" });
            await panel.GetByLabel("Minutes", new() { Exact = true }).FillAsync("10");
            await LongCountdownAsync(panel);
            await panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }).ClickAsync();
            await Expect(panel.GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Time left: (10:00|9:\d\d)$"));
            await Expect(panel.GetByRole(AriaRole.List, new() { Name = "Breakout groups" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);

            // Each learner is offered their own group, one keyboard step away: the prompt has focus on "Go now".
            await Expect(lena.Locator("#tab-breakouts a", new() { HasTextRegex = new Regex("^Go to Group 1$") })).ToBeAttachedAsync();
            await Expect(Prompt(lena)).ToHaveAccessibleNameAsync("Going to Group 1");
            await Expect(Prompt(lena).GetByRole(AriaRole.Button, new() { Name = "Go now" })).ToBeFocusedAsync();
            await lena.Keyboard.PressAsync("Enter");
            await Expect(Banner(lena)).ToContainTextAsync($"Group 1 · Breakout of {title}");
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Prompt(liam).GetByRole(AriaRole.Button, new() { Name = "Go now" }).ClickAsync();
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
            await Expect(Prompt(liam)).ToContainTextAsync("The coach moved you to Group 1.");
            await Prompt(liam).GetByRole(AriaRole.Button, new() { Name = "Go now" }).ClickAsync();
            await Expect(Banner(liam)).ToContainTextAsync("Group 1 · Breakout of");
            await Expect(Banner(liam)).ToContainTextAsync("In this group: Lena Learner, Liam Learner");
            await Expect(Banner(lena)).ToContainTextAsync("In this group: Lena Learner, Liam Learner");

            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            foreach (var learner in new[] { lena, liam })
            {
                await Expect(Prompt(learner)).ToHaveAccessibleNameAsync($"Going back to {title}");
                await Prompt(learner).GetByRole(AriaRole.Button, new() { Name = "Go now" }).ClickAsync();
            }
            foreach (var page in new[] { coach, lena, liam })
            {
                await Expect(page).ToHaveURLAsync(new Regex($"id={roomId}$"));
                await Expect(Connection(page)).ToHaveTextAsync("Connected");
                var notes = (await BreakoutsTabAsync(page)).Locator(".breakout-notes");
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
    public async Task EveryoneInANamedGroupIsTakenThereAndBackWithoutClickingAnything()
    {
        var (coach, roomId, title) = await fixture.CoachInNewLiveRoomAsync("Taken breakouts", AccessibilityTests.Options(1280));
        var learners = new Dictionary<string, IPage> { ["Lena"] = await OpenAsync(Lena, roomId), ["Liam"] = await OpenAsync(Liam, roomId), ["Noor"] = await OpenAsync(Noor, roomId) };
        var groupOf = new Dictionary<string, string> { ["Lena"] = "Pricing", ["Liam"] = "Pricing", ["Noor"] = "Onboarding" };
        try
        {
            await RoomUi.OpenTabAsync(coach, "People");
            await Expect(People(coach).GetByText("Noor Learner")).ToBeVisibleAsync();
            var panel = await BreakoutsTabAsync(coach);
            await panel.GetByLabel("I assign people").CheckAsync();
            await Expect(panel.GetByLabel("Name of group 1")).ToHaveValueAsync("Group 1");
            await panel.GetByLabel("Name of group 1").FillAsync("Pricing");
            await panel.GetByLabel("Name of group 2").FillAsync("Onboarding");
            foreach (var (name, group) in groupOf)
            {
                await panel.GetByLabel($"Group for {name} Learner").SelectOptionAsync(new SelectOptionValue { Label = group });
            }
            await panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }).ClickAsync();

            // First, while the 10 seconds run: each is told where they are going.
            foreach (var (name, page) in learners)
            {
                await Expect(Prompt(page)).ToHaveAccessibleNameAsync($"Going to {groupOf[name]}");
                await Expect(Prompt(page)).ToContainTextAsync($"Breakout groups are open and you are in {groupOf[name]}.");
            }
            await Expect(Group(coach, "Pricing")).ToContainTextAsync("Lena Learner, Liam Learner");
            await Expect(Group(coach, "Onboarding")).ToContainTextAsync("Noor Learner");
            foreach (var (name, page) in learners)
            {
                await Expect(Banner(page)).ToContainTextAsync($"{groupOf[name]} · Breakout of {title}", TakenThere);
                await Expect(Connection(page)).ToHaveTextAsync("Connected");
            }

            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            foreach (var page in learners.Values)
            {
                await Expect(Prompt(page)).ToHaveAccessibleNameAsync($"Going back to {title}");
            }
            foreach (var page in learners.Values)
            {
                await Expect(page).ToHaveURLAsync(new Regex($"id={roomId}$"), TakenBack);
                await Expect(Connection(page)).ToHaveTextAsync("Connected");
                await Expect((await BreakoutsTabAsync(page)).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
                await Expect(Prompt(page)).ToBeHiddenAsync();
            }
        }
        finally
        {
            foreach (var page in learners.Values.Append(coach))
            {
                await page.Context.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task GoNowTakesALearnerAtOnceStayingIsRememberedAndAGroupAsksTheCoachForHelp()
    {
        var (coach, roomId, _, lena, liam, panel) = await AssigningWithLenaAndLiamAsync("Help breakouts");
        try
        {
            await panel.GetByLabel("Name of group 1").FillAsync("Pricing");
            await panel.GetByLabel("Group for Lena Learner").SelectOptionAsync(new SelectOptionValue { Label = "Pricing" });
            await panel.GetByLabel("Group for Liam Learner").SelectOptionAsync(new SelectOptionValue { Label = "Group 2" });
            await LongCountdownAsync(panel);
            await panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }).ClickAsync();

            // "Go now" goes long before the countdown would.
            var goNow = Prompt(lena).GetByRole(AriaRole.Button, new() { Name = "Go now" });
            await Expect(goNow).ToBeFocusedAsync();
            await Expect(Prompt(lena)).ToContainTextAsync(new Regex("Taking you there in 1[012]\\d seconds"));
            await lena.Keyboard.PressAsync("Enter");
            await Expect(lena).Not.ToHaveURLAsync(new Regex($"id={roomId}$"), new() { Timeout = 30_000 });
            await Expect(Banner(lena)).ToContainTextAsync("Pricing · Breakout of");
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");

            // Liam stays, and the main room remembers it when he comes back to it.
            await Prompt(liam).GetByRole(AriaRole.Button, new() { Name = "Stay here" }).ClickAsync();
            await Expect(Prompt(liam)).ToBeHiddenAsync();
            await liam.ReloadAsync();
            await Expect(Connection(liam)).ToHaveTextAsync("Connected");
            await Expect(Prompt(liam)).ToBeHiddenAsync();
            await Expect((await BreakoutsTabAsync(liam)).GetByRole(AriaRole.Link, new() { Name = "Go to Group 2" })).ToBeVisibleAsync();

            // Lena's group asks for help; the coach sees it in the main room and can join the group.
            await Banner(lena).GetByRole(AriaRole.Button, new() { Name = "Ask for help" }).ClickAsync();
            var cancel = Banner(lena).GetByRole(AriaRole.Button, new() { Name = "Cancel the call for help" });
            await Expect(cancel).ToBeFocusedAsync();
            await Expect(Banner(lena)).ToContainTextAsync("The coach has been asked to help");
            var calls = panel.GetByRole(AriaRole.List, new() { Name = "Calls for help" });
            await Expect(calls).ToContainTextAsync("Pricing asks for help (Lena Learner).");
            await Expect(calls.GetByRole(AriaRole.Link, new() { Name = "Join Pricing" })).ToHaveAttributeAsync("href", new Regex(@"^/room\.html\?id=(?!" + roomId + ")"));
            await AccessibilityTests.AssertNoViolationsAsync(lena);
            await AccessibilityTests.AssertNoViolationsAsync(coach);

            await lena.Keyboard.PressAsync("Enter");
            await Expect(Banner(lena).GetByRole(AriaRole.Button, new() { Name = "Ask for help" })).ToBeFocusedAsync();
            await Expect(Banner(lena)).Not.ToContainTextAsync("The coach has been asked to help");
            await Expect(calls).ToBeHiddenAsync();

            await lena.Keyboard.PressAsync("Enter");
            await Expect(calls).ToContainTextAsync("Pricing asks for help");
            await calls.GetByRole(AriaRole.Button, new() { Name = "Mark Pricing handled" }).ClickAsync();
            await Expect(calls).ToBeHiddenAsync();
            await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Breakout groups", Exact = true })).ToBeFocusedAsync();
            await Expect(Banner(lena).GetByRole(AriaRole.Button, new() { Name = "Ask for help" })).ToBeVisibleAsync();
            await Expect(Banner(lena)).Not.ToContainTextAsync("The coach has been asked to help");

            await Banner(lena).GetByRole(AriaRole.Button, new() { Name = "Ask for help" }).ClickAsync();
            await calls.GetByRole(AriaRole.Link, new() { Name = "Join Pricing" }).ClickAsync();
            await Expect(Banner(coach)).ToContainTextAsync("Pricing · Breakout of");
            await Expect(Connection(coach)).ToHaveTextAsync("Connected");
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
            var panel = await BreakoutsTabAsync(coach);
            await panel.GetByLabel("Learners choose their group").CheckAsync();
            await panel.GetByLabel("Number of groups").FillAsync("3");
            await panel.GetByLabel("Minutes", new() { Exact = true }).FillAsync("5");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }).ClickAsync();

            await Expect((await BreakoutsTabAsync(lena)).GetByText("Choose a group below.")).ToBeVisibleAsync();
            var choose = Panel(lena).GetByRole(AriaRole.Button, new() { Name = "Choose Group 3" });
            await TabUntilFocusedAsync(lena, choose, maxTabs: 120);
            await lena.Keyboard.PressAsync("Enter");
            // The chosen group's button is gone; focus is on the way to the group, not on the page's body.
            await Expect(Panel(lena).GetByRole(AriaRole.Link, new() { Name = "Go to Group 3" })).ToBeFocusedAsync();
            await Expect(Prompt(lena)).ToBeHiddenAsync();
            await Expect(panel.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Group 3" })).ToContainTextAsync("Lena Learner");

            await panel.GetByLabel("Extra minutes").FillAsync("10");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Extend", Exact = true }).ClickAsync();
            await Expect(Panel(lena).GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Time left: 1[45]:\d\d$"));
            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            await Expect(Panel(lena).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
            await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeFocusedAsync();
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
            var panel = await BreakoutsTabAsync(coach);
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

            await TabUntilFocusedAsync(coach, panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" }), maxTabs: 10);
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

            // Each is taken to their group by the prompt's countdown, all at once, without clicking.
            foreach (var (name, group) in new[] { ("Lena", "Group 1"), ("Noor", "Group 1"), ("Liam", "Group 2") })
            {
                var page = learners[name];
                await Expect(Banner(page)).ToContainTextAsync($"{group} · Breakout of", TakenThere);
                await Expect(Banner(page)).ToContainTextAsync($"{name} Learner");
                await Expect(Banner(page)).ToContainTextAsync(group == "Group 1" ? "offers Negotiation" : "No skills match");
                await Expect(Connection(page)).ToHaveTextAsync("Connected");
            }
            await panel.GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            await Expect(learners["Liam"]).ToHaveURLAsync(new Regex($"id={roomId}$"), TakenBack);
            await Expect(Connection(learners["Liam"])).ToHaveTextAsync("Connected");
            await Expect((await BreakoutsTabAsync(learners["Liam"])).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
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
            var panel = await BreakoutsTabAsync(coach);
            await AccessibilityTests.AssertNoViolationsAsync(coach);
            var random = panel.GetByLabel("At random, in balanced sizes");
            await Expect(random).ToBeCheckedAsync();
            await SkipToBreakoutsAsync(coach);
            await LongCountdownAsync(panel);
            var open = panel.GetByRole(AriaRole.Button, new() { Name = "Open breakout groups" });
            await TabUntilFocusedAsync(coach, open, maxTabs: 10);
            await coach.Keyboard.PressAsync("Enter");
            await Expect(panel.GetByRole(AriaRole.Link, new() { Name = "Visit Group 2" })).ToBeVisibleAsync();
            // The form is gone with the groups open; focus is on the panel's heading, not the page's body.
            await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Breakout groups", Exact = true })).ToBeFocusedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(coach);

            // One learner in each group, whichever it is.
            // With the prompt shown, as the learner first sees it.
            await Expect(Prompt(lena)).ToContainTextAsync("Taking you there in");
            await AccessibilityTests.AssertNoViolationsAsync(lena);
            // Behind the prompt (no tab can be clicked while it is open), the Breakouts tab has the same way to the group.
            var links = new List<string>();
            foreach (var learner in new[] { lena, liam })
            {
                var go = learner.Locator("#tab-breakouts a", new() { HasTextRegex = new Regex("^Go to Group [12]$") });
                await Expect(go).ToBeAttachedAsync();
                links.Add((await go.TextContentAsync())!);
            }
            Assert.Equal(["Go to Group 1", "Go to Group 2"], links.Order());
            await Prompt(lena).GetByRole(AriaRole.Button, new() { Name = "Go now" }).ClickAsync();
            await Expect(Banner(lena).GetByRole(AriaRole.Timer)).ToHaveTextAsync(new Regex(@"^Time left: \d+:\d\d$"));
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Panel(coach).GetByLabel("Broadcast to every group").FillAsync("Check in with each other");
            await Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Send to every group" }).ClickAsync();
            await Expect(Banner(lena)).ToContainTextAsync("Check in with each other");
            await AccessibilityTests.AssertNoViolationsAsync(lena);
            await Banner(lena).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Back to ") }).ClickAsync();
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            // Back on purpose: the main room does not send her to her group again.
            await Expect(Prompt(lena)).ToBeHiddenAsync();
            await Panel(coach).GetByRole(AriaRole.Button, new() { Name = "Bring everyone back" }).ClickAsync();
            await Expect((await BreakoutsTabAsync(lena)).GetByRole(AriaRole.Heading, new() { Name = "Notes from breakout groups" })).ToBeVisibleAsync();
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
