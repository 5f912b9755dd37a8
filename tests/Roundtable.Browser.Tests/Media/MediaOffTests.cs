using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests.Media;

/// <summary>A server without a media server (no Media:JanusUrl): the room says so once, calmly, and works as ever.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaOffTests(BrowserFixture fixture)
{
    [Fact]
    public async Task WithoutAMediaServerTheRoomSaysSoOnceAndOffersNoMedia()
    {
        var page = await fixture.OpenRoomAsync("lena@roundtable.local");
        try
        {
            await Expect(page.GetByText("Voice and video are off on this server")).ToHaveCountAsync(1);
            await Expect(page.GetByText("Voice and video are off on this server")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Join audio and video" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Microphone") })).ToBeHiddenAsync();
            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasTextRegex = new(".+") })).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
