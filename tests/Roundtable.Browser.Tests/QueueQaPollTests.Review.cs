using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>The Q&amp;A review queue: a coach, the learner who asks, and another learner who must not see it before approval.</summary>
public sealed partial class QueueQaPollTests
{
    private static ILocator ReviewList(IPage page) => Panel(page, "Questions").GetByRole(AriaRole.List, new() { Name = "Waiting for review" });

    private static ILocator AttentionQuestions(IPage page, int count) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Needs your attention" }).GetByRole(AriaRole.Button, new() { Name = $"Questions ({count})" });

    private static async Task AskAsync(IPage page, string text)
    {
        var ask = Panel(page, "Questions");
        await ask.GetByLabel("Your question").FillAsync(text);
        await ask.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(ask.GetByLabel("Your question")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task WithReviewOnALearnersQuestionReachesTheRoomOnlyOnceTheCoachApprovesIt()
    {
        var roomId = await NewRoomAsync();
        try
        {
            var coach = await OpenAsync(Coach, roomId);
            var lena = await OpenAsync(Lena, roomId);
            var liam = await OpenAsync(Liam, roomId);
            foreach (var page in new[] { coach, lena, liam })
            {
                await RoomUi.OpenTabAsync(page, "Q&A");
            }
            var first = $"Is the deadline moving {Token()}";
            var second = $"Can we skip the quiz {Token()}";

            await Panel(coach, "Questions").GetByLabel("Review questions before the room sees them").CheckAsync();
            await Expect(Panel(lena, "Questions")).ToContainTextAsync("The coach reviews new questions before the room sees them.");
            await Expect(Panel(coach, "Questions").GetByText("No questions are waiting.")).ToBeVisibleAsync();
            // Learners get no review controls.
            await Expect(Panel(liam, "Questions").GetByLabel("Review questions before the room sees them")).ToBeHiddenAsync();

            await AskAsync(lena, first);
            await AskAsync(lena, second);
            ILocator Item(IPage page, string text) => Panel(page, "Questions").GetByRole(AriaRole.Listitem).Filter(new() { HasText = text });
            await Expect(ReviewList(coach).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
            await Expect(Item(lena, first)).ToContainTextAsync("Waiting for review");
            await Expect(Item(lena, second)).ToContainTextAsync("Waiting for review");
            await Expect(Item(lena, first).GetByRole(AriaRole.Button, new() { Name = "Upvote" })).ToHaveCountAsync(0);
            await Expect(AttentionQuestions(coach, 2)).ToBeVisibleAsync();

            // The other learner sees neither, live or after a reload.
            await Expect(Panel(liam, "Questions").GetByText("No questions yet.")).ToBeVisibleAsync();
            Assert.DoesNotContain("deadline", await liam.ContentAsync());
            await liam.ReloadAsync();
            await Expect(Connection(liam)).ToHaveTextAsync("Connected");
            await RoomUi.OpenTabAsync(liam, "Q&A");
            await Expect(Panel(liam, "Questions").GetByText("No questions yet.")).ToBeVisibleAsync();
            Assert.DoesNotContain("deadline", await liam.ContentAsync());

            await AssertNoViolationsAsync(coach);
            await AssertNoViolationsAsync(lena);

            // Approve with the keyboard: the question goes to the room and focus moves to the next one's Approve.
            var approveFirst = Item(coach, first).GetByRole(AriaRole.Button, new() { Name = "Approve" });
            await approveFirst.FocusAsync();
            await coach.Keyboard.PressAsync("Enter");
            await Expect(Item(liam, first)).ToBeVisibleAsync();
            await Expect(Item(liam, first)).ToContainTextAsync("Lena Learner");
            await Expect(ReviewList(coach).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
            await Expect(ReviewList(coach).GetByRole(AriaRole.Listitem).Filter(new() { HasText = second })
                .GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeFocusedAsync();
            await Expect(Item(lena, first)).Not.ToContainTextAsync("Waiting for review");
            await Expect(Item(coach, first).GetByRole(AriaRole.Button, new() { Name = "Mark answered" })).ToBeVisibleAsync();
            await Expect(AttentionQuestions(coach, 2)).ToBeVisibleAsync();

            // Dismissing the last waiting one: it never reaches the room, the asker no longer sees it, focus stays in the list's place.
            await ReviewList(coach).GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
            await Expect(Panel(coach, "Questions").GetByText("No questions are waiting.")).ToBeVisibleAsync();
            await Expect(Panel(coach, "Questions").GetByRole(AriaRole.Heading, new() { Name = "Waiting for review" })).ToBeFocusedAsync();
            await Expect(Item(lena, second)).ToHaveCountAsync(0);
            await Expect(AttentionQuestions(coach, 1)).ToBeVisibleAsync();
            Assert.DoesNotContain("skip the quiz", await liam.ContentAsync());
            await Expect(Item(liam, first).GetByRole(AriaRole.Button, new() { Name = "Upvote" })).ToBeVisibleAsync();
        }
        finally
        {
            await CloseAllAsync();
        }
    }
}
