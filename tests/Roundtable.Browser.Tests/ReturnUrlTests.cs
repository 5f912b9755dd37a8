using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>After sign-in the browser goes back where it came from, but only ever to a page of this site.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReturnUrlTests(BrowserFixture fixture)
{
    /// <summary>Query strings as an attacker would write them into a link to the sign-in page.</summary>
    public static TheoryData<string> OffSiteReturnUrls =>
    [
        "/%09/example.invalid/phish",
        "/%0A/example.invalid/phish",
        "//example.invalid/phish",
        "/%5Cexample.invalid/phish",
        "/%5C%5Cexample.invalid/phish",
        "%2F%2Fexample.invalid%2Fphish",
        "https%3A%2F%2Fexample.invalid%2Fphish",
        "javascript%3Aalert(document.cookie)",
        "%20//example.invalid/phish",
    ];

    [Theory]
    [MemberData(nameof(OffSiteReturnUrls))]
    public async Task SignInNeverSendsTheBrowserOffSite(string returnUrl)
    {
        var context = await fixture.NewContextAsync();
        // Anything leaving for another origin is recorded and stopped here, so nothing goes out even on a regression.
        var offSite = new ConcurrentQueue<string>();
        var origin = new Uri(fixture.BaseUrl).GetLeftPart(UriPartial.Authority);
        await context.RouteAsync(url => !url.StartsWith(origin + "/", StringComparison.Ordinal), async route =>
        {
            offSite.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });
        var dialogs = new ConcurrentQueue<string>();
        try
        {
            var page = await context.NewPageAsync();
            page.Dialog += (_, dialog) => { dialogs.Enqueue(dialog.Message); _ = dialog.DismissAsync(); };
            await page.GotoAsync($"/signin.html?returnUrl={returnUrl}");
            await SignInAsync(page);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables" })).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(fixture.BaseUrl);
            Assert.Empty(offSite);
            Assert.Empty(dialogs);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task SignInReturnsToAPageOfThisSiteWithItsQueryAndFragment()
    {
        var context = await fixture.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/signin.html?returnUrl={Uri.EscapeDataString("/presentations.html?view=mine#top")}");
            await SignInAsync(page);

            await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(fixture.BaseUrl)}presentations\\.html\\?view=mine#top$"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GetByLabel("Email").First.FillAsync("liam@roundtable.local");
        await page.GetByLabel("Password").First.FillAsync(DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
