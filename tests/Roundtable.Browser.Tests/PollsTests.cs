using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Rating and open-text polls, and results shown as the coach chose, with a coach and two learners in separate browsers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PollsTests(BrowserFixture fixture)
{
    // Bypassing the page's script policy lets the axe check inject its script; the page's own behaviour is the same.
    private static BrowserNewContextOptions Window(int width = 1280) => new() { ViewportSize = new() { Width = width, Height = 900 }, BypassCSP = true };

    private async Task<IPage> OpenAsync(string email, string roomId, int width = 1280)
    {
        var context = await fixture.SignedInContextAsync(email, Window(width));
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/room.html?id={roomId}");
        await Expect(Connection(page)).ToHaveTextAsync("Connected");
        await RoomUi.OpenTabAsync(page, "Polls");
        return page;
    }

    private static ILocator Polls(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Polls" });

    private static ILocator Poll(IPage page, string question) => Polls(page).GetByRole(AriaRole.Article).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = question, Exact = true }) });

    private static async Task OpenPollAsync(IPage coach, string question, string type, string results, string? options = null)
    {
        var form = Polls(coach);
        await form.GetByLabel("Poll question").FillAsync(question);
        await form.GetByLabel("Poll type").SelectOptionAsync(new SelectOptionValue { Label = type });
        if (options is not null)
        {
            await form.GetByLabel("Options").FillAsync(options);
        }
        else
        {
            await Expect(form.GetByLabel("Options")).ToBeHiddenAsync();
        }
        await form.GetByLabel("Show results").SelectOptionAsync(new SelectOptionValue { Label = results });
        await form.GetByRole(AriaRole.Button, new() { Name = "Open poll" }).ClickAsync();
        // Focus goes to the new poll, not to the page.
        await Expect(Poll(coach, question).GetByRole(AriaRole.Heading, new() { Name = question })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task ARatingPollShownWhenClosedKeepsResultsFromLearnersUntilTheCoachClosesIt()
    {
        var (coach, roomId, _) = await fixture.CoachInNewLiveRoomAsync("Rating poll", Window());
        var lena = await OpenAsync("lena@roundtable.local", roomId);
        var liam = await OpenAsync("liam@roundtable.local", roomId);
        try
        {
            await RoomUi.OpenTabAsync(coach, "Polls");
            const string question = "How confident are you now?";
            await OpenPollAsync(coach, question, "Rating scale 1 to 5", "Only when the poll closes");

            var lenaPoll = Poll(lena, question);
            await lenaPoll.GetByRole(AriaRole.Group, new() { Name = question }).GetByLabel("4", new() { Exact = true }).CheckAsync();
            await lenaPoll.GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
            await Expect(lenaPoll.GetByRole(AriaRole.Button, new() { Name = "Change vote" })).ToBeFocusedAsync();
            await Expect(lenaPoll).ToContainTextAsync("Results show when the coach closes the poll.");
            await Expect(Poll(coach, question)).ToContainTextAsync("4: 1 vote (100%)");
            await Expect(Poll(coach, question)).ToContainTextAsync("Average: 4");

            // Keyboard only: Liam picks 2 with the arrow keys and votes with Enter.
            var liamPoll = Poll(liam, question);
            await liamPoll.GetByLabel("1", new() { Exact = true }).FocusAsync();
            await liam.Keyboard.PressAsync("ArrowRight");
            await Expect(liamPoll.GetByLabel("2", new() { Exact = true })).ToBeCheckedAsync();
            await liamPoll.GetByRole(AriaRole.Button, new() { Name = "Vote" }).FocusAsync();
            await liam.Keyboard.PressAsync("Enter");
            await Expect(liamPoll.GetByRole(AriaRole.Button, new() { Name = "Change vote" })).ToBeFocusedAsync();
            await Expect(Poll(coach, question)).ToContainTextAsync("Average: 3");
            await Expect(liamPoll).Not.ToContainTextAsync("Average");
            await Expect(lenaPoll).Not.ToContainTextAsync("vote (");

            await Poll(coach, question).GetByRole(AriaRole.Button, new() { Name = "Close poll" }).ClickAsync();
            await Expect(Poll(coach, question).GetByRole(AriaRole.Heading, new() { Name = "Results" })).ToBeFocusedAsync();
            foreach (var learner in new[] { lenaPoll, liamPoll })
            {
                await Expect(learner).ToContainTextAsync("Average: 3");
                await Expect(learner).ToContainTextAsync("2: 1 vote (50%)");
            }
            await Expect(lenaPoll).ToContainTextAsync("4: 1 vote (50%) (your choice)");
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnOpenTextPollShownAfterVotingListsAnswersAndTopWordsToThoseWhoAnswered()
    {
        var (coach, roomId, _) = await fixture.CoachInNewLiveRoomAsync("Text poll", Window());
        var lena = await OpenAsync("lena@roundtable.local", roomId);
        var liam = await OpenAsync("liam@roundtable.local", roomId);
        try
        {
            await RoomUi.OpenTabAsync(coach, "Polls");
            const string question = "What will you try this week?";
            await OpenPollAsync(coach, question, "Open text", "To each person after they vote");

            var lenaPoll = Poll(lena, question);
            await lenaPoll.GetByLabel("Your answer").FillAsync("Shorter check-ins with the team");
            await lenaPoll.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
            await Expect(lenaPoll.GetByRole(AriaRole.Button, new() { Name = "Change answer" })).ToBeFocusedAsync();
            await Expect(lenaPoll.GetByRole(AriaRole.List, new() { Name = $"Answers: {question}" })).ToContainTextAsync("Shorter check-ins with the team");
            await Expect(Poll(coach, question).GetByRole(AriaRole.List, new() { Name = $"Answers: {question}" })).ToContainTextAsync("Shorter check-ins with the team");

            var liamPoll = Poll(liam, question);
            await Expect(liamPoll).ToContainTextAsync("Results show once you have voted.");
            await Expect(liamPoll).Not.ToContainTextAsync("check-ins");
            await liamPoll.GetByLabel("Your answer").FillAsync("Shorter agendas, TEAM first");
            await liamPoll.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
            var liamWords = liamPoll.GetByRole(AriaRole.List, new() { Name = $"Top words: {question}" });
            await Expect(liamWords.GetByRole(AriaRole.Listitem).First).ToHaveTextAsync("shorter: 2");
            await Expect(liamWords).ToContainTextAsync("team: 2");
            await Expect(liamPoll.GetByRole(AriaRole.List, new() { Name = $"Answers: {question}" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
            // Lena answered first; her page asks for results when a later answer arrives.
            await Expect(lenaPoll.GetByRole(AriaRole.List, new() { Name = $"Answers: {question}" })).ToContainTextAsync("Shorter agendas, TEAM first");
            await Expect(Poll(coach, question)).ToContainTextAsync("2 answers");
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task EachPollTypeOpenHasNoAxeViolations(int width)
    {
        var (coach, roomId, _) = await fixture.CoachInNewLiveRoomAsync("Poll types", Window(width));
        var lena = await OpenAsync("lena@roundtable.local", roomId, width);
        try
        {
            await RoomUi.OpenTabAsync(coach, "Polls");
            await OpenPollAsync(coach, "Which format?", "Choice of options", "Live, as votes come in", "Role play\nCase study");
            await OpenPollAsync(coach, "How useful?", "Rating scale 1 to 5", "To each person after they vote");
            await OpenPollAsync(coach, "One word?", "Open text", "Only when the poll closes");
            await Poll(lena, "How useful?").GetByLabel("5", new() { Exact = true }).CheckAsync();
            await Poll(lena, "How useful?").GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
            await Poll(lena, "One word?").GetByLabel("Your answer").FillAsync("Practical");
            await Poll(lena, "One word?").GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
            await Expect(Poll(lena, "How useful?")).ToContainTextAsync("Average: 5");
            await Expect(Poll(coach, "One word?").GetByRole(AriaRole.List, new() { Name = "Top words: One word?" })).ToContainTextAsync("practical: 1");
            await AccessibilityTests.AssertNoViolationsAsync(coach);
            await AccessibilityTests.AssertNoViolationsAsync(lena);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }
}
