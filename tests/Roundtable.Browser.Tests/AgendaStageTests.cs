using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>The Agenda and Stage panels, each test in a roundtable of its own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AgendaStageTests(BrowserFixture fixture)
{
    private const string Coach = "coach@roundtable.local";

    private static ILocator Agenda(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Agenda" });

    private static ILocator CurrentItem(IPage page) => Agenda(page).Locator("li[aria-current=step]");

    private static ILocator Countdown(IPage page) => page.GetByRole(AriaRole.Timer, new() { Name = "Time left" });

    private static ILocator Slide(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Current slide" });

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private async Task<(IPage Coach, string Title)> CoachInNewLiveRoomAsync(BrowserNewContextOptions? options = null)
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Agenda", options);
        await RoomUi.OpenTabAsync(coach, "Agenda");
        return (coach, title);
    }

    private static async Task AddTopicAsync(IPage coach, string markdown, string shown)
    {
        await coach.GetByLabel("Topic prompt (Markdown)").FillAsync(markdown);
        await Button(coach, "Add topic").ClickAsync();
        await Expect(Agenda(coach).GetByText(shown)).ToBeVisibleAsync();
    }

    private static async Task AddSlotAsync(IPage coach, string presenter, int minutes)
    {
        var select = coach.GetByLabel("Presenter");
        await Expect(select.Locator("option", new() { HasText = presenter })).ToHaveCountAsync(1);
        await select.SelectOptionAsync(new SelectOptionValue { Label = presenter });
        await coach.GetByLabel("Slot minutes").FillAsync(minutes.ToString());
        await Button(coach, "Add presentation slot").ClickAsync();
        await Expect(Agenda(coach).GetByRole(AriaRole.Listitem).Filter(new() { HasText = presenter })).ToContainTextAsync($"{minutes} min");
    }

    [Fact]
    public async Task CoachAddsATopicAndAPresentationSlotAndAdvancesForEveryone()
    {
        var (coach, title) = await CoachInNewLiveRoomAsync();
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        try
        {
            var topic = $"Warm-up {Token()}";
            await RoomUi.OpenTabAsync(lena, "Agenda");
            await AddTopicAsync(coach, $"**{topic}**: one win this week", topic);
            await AddSlotAsync(coach, "Lena Learner", 3);

            await Expect(Agenda(lena).Locator("strong", new() { HasText = topic })).ToBeVisibleAsync();
            await Expect(Agenda(lena).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
            // Learners see the agenda, not its controls.
            await Expect(Button(lena, "Next item")).ToHaveCountAsync(0);
            await Expect(lena.GetByLabel("Topic prompt (Markdown)")).ToBeHiddenAsync();

            await Button(coach, "Next item").ClickAsync();
            await Expect(CurrentItem(lena)).ToContainTextAsync(topic);
            await Expect(CurrentItem(coach)).ToContainTextAsync(topic);

            await Button(coach, "Next item").ClickAsync();
            await Expect(CurrentItem(lena)).ToContainTextAsync("Lena Learner");
            await Expect(lena.GetByText($"Next on the agenda: Presentation: Lena Learner").First).ToBeAttachedAsync();

            await Button(coach, "Next item").ClickAsync();
            await Expect(CurrentItem(lena)).ToHaveCountAsync(0);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task SlidesMoveInSyncAndALateJoinerLandsOnTheCurrentSlide()
    {
        var (coach, title) = await CoachInNewLiveRoomAsync();
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
        IPage? noor = null;
        try
        {
            await AddSlotAsync(coach, "Lena Learner", 5);
            await Button(coach, "Start presentation: Lena Learner").ClickAsync();
            await Expect(liam.GetByText("Presenting: Lena Learner")).ToBeVisibleAsync();
            await Expect(Countdown(liam)).ToHaveTextAsync(new Regex("^[45]:[0-5][0-9]$"));

            var token = Token();
            await lena.GetByLabel("Outline").FillAsync($"# Intro {token}\n---\n## Findings {token}\n- **one**\n---\n## Next steps {token}");
            await Button(lena, "Share slides").ClickAsync();
            await Expect(Slide(liam).GetByRole(AriaRole.Heading, new() { Name = $"Intro {token}" })).ToBeVisibleAsync();
            // The counter itself: the page's live region announces the same words when the slide changes.
            await Expect(liam.Locator(".slide-counter")).ToHaveTextAsync("Slide 1 of 3");
            // Only the presenter and staff drive the slides.
            await Expect(Button(liam, "Next slide")).ToHaveCountAsync(0);
            await Expect(liam.GetByLabel("Outline")).ToBeHiddenAsync();

            await Button(lena, "Next slide").ClickAsync();
            await Expect(Slide(liam).GetByRole(AriaRole.Heading, new() { Name = $"Findings {token}" })).ToBeVisibleAsync();
            await Expect(liam.Locator(".slide-counter")).ToHaveTextAsync("Slide 2 of 3");
            await Expect(Slide(coach).Locator("strong", new() { HasText = "one" })).ToBeVisibleAsync();

            await Button(coach, "Next slide").ClickAsync();
            await Expect(lena.Locator(".slide-counter")).ToHaveTextAsync("Slide 3 of 3");
            await Button(lena, "Previous slide").ClickAsync();
            await Expect(liam.Locator(".slide-counter")).ToHaveTextAsync("Slide 2 of 3");

            noor = await fixture.OpenRoomAsync("noor@roundtable.local", title);
            await Expect(noor.GetByText("Presenting: Lena Learner")).ToBeVisibleAsync();
            await Expect(Slide(noor).GetByRole(AriaRole.Heading, new() { Name = $"Findings {token}" })).ToBeVisibleAsync();
            await Expect(noor.Locator(".slide-counter")).ToHaveTextAsync("Slide 2 of 3");

            await Button(coach, "End presentation").ClickAsync();
            await Expect(noor.GetByText("Nobody is presenting.")).ToBeVisibleAsync();
            await Expect(Slide(liam)).ToBeHiddenAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
            if (noor is not null)
            {
                await noor.Context.CloseAsync();
            }
        }
    }

    /// <summary>The moment, on the test's clock, that a page counts down to: its remaining time plus when it was read.</summary>
    private static async Task<DateTimeOffset> DeadlineSeenByAsync(IPage page)
    {
        var before = DateTimeOffset.UtcNow;
        var remaining = await Countdown(page).EvaluateAsync<double>("e => Number(e.dataset.endsAt) - Date.now()");
        var after = DateTimeOffset.UtcNow;
        return before + (after - before) / 2 + TimeSpan.FromMilliseconds(remaining);
    }

    private static async Task<int> ShownSecondsAsync(IPage page)
    {
        var text = await Countdown(page).TextContentAsync() ?? "";
        var match = Regex.Match(text, "^(\\d+):(\\d\\d)$");
        Assert.True(match.Success, $"The countdown shows '{text}'.");
        return int.Parse(match.Groups[1].Value) * 60 + int.Parse(match.Groups[2].Value);
    }

    [Fact]
    public async Task TheTimerShowsTheSameTimeLeftInTwoPagesEvenWithASkewedClockAndAfterAReload()
    {
        var (coach, title) = await CoachInNewLiveRoomAsync();
        // Theo's computer clock is three minutes fast: the countdown must follow the server, not it.
        var theoContext = await fixture.SignedInContextAsync("theo@roundtable.local");
        await theoContext.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow.AddMinutes(3) });
        var theo = await theoContext.NewPageAsync();
        try
        {
            var roomId = await fixture.RoomIdAsync(theoContext, title);
            await theo.GotoAsync($"/room.html?id={roomId}");
            await theo.Clock.ResumeAsync();
            await Expect(Connection(theo)).ToHaveTextAsync("Connected");

            await coach.GetByLabel("Timer minutes").FillAsync("10");
            await Button(coach, "Start timer").ClickAsync();
            await Expect(Countdown(theo)).ToHaveTextAsync(new Regex("^(10:00|9:[0-5][0-9])$"));
            await Expect(Countdown(coach)).ToHaveTextAsync(new Regex("^(10:00|9:[0-5][0-9])$"));

            await AssertSameDeadlineAsync(coach, theo);

            await theo.ReloadAsync();
            await Expect(Connection(theo)).ToHaveTextAsync("Connected");
            await Expect(Countdown(theo)).ToHaveTextAsync(new Regex("^9:[0-5][0-9]$"));
            await AssertSameDeadlineAsync(coach, theo);

            await Button(coach, "Extend +1 min").ClickAsync();
            await Expect(Countdown(theo)).ToHaveTextAsync(new Regex("^10:[0-5][0-9]$"));
            await AssertSameDeadlineAsync(coach, theo);

            await Button(coach, "Stop timer").ClickAsync();
            await Expect(Countdown(theo)).ToBeHiddenAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await theoContext.CloseAsync();
        }
    }

    private static async Task AssertSameDeadlineAsync(IPage a, IPage b)
    {
        var deadlineA = await DeadlineSeenByAsync(a);
        var deadlineB = await DeadlineSeenByAsync(b);
        Assert.True((deadlineA - deadlineB).Duration() < TimeSpan.FromSeconds(1), $"The pages count down to {deadlineA:O} and {deadlineB:O}.");
        var shown = await Task.WhenAll(ShownSecondsAsync(a), ShownSecondsAsync(b));
        Assert.True(Math.Abs(shown[0] - shown[1]) <= 1, $"The pages show {shown[0]} s and {shown[1]} s left.");
    }

    [Fact]
    public async Task TheAgendaCanBeBuiltAndRunFromTheKeyboard()
    {
        var (coach, _) = await CoachInNewLiveRoomAsync();
        try
        {
            var first = $"First {Token()}";
            var second = $"Second {Token()}";
            foreach (var text in new[] { first, second })
            {
                await coach.GetByLabel("Topic prompt (Markdown)").FocusAsync();
                await coach.Keyboard.TypeAsync(text);
                await coach.Keyboard.PressAsync("Tab");
                await Expect(Button(coach, "Add topic")).ToBeFocusedAsync();
                await coach.Keyboard.PressAsync("Enter");
                await Expect(Agenda(coach).GetByText(text)).ToBeVisibleAsync();
            }
            await Expect(coach.GetByLabel("Topic prompt (Markdown)")).ToHaveValueAsync("");

            var items = Agenda(coach).GetByRole(AriaRole.Listitem);
            await coach.GetByRole(AriaRole.Button, new() { Name = $"Move down: {first}" }).FocusAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(items.First).ToContainTextAsync(second);
            await Expect(items.Last).ToContainTextAsync(first);
            // The keyboard stays with the moved item.
            await Expect(coach.GetByRole(AriaRole.Button, new() { Name = $"Move up: {first}" })).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Space");
            await Expect(items.First).ToContainTextAsync(first);

            await Button(coach, "Next item").FocusAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(CurrentItem(coach)).ToContainTextAsync(first);

            await coach.GetByLabel("Timer minutes").FocusAsync();
            await coach.Keyboard.PressAsync("Control+A");
            await coach.Keyboard.TypeAsync("2");
            await coach.Keyboard.PressAsync("Tab");
            await Expect(Button(coach, "Start timer")).ToBeFocusedAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(Countdown(coach)).ToHaveTextAsync(new Regex("^(2:00|1:[0-5][0-9])$"));

            await coach.GetByRole(AriaRole.Button, new() { Name = $"Remove: {second}" }).FocusAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(items).ToHaveCountAsync(1);
        }
        finally
        {
            await coach.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task RoomPageWithAgendaAndStageOpenHasNoAxeViolations(int width)
    {
        var options = new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = 800 }, BypassCSP = true };
        var (coach, title) = await CoachInNewLiveRoomAsync(options);
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title, options);
        try
        {
            await AddTopicAsync(coach, "## Check-in\nWhat did you try at work? See [notes](https://example.org).", "Check-in");
            await AddSlotAsync(coach, "Lena Learner", 4);
            await Button(coach, "Next item").ClickAsync();
            await Button(coach, "Start presentation: Lena Learner").ClickAsync();
            await lena.GetByLabel("Outline").FillAsync("# Plan\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted [link](https://example.org)");
            await Button(lena, "Share slides").ClickAsync();
            await Expect(coach.Locator(".slide-counter")).ToHaveTextAsync("Slide 1 of 2");
            await Button(lena, "Next slide").ClickAsync();
            await Expect(coach.Locator(".slide-counter")).ToHaveTextAsync("Slide 2 of 2");
            await Expect(Countdown(coach)).ToBeVisibleAsync();

            await AssertNoViolationsAsync(coach);
            await AssertNoViolationsAsync(lena);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }

    // One axe check for every page test: AccessibilityTests owns it.
    private static Task AssertNoViolationsAsync(IPage page) => AccessibilityTests.AssertNoViolationsAsync(page);
}
