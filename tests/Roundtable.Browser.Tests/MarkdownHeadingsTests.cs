using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Headings people write in Markdown (a topic, slides, chat) sit below the panel's heading and skip no level.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MarkdownHeadingsTests(BrowserFixture fixture)
{
    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task ABigHeadingInATopicASlideAndAMessageAddsNoPageLevelHeading()
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Headings", AccessibilityTests.Options(1280));
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title, AccessibilityTests.Options(1280));
        try
        {
            var token = Token();
            await RoomUi.OpenTabAsync(coach, "Agenda");
            await coach.GetByLabel("Topic prompt (Markdown)").FillAsync($"# Big topic {token}\n\n### Deep {token}");
            await Button(coach, "Add topic").ClickAsync();
            var select = coach.GetByLabel("Presenter");
            await Expect(select.Locator("option", new() { HasText = "Lena Learner" })).ToHaveCountAsync(1);
            await select.SelectOptionAsync(new SelectOptionValue { Label = "Lena Learner" });
            await coach.GetByLabel("Slot minutes").FillAsync("5");
            await Button(coach, "Add presentation slot").ClickAsync();
            await Expect(coach.GetByRole(AriaRole.Heading, new() { Name = $"Big topic {token}", Level = 3 })).ToBeVisibleAsync();
            await Expect(coach.GetByRole(AriaRole.Heading, new() { Name = $"Deep {token}", Level = 4 })).ToBeVisibleAsync();

            await Button(coach, "Start presentation: Lena Learner").ClickAsync();
            await lena.GetByLabel("Outline").FillAsync($"# Big slide {token}\n\n#### Detail {token}");
            await Button(lena, "Share slides").ClickAsync();
            var slide = coach.GetByRole(AriaRole.Region, new() { Name = "Current slide" });
            await Expect(slide.GetByRole(AriaRole.Heading, new() { Name = $"Big slide {token}", Level = 3 })).ToBeVisibleAsync();
            await Expect(slide.GetByRole(AriaRole.Heading, new() { Name = $"Detail {token}", Level = 4 })).ToBeVisibleAsync();

            await RoomUi.OpenTabAsync(lena, "Chat");
            await lena.GetByLabel("Message").FillAsync($"# Big message {token}");
            await lena.GetByLabel("Message").PressAsync("Enter");
            await Expect(ChatLog(lena).GetByRole(AriaRole.Heading, new() { Name = $"Big message {token}", Level = 3 })).ToBeVisibleAsync();

            await MarkdownHeadings.AssertHeadingOrderAsync(coach);
            await MarkdownHeadings.AssertHeadingOrderAsync(lena);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }
}
