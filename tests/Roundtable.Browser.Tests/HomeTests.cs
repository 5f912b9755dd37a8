using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The home page for each role: what is live now first with a Join button, then upcoming with its time zone, then past
/// with transcript and summary; a manager sees their people's progress and plans instead of "My presentations".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HomeTests(BrowserFixture fixture)
{
    public static TheoryData<string, int> RolesAndWidths => new()
    {
        { "lena@roundtable.local", 1280 }, { "lena@roundtable.local", 375 },
        { "coach@roundtable.local", 1280 }, { "coach@roundtable.local", 375 },
        { "manager@roundtable.local", 1280 }, { "manager@roundtable.local", 375 },
    };

    private async Task<IPage> HomeAsync(string email, int width)
    {
        // A zone other than the server's, named in a locale that abbreviates it: "Tue 8 Dec, 14:00 CET".
        var context = await fixture.SignedInContextAsync(email, new()
        {
            ViewportSize = new() { Width = width, Height = 800 }, BypassCSP = true, Locale = "en-GB", TimezoneId = "Europe/Berlin",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#home-status")).Not.ToHaveTextAsync("Loading…");
        return page;
    }

    private static ILocator Section(IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    private static ILocator Join(IPage page) => Section(page, "Live now").GetByRole(AriaRole.Link, new() { Name = $"Join {LiveRoomTitle}", Exact = true });

    [Theory]
    [MemberData(nameof(RolesAndWidths))]
    public async Task LiveComesFirstWithJoinThenUpcomingWithItsTimeZoneThenPastAndTheRoleItsOwnParts(string email, int width)
    {
        var page = await HomeAsync(email, width);
        try
        {
            await Expect(Join(page)).ToBeVisibleAsync();
            if (email.StartsWith("manager"))
            {
                // The manager's people load on their own: the order is read once they are shown.
                await Expect(Section(page, "My people")).ToBeVisibleAsync();
            }
            var order = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main h2')].filter(h => h.offsetParent).map(h => h.textContent)");
            Assert.Equal("Live now", order[0]);
            Assert.True(Array.IndexOf(order, "Upcoming") < Array.IndexOf(order, "Past"), string.Join(", ", order));
            // Live comes first for the keyboard too: the first link of the page's content joins a live roundtable
            // (other tests have their own live roundtables in the demo cohort, so which one is not fixed).
            var firstLink = await page.EvaluateAsync<string>("() => document.querySelector('main a').textContent");
            Assert.StartsWith("Join ", firstLink);
            await Expect(Section(page, "Live now").GetByRole(AriaRole.Link).First).ToHaveTextAsync(firstLink);

            var upcoming = Section(page, "Upcoming").GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = ScheduledRoomTitle, Exact = true }) });
            await Expect(upcoming.Locator("time")).ToHaveTextAsync(new Regex(@"^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2} CES?T$"));

            var past = Section(page, "Past");
            await Expect(past.GetByRole(AriaRole.Link, new() { Name = "Transcript of Orientation: meet your cohort", Exact = true })).ToHaveAttributeAsync("href", new Regex(@"/transcript\?format=html$"));
            await Expect(past.GetByRole(AriaRole.Link, new() { Name = "Summary of Orientation: meet your cohort", Exact = true })).ToHaveAttributeAsync("href", new Regex(@"^/summary\.html\?id="));

            var presentations = page.GetByRole(AriaRole.Link, new() { Name = "My presentations" });
            var people = Section(page, "My people");
            if (email.StartsWith("manager"))
            {
                var lena = people.GetByRole(AriaRole.Region, new() { Name = "Lena Learner", Exact = true });
                await Expect(lena.GetByRole(AriaRole.Listitem).Filter(new() { HasTextRegex = new($"^{DemoCohortName}: \\d+ of \\d+ sessions? joined") })).ToBeVisibleAsync();
                var plan = lena.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Plan your next discovery call" }) });
                await Expect(plan).ToContainTextAsync("Planned");
                await Expect(plan).ToContainTextAsync("Due ");
                await Expect(presentations).ToBeHiddenAsync();
                // My people comes right after what is live.
                Assert.Equal("My people", order[1]);
            }
            else
            {
                await Expect(people).ToBeHiddenAsync();
                await Expect(presentations).ToBeVisibleAsync(new() { Visible = email.StartsWith("lena") });
            }
            if (email.StartsWith("coach"))
            {
                await Expect(Section(page, "My cohorts").GetByRole(AriaRole.Region, new() { Name = DemoCohortName })
                    .GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true })).ToBeVisibleAsync();
            }
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("lena@roundtable.local")]
    [InlineData("coach@roundtable.local")]
    public async Task TheKeyboardReachesJoinAndEnterOpensTheLiveRoom(string email)
    {
        var page = await HomeAsync(email, 1280);
        try
        {
            // The first live roundtable listed (other tests keep roundtables of their own live in the demo cohort).
            var join = Section(page, "Live now").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Join ") }).First;
            var title = (await join.TextContentAsync())!["Join ".Length..];
            await TabUntilFocusedAsync(page, join);
            await page.Keyboard.PressAsync("Enter");
            await Expect(Connection(page)).ToHaveTextAsync("Connected");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1, Exact = true })).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AManagerOpensAPersonsPlanFromTheKeyboard()
    {
        var page = await HomeAsync("manager@roundtable.local", 1280);
        try
        {
            var lena = Section(page, "My people").GetByRole(AriaRole.Region, new() { Name = "Lena Learner", Exact = true });
            var plan = lena.GetByRole(AriaRole.Link, new() { Name = "Plan your next discovery call" });
            await Expect(plan).ToBeVisibleAsync();
            // Before My people: the header's links and every live roundtable's Join (the shared demo cohort gathers
            // the other tests' live rooms), so more Tabs than on a fresh server.
            await TabUntilFocusedAsync(page, plan, maxTabs: 80);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan your next discovery call: Lena Learner" })).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
