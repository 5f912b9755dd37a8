using Microsoft.Playwright;
namespace Roundtable.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ZzTour(BrowserFixture fixture)
{
    [Fact]
    public async Task Tour()
    {
        foreach (var (email, who) in new[] { ("lena@roundtable.local", "lena"), ("coach@roundtable.local", "coach") })
        {
            foreach (var width in new[] { 375, 1280 })
            {
                var context = await fixture.SignedInContextAsync(email, new() { ViewportSize = new() { Width = width, Height = 900 } });
                var page = await context.NewPageAsync();
                var roomId = await fixture.RoomIdAsync(context, BrowserFixture.LiveRoomTitle);
                string[] pages = ["/", "/presentations.html", "/async-presentations.html", "/dashboard.html", "/discussions.html", "/wiki.html", "/network.html", "/people.html", "/plans.html", "/schedule.html", "/settings.html", "/circles.html", "/matching.html", "/search.html?q=pricing", $"/room.html?id={roomId}", $"/room.html?id={roomId}&replay", $"/summary.html?id={roomId}"];
                var i = 0;
                foreach (var path in pages)
                {
                    await page.GotoAsync(path);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 15000 }).ContinueWith(_ => { });
                    await page.ScreenshotAsync(new() { Path = $"/tmp/shots/{who}-{width}-{i++:00}.png", FullPage = width == 1280 });
                }
                await context.CloseAsync();
            }
        }
    }
}
