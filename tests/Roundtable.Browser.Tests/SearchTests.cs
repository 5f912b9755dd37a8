using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The search page: found from the keyboard, found words marked, markup in what is found staying text; what was said in
/// an ended roundtable opens its transcript at the message.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ALearnerSearchesFromTheKeyboardAndSeesFoundWordsMarkedAsText()
    {
        var token = Token();
        string cohortId;
        using (var liam = await fixture.Server.HttpAsAsync("liam@roundtable.local"))
        {
            (cohortId, _) = await liam.DemoCohortAsync();
            using var created = await liam.PostAsJsonAsync($"/api/cohorts/{cohortId}/wiki", new
            {
                title = $"<img src=x onerror=\"window.__pwned=1\"> Objections {token}",
                markdown = $"How to answer price objections{token}: <script>window.__pwned=2</script> listen first.",
            });
            created.EnsureSuccessStatusCode();
        }
        // BypassCSP: axe is injected as a script; without the CSP, no markup in what is found may run all the same.
        var context = await fixture.SignedInContextAsync("lena@roundtable.local", new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/search.html");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search my cohorts’ wikis, discussions and transcripts" });
        await box.FocusAsync();
        await page.Keyboard.TypeAsync($"objections{token}");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#search-status")).ToHaveTextAsync($"1 found for “objections{token}”.");
        var results = page.GetByRole(AriaRole.Region, new() { Name = "Results" });
        var link = results.GetByRole(AriaRole.Link, new() { Name = $"<img src=x onerror=\"window.__pwned=1\"> Objections {token}" });
        await Expect(link).ToBeVisibleAsync();
        await Expect(results.Locator(".search-snippet mark")).ToHaveTextAsync($"objections{token}");
        await Expect(results.Locator(".search-snippet")).ToContainTextAsync("<script>");
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Contains($"q=objections{token}", page.Url);

        await link.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"<img src=x onerror=\"window.__pwned=1\"> Objections {token}");

        // A roundtable of the cohort ends; what Liam said there is found and opens the transcript at his message.
        using (var coachHttp = await fixture.Server.HttpAsAsync("coach@roundtable.local"))
        {
            var roomId = await coachHttp.ScheduleAsync(cohortId, $"Search practice {token}");
            await using var coach = await fixture.Server.JoinAsync("coach@roundtable.local", roomId);
            await coach.InvokeAsync("StartRoundtable", roomId);
            await using var liamInRoom = await fixture.Server.JoinAsync("liam@roundtable.local", roomId);
            await liamInRoom.PostAsync($"Ask about the budget before the demo, heron{token}.");
            await coach.InvokeAsync("EndRoundtable", roomId);
        }
        await page.GotoAsync("/search.html");
        await box.FocusAsync();
        await page.Keyboard.TypeAsync($"budget heron{token}");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#search-status")).ToHaveTextAsync($"1 found for “budget heron{token}”.");
        var said = results.GetByRole(AriaRole.Listitem);
        await Expect(said.Locator(".meta")).ToContainTextAsync("Transcript · ");
        await Expect(said.Locator(".search-snippet mark")).ToHaveTextAsync(["budget", $"heron{token}"]);
        await AccessibilityTests.AssertNoViolationsAsync(page);
        var transcriptLink = said.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Search practice {token} · ") });
        await transcriptLink.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Search practice {token}");
        Assert.Matches("#message-[0-9]+$", page.Url);
        await Expect(page.Locator("li:target")).ToContainTextAsync($"Ask about the budget before the demo, heron{token}.");
        await AccessibilityTests.AssertNoViolationsAsync(page);
        await context.CloseAsync();
    }
}
