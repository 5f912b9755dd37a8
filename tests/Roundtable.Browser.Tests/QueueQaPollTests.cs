using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>The speaking queue, questions and polls panels, with a coach and learners in separate browser contexts.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class QueueQaPollTests(BrowserFixture fixture)
{
    private const string Coach = "coach@roundtable.local";
    private const string Lena = "lena@roundtable.local";
    private const string Liam = "liam@roundtable.local";
    private const string Noor = "noor@roundtable.local";

    private readonly List<IPage> _pages = [];

    /// <summary>A fresh roundtable in the seeded cohort, so each test starts with an empty queue, no questions and no polls.</summary>
    private async Task<string> NewRoomAsync()
    {
        var admin = await fixture.SignedInContextAsync("admin@roundtable.local");
        try
        {
            var home = (await (await admin.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
            var cohortId = home.GetProperty("cohorts").EnumerateArray()
                .First(c => c.GetProperty("cohort").GetProperty("name").GetString() == "Autumn 2026 cohort")
                .GetProperty("cohort").GetProperty("id").GetString();
            var created = await admin.APIRequest.PostAsync($"/api/cohorts/{cohortId}/roundtables", new()
            {
                DataObject = new { title = $"Queue and polls {Token()}", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 },
            });
            Assert.True(created.Ok, $"Scheduling a roundtable answered {created.Status}.");
            return (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
        }
        finally
        {
            await admin.CloseAsync();
        }
    }

    private async Task<IPage> OpenAsync(string email, string roomId, int width = 1280)
    {
        var context = await fixture.SignedInContextAsync(email, new() { ViewportSize = new() { Width = width, Height = 900 }, BypassCSP = true });
        var page = await context.NewPageAsync();
        _pages.Add(page);
        await page.GotoAsync($"/room.html?id={roomId}");
        await Expect(Connection(page)).ToHaveTextAsync("Connected");
        return page;
    }

    private async Task CloseAllAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private static ILocator Panel(IPage page, string heading) => page.GetByRole(AriaRole.Region, new() { Name = heading });

    private static ILocator Queue(IPage page) => Panel(page, "Speaking queue").GetByRole(AriaRole.List, new() { Name = "Waiting to speak" });

    // The viewer's own control, in the room's header bar.
    private static ILocator HandButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Raise hand", Exact = true })
        .Or(page.GetByRole(AriaRole.Button, new() { Name = "Lower hand", Exact = true }));

    private static ILocator Speaker(IPage page) => Panel(page, "Speaking queue").GetByText(new System.Text.RegularExpressions.Regex("^(Speaking now|Nobody has the floor)"));

    [Fact]
    public async Task LearnersRaiseHandsAndTheCoachGivesTheFloorInQueueOrder()
    {
        var roomId = await NewRoomAsync();
        try
        {
            var coach = await OpenAsync(Coach, roomId);
            var learners = new[] { (await OpenAsync(Lena, roomId), "Lena Learner"), (await OpenAsync(Liam, roomId), "Liam Learner"), (await OpenAsync(Noor, roomId), "Noor Learner") };
            foreach (var page in learners.Select(l => l.Item1).Prepend(coach))
            {
                await RoomUi.OpenTabAsync(page, "People");
            }
            foreach (var (page, name) in learners)
            {
                await HandButton(page).ClickAsync();
                await Expect(HandButton(page)).ToHaveAttributeAsync("aria-pressed", "true");
                await Expect(HandButton(page)).ToHaveTextAsync("Lower hand");
                await Expect(Queue(coach).GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
            }
            await Expect(Queue(coach).GetByRole(AriaRole.Listitem)).ToHaveTextAsync([
                new System.Text.RegularExpressions.Regex("Lena Learner"), new System.Text.RegularExpressions.Regex("Liam Learner"), new System.Text.RegularExpressions.Regex("Noor Learner")]);
            await Expect(Queue(learners[2].Item1).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);

            var next = Panel(coach, "Speaking queue").GetByRole(AriaRole.Button, new() { Name = "Give floor to next" });
            await next.ClickAsync();
            foreach (var (page, _) in learners)
            {
                await Expect(Speaker(page)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Speaking now: Lena Learner"));
            }
            await Expect(Speaker(learners[0].Item1)).ToContainTextAsync("(you)");
            await Expect(HandButton(learners[0].Item1)).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(Queue(coach).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);

            await next.ClickAsync();
            await Expect(Speaker(learners[2].Item1)).ToHaveTextAsync("Speaking now: Liam Learner");

            // Anyone in the queue, not only the next; here the only one left.
            await Panel(coach, "Speaking queue").GetByRole(AriaRole.Button, new() { Name = "Give floor to Noor Learner" }).ClickAsync();
            await Expect(Speaker(learners[0].Item1)).ToHaveTextAsync("Speaking now: Noor Learner");
            await Expect(Panel(learners[0].Item1, "Speaking queue").GetByText("Nobody is waiting to speak.")).ToBeVisibleAsync();

            await Panel(coach, "Speaking queue").GetByRole(AriaRole.Button, new() { Name = "Take back the floor" }).ClickAsync();
            await Expect(Speaker(learners[2].Item1)).ToHaveTextAsync("Nobody has the floor.");
            // Learners get no coach controls.
            await Expect(Panel(learners[1].Item1, "Speaking queue").GetByRole(AriaRole.Button, new() { Name = "Give floor to next" })).ToHaveCountAsync(0);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task AltHRaisesAndLowersTheHandAndIsAnnouncedButTypingHDoesNot()
    {
        var roomId = await NewRoomAsync();
        try
        {
            var coach = await OpenAsync(Coach, roomId);
            var lena = await OpenAsync(Lena, roomId);
            await RoomUi.OpenTabAsync(coach, "People");
            await RoomUi.OpenTabAsync(lena, "People");
            await Expect(Panel(lena, "Speaking queue")).ToContainTextAsync("Alt+H");
            await RoomUi.OpenTabAsync(lena, "Chat");

            var message = lena.GetByLabel("Message");
            await message.FocusAsync();
            await message.PressSequentiallyAsync("hh");
            await Expect(message).ToHaveValueAsync("hh");
            await Expect(HandButton(lena)).ToHaveAttributeAsync("aria-pressed", "false");

            await message.PressAsync("Alt+h");
            await Expect(HandButton(lena)).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(message).ToHaveValueAsync("hh");
            await Expect(lena.Locator("#announcer")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Your hand is raised"));
            await Expect(Queue(coach).GetByText("Lena Learner", new() { Exact = true })).ToBeVisibleAsync();

            await lena.Keyboard.PressAsync("Alt+h");
            await Expect(HandButton(lena)).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(lena.Locator("#announcer")).ToHaveTextAsync("Your hand is lowered.");
            await Expect(Queue(coach)).ToBeHiddenAsync();

            // The button works from the keyboard too.
            await HandButton(lena).FocusAsync();
            await lena.Keyboard.PressAsync("Space");
            await Expect(HandButton(lena)).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(HandButton(lena)).ToBeFocusedAsync();
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task APollsResultsAppearLiveInOtherBrowsersAndCloseForEveryone()
    {
        var roomId = await NewRoomAsync();
        try
        {
            var coach = await OpenAsync(Coach, roomId);
            var lena = await OpenAsync(Lena, roomId);
            var liam = await OpenAsync(Liam, roomId);
            foreach (var page in new[] { coach, lena, liam })
            {
                await RoomUi.OpenTabAsync(page, "Polls");
            }
            await Expect(Panel(lena, "Polls").GetByRole(AriaRole.Button, new() { Name = "Open poll" })).ToHaveCountAsync(0);

            var polls = Panel(coach, "Polls");
            await polls.GetByLabel("Poll question").FillAsync("Which format next week?");
            await polls.GetByLabel("Options").FillAsync("Role play\nCase study\nPanel");
            await polls.GetByRole(AriaRole.Button, new() { Name = "Open poll" }).ClickAsync();

            var lenaVote = Panel(lena, "Polls").GetByRole(AriaRole.Group, new() { Name = "Which format next week?" });
            await lenaVote.GetByLabel("Case study").CheckAsync();
            await Panel(lena, "Polls").GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
            await Expect(Panel(liam, "Polls")).ToContainTextAsync("Case study: 1 vote (100%)");
            await Expect(Panel(coach, "Polls")).ToContainTextAsync("Case study: 1 vote (100%)");
            await Expect(Panel(lena, "Polls")).ToContainTextAsync("(your choice)");

            await Panel(liam, "Polls").GetByRole(AriaRole.Group, new() { Name = "Which format next week?" }).GetByLabel("Role play").CheckAsync();
            await Panel(liam, "Polls").GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
            await Expect(Panel(lena, "Polls")).ToContainTextAsync("Role play: 1 vote (50%)");

            // Lena changes her mind: the vote is replaced, not added.
            await lenaVote.GetByLabel("Role play").CheckAsync();
            await Panel(lena, "Polls").GetByRole(AriaRole.Button, new() { Name = "Change vote" }).ClickAsync();
            await Expect(Panel(coach, "Polls")).ToContainTextAsync("Role play: 2 votes (100%)");
            await Expect(Panel(coach, "Polls")).ToContainTextAsync("Case study: 0 votes (0%)");

            await Panel(coach, "Polls").GetByRole(AriaRole.Button, new() { Name = "Close poll" }).ClickAsync();
            await Expect(Panel(liam, "Polls").GetByText("Closed", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(Panel(liam, "Polls").GetByRole(AriaRole.Group)).ToHaveCountAsync(0);
            await Expect(Panel(liam, "Polls")).ToContainTextAsync("Role play: 2 votes (100%)");

            var transcript = await lena.Context.APIRequest.GetAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
            Assert.Contains("Poll closed: Which format next week? — results: Role play: 2, Case study: 0, Panel: 0", await transcript.TextAsync());
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task AnAnonymousQuestionShowsNoNameToPeersButShowsItToTheCoach()
    {
        var roomId = await NewRoomAsync();
        try
        {
            var coach = await OpenAsync(Coach, roomId);
            var lena = await OpenAsync(Lena, roomId);
            var liam = await OpenAsync(Liam, roomId);
            var text = $"How do I **start** {Token()}";
            foreach (var page in new[] { coach, lena, liam })
            {
                await RoomUi.OpenTabAsync(page, "Q&A");
            }

            var ask = Panel(lena, "Questions");
            await ask.GetByLabel("Your question").FillAsync(text);
            await ask.GetByLabel("Ask anonymously").CheckAsync();
            await ask.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();

            var plain = text.Replace("**", "");
            ILocator Item(IPage page) => Panel(page, "Questions").GetByRole(AriaRole.Listitem).Filter(new() { HasText = plain });
            await Expect(Item(liam)).ToContainTextAsync("Anonymous");
            await Expect(Item(liam).Locator("strong", new() { HasText = "start" })).ToBeVisibleAsync();
            await Expect(Item(lena)).ToContainTextAsync("You asked (anonymous to others)");
            await Expect(Item(coach)).ToContainTextAsync("Lena Learner (anonymous to others)");
            Assert.DoesNotContain("Lena", await Panel(liam, "Questions").InnerTextAsync());

            // After a reload the peer still sees no name (snapshot), the asker still sees it is theirs.
            await liam.ReloadAsync();
            await RoomUi.OpenTabAsync(liam, "Q&A");
            await Expect(Item(liam)).ToContainTextAsync("Anonymous");
            Assert.DoesNotContain("Lena", await Panel(liam, "Questions").InnerTextAsync());
            await lena.ReloadAsync();
            await RoomUi.OpenTabAsync(lena, "Q&A");
            await Expect(Item(lena)).ToContainTextAsync("You asked");

            var upvote = Item(liam).GetByRole(AriaRole.Button, new() { Name = "Upvote" });
            await upvote.ClickAsync();
            await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(Item(coach)).ToContainTextAsync("1 vote");
            await upvote.ClickAsync();
            await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(Item(coach)).ToContainTextAsync("0 votes");

            await Item(coach).GetByRole(AriaRole.Button, new() { Name = "Mark answered" }).ClickAsync();
            await Expect(Item(liam)).ToContainTextAsync("Answered");
            await Item(coach).GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
            await Expect(Item(liam)).ToHaveCountAsync(0);
            await Expect(Item(coach)).ToContainTextAsync("Dismissed");
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task RoomPageWithQueueQuestionsAndPollsHasNoAxeViolations(int width)
    {
        var roomId = await NewRoomAsync();
        try
        {
            var coach = await OpenAsync(Coach, roomId, width);
            var lena = await OpenAsync(Lena, roomId, width);
            await HandButton(lena).ClickAsync();
            await RoomUi.OpenTabAsync(lena, "Q&A");
            await RoomUi.OpenTabAsync(coach, "Polls");
            await Panel(lena, "Questions").GetByLabel("Your question").FillAsync("A question with `code`?");
            await Panel(lena, "Questions").GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
            var polls = Panel(coach, "Polls");
            await polls.GetByLabel("Poll question").FillAsync("Ready?");
            await polls.GetByLabel("Options").FillAsync("Yes\nNo");
            await polls.GetByLabel("Several answers allowed").CheckAsync();
            await polls.GetByRole(AriaRole.Button, new() { Name = "Open poll" }).ClickAsync();
            await RoomUi.OpenTabAsync(lena, "Polls");
            await Panel(lena, "Polls").GetByLabel("Yes").CheckAsync();
            await Panel(lena, "Polls").GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();

            await Expect(Panel(coach, "Polls")).ToContainTextAsync("Yes: 1 vote");
            await RoomUi.OpenTabAsync(coach, "People");
            await Expect(Queue(coach).GetByText("Lena Learner", new() { Exact = true })).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "Q&A");
            await Expect(Panel(coach, "Questions").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
            await Expect(Panel(lena, "Polls")).ToContainTextAsync("(your choice)");
            await AssertNoViolationsAsync(coach);
            await AssertNoViolationsAsync(lena);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    // One axe check for every page test: AccessibilityTests owns it.
    private static Task AssertNoViolationsAsync(IPage page) => AccessibilityTests.AssertNoViolationsAsync(page);
}
