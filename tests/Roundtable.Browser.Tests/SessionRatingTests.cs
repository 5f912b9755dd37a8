using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Rating an ended roundtable: learners who were in it rate it, the coach sees the ratings. Each test in a roundtable of its own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionRatingTests(BrowserFixture fixture)
{
    private const string Lena = "lena@roundtable.local";
    private const string Liam = "liam@roundtable.local";

    private static ILocator RatePanel(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Rate this roundtable", Exact = true });

    private static ILocator RatingsPanel(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Learners' ratings", Exact = true });

    private static ILocator Choice(IPage page, string name) =>
        RatePanel(page).GetByRole(AriaRole.Group, new() { Name = "How was this roundtable?" }).GetByRole(AriaRole.Radio, new() { Name = name, Exact = true });

    private static ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator BackLink(IPage page) => page.GetByRole(AriaRole.Link, new() { Name = "Leave", Exact = true });

    private static BrowserNewContextOptions Options() => AccessibilityTests.Options(1280);

    /// <summary>A new live roundtable with the coach and the given learners in it, ended by the coach once they are all there.</summary>
    private async Task<(IPage Coach, IPage[] Learners, string Title)> EndedRoomAsync(params string[] learners)
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Rating", Options());
        var pages = new List<IPage>();
        foreach (var email in learners)
        {
            pages.Add(await fixture.OpenRoomAsync(email, title, Options()));
        }
        foreach (var page in pages)
        {
            await Expect(RatePanel(page)).ToBeHiddenAsync();
        }
        coach.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await Button(coach.GetByRole(AriaRole.Main), "End roundtable").ClickAsync();
        return (coach, [.. pages], title);
    }

    private static async Task CloseAsync(IEnumerable<IPage> pages)
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task ALearnerRatesTheEndedRoundtableByKeyboardAloneAndTheCoachSeesTheAverage()
    {
        var (coach, learners, title) = await EndedRoomAsync(Lena, Liam);
        var (lena, liam) = (learners[0], learners[1]);
        var pages = new List<IPage> { coach, lena, liam };
        try
        {
            // It appears as the roundtable ends, with nothing chosen.
            await Expect(RatePanel(lena)).ToBeVisibleAsync();
            await Expect(Choice(lena, "4 — Very good")).Not.ToBeCheckedAsync();
            await Expect(RatingsPanel(coach)).ToContainTextAsync("No ratings yet.");

            // Keyboard alone: into the radio group, the arrows choose, on to the comment, then send.
            var token = Token();
            await TabUntilFocusedAsync(lena, Choice(lena, "1 — Poor"));
            for (var i = 0; i < 3; i++)
            {
                await lena.Keyboard.PressAsync("ArrowDown");
            }
            await Expect(Choice(lena, "4 — Very good")).ToBeCheckedAsync();
            await lena.Keyboard.PressAsync("Tab");
            await Expect(RatePanel(lena).GetByLabel("Comment (optional)")).ToBeFocusedAsync();
            await lena.Keyboard.TypeAsync($"A **useful** hour {token}");
            await lena.Keyboard.PressAsync("Tab");
            await Expect(Button(RatePanel(lena), "Send rating")).ToBeFocusedAsync();
            await lena.Keyboard.PressAsync("Enter");
            await Expect(RatePanel(lena).GetByRole(AriaRole.Status)).ToHaveTextAsync("Thanks — you rated it 4 of 5.");

            await Expect(RatingsPanel(coach)).ToContainTextAsync("Average 4.0 of 5 from 1 rating.");
            var lenasRating = RatingsPanel(coach).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Lena Learner" });
            await Expect(lenasRating).ToContainTextAsync("4 of 5");
            await Expect(lenasRating.Locator("strong", new() { HasText = "useful" })).ToBeVisibleAsync();

            await Choice(liam, "2 — Fair").CheckAsync();
            await Button(RatePanel(liam), "Send rating").ClickAsync();
            await Expect(RatingsPanel(coach)).ToContainTextAsync("Average 3.0 of 5 from 2 ratings.");

            // Changing it, still by keyboard: focus waits on "Change rating".
            await Expect(Button(RatePanel(lena), "Change rating")).ToBeFocusedAsync();
            await lena.Keyboard.PressAsync("Enter");
            await Expect(Choice(lena, "4 — Very good")).ToBeFocusedAsync();
            await lena.Keyboard.PressAsync("ArrowDown");
            await TabUntilFocusedAsync(lena, Button(RatePanel(lena), "Update rating"));
            await lena.Keyboard.PressAsync("Enter");
            await Expect(RatePanel(lena).GetByRole(AriaRole.Status)).ToHaveTextAsync("Thanks — you rated it 5 of 5.");
            await Expect(RatingsPanel(coach)).ToContainTextAsync("Average 3.5 of 5 from 2 ratings.");

            // Learners see no one else's rating; the coach's page has no form.
            await Expect(liam.GetByText(token)).ToHaveCountAsync(0);
            await Expect(RatePanel(liam)).Not.ToContainTextAsync("Lena");
            await Expect(RatePanel(coach)).ToHaveCountAsync(0);
            await AccessibilityTests.AssertNoViolationsAsync(lena);
            await AccessibilityTests.AssertNoViolationsAsync(coach);

            // Opening the ended roundtable again: the rating is there, and so is the chance to change it.
            var again = await fixture.OpenRoomAsync(Lena, title, Options());
            pages.Add(again);
            await Expect(RatePanel(again).GetByRole(AriaRole.Status)).ToHaveTextAsync("Thanks — you rated it 5 of 5.");
            await Expect(Button(RatePanel(again), "Change rating")).ToBeVisibleAsync();
        }
        finally
        {
            await CloseAsync(pages);
        }
    }

    [Fact]
    public async Task ALearnerLeavingAnEndedRoundtableUnratedIsAskedOnceAndCanStillLeave()
    {
        var (coach, learners, _) = await EndedRoomAsync(Liam);
        var liam = learners[0];
        try
        {
            await Expect(RatePanel(liam)).ToBeVisibleAsync();
            await BackLink(liam).ClickAsync();
            var reminder = liam.GetByText("Before you go: how was this roundtable?");
            await Expect(reminder).ToBeVisibleAsync();
            await Expect(liam).ToHaveURLAsync(new Regex("/room\\.html"));
            await AccessibilityTests.AssertNoViolationsAsync(liam);

            await Button(liam.GetByRole(AriaRole.Main), "Rate it now").ClickAsync();
            await Expect(Choice(liam, "1 — Poor")).ToBeFocusedAsync();
            await Expect(reminder).ToHaveCountAsync(0);

            // Asked once: the next time the link simply leaves.
            await BackLink(liam).ClickAsync();
            await Expect(liam).ToHaveURLAsync(new Regex("/$"));
        }
        finally
        {
            await CloseAsync([coach, liam]);
        }
    }
}
