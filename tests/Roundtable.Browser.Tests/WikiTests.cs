using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// A cohort's wiki in the browser, in the demo cohort with pages named by a token of each test's own: writing a page,
/// following a [[link]] to write the page it names, editing, history, comparing, reverting, a conflict, publishing a
/// roundtable's notes from its summary, and markup typed into titles and text staying text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WikiTests(BrowserFixture fixture)
{
    private const string Learner = "lena@roundtable.local";

    private async Task<IPage> PageAsAsync(string email, string path, List<string>? alerts = null)
    {
        var context = await fixture.SignedInContextAsync(email, new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) =>
        {
            if (dialog.Type == "confirm")
            {
                await dialog.AcceptAsync();
                return;
            }
            alerts?.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        await page.GotoAsync(path);
        await Expect(page.Locator("#wiki-status")).ToBeHiddenAsync();
        return page;
    }

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    private async Task<string> DemoCohortIdAsync()
    {
        using var lena = await fixture.Server.HttpAsAsync(Learner);
        return (await lena.DemoCohortAsync()).CohortId;
    }

    /// <summary>Writes a page over HTTP; its id.</summary>
    private async Task<string> CreatePageAsync(string email, string cohortId, string title, string markdown)
    {
        using var client = await fixture.Server.HttpAsAsync(email);
        using var created = await client.PostAsJsonAsync($"/api/cohorts/{cohortId}/wiki", new { title, markdown });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task ALearnerWritesAPageFollowsItsLinkToWriteAnotherThenEditsComparesAndReverts()
    {
        var token = Token();
        var page = await PageAsAsync(Learner, "/wiki.html");
        await page.GetByRole(AriaRole.Link, new() { Name = DemoCohortName, Exact = true }).ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync($"Wiki: {DemoCohortName}");

        await page.GetByLabel("Title", new() { Exact = true }).FillAsync($"Home {token}");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync($"Start **here**.\nSee [[Norms {token}]].");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" }).Locator("strong")).ToHaveTextAsync("here");
        await Button(page, "Create page").ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync($"Home {token}");

        // The link names a page not written yet; followed from the keyboard, it opens the new page's form with its title.
        var missing = page.GetByRole(AriaRole.Link, new() { Name = $"Norms {token} (not written yet)" });
        await Expect(missing).ToHaveClassAsync(new Regex("wiki-link-missing"));
        await missing.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync($"Norms {token}");
        await Expect(page.GetByLabel("Text", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Be kind.");
        await Button(page, "Create page").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Heading(page)).ToHaveTextAsync($"Norms {token}");
        var backlinks = page.GetByRole(AriaRole.Region, new() { Name = "Pages that link here" });
        await backlinks.GetByRole(AriaRole.Link, new() { Name = $"Home {token}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Norms {token}", Exact = true })).ToHaveClassAsync("wiki-link");

        // Edit: a new version.
        await Button(page, "Edit").ClickAsync();
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync($"Start **here**.\nSee [[Norms {token}]].\nA new line.");
        await page.GetByLabel("What changed (optional)").FillAsync("Added a line");
        await Button(page, "Save").ClickAsync();
        await Expect(page.Locator("#wiki-status")).ToHaveTextAsync("Saved as version 2.");
        await Expect(page.Locator(".wiki-body")).ToContainTextAsync("A new line.");

        // History, then compare versions 1 and 2: the added line is marked in words, not only in colour.
        await page.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();
        var versions = page.GetByRole(AriaRole.Table, new() { Name = $"Versions of “Home {token}”, newest first" });
        await Expect(versions.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(versions).ToContainTextAsync("Added a line");
        await Button(page, "Compare").ClickAsync();
        var changes = page.GetByRole(AriaRole.Table, new() { Name = "Changes from version 1 to version 2" });
        await Expect(changes.GetByRole(AriaRole.Row).Filter(new() { HasText = "A new line." })).ToContainTextAsync("+ Added");
        await Expect(page.GetByText("1 line added, 0 lines removed.")).ToBeVisibleAsync();

        // Revert to version 1, confirmed: version 3 has version 1's text.
        await page.GetByRole(AriaRole.Link, new() { Name = $"History of “Home {token}”" }).ClickAsync();
        await Button(page, "Revert to version 1").ClickAsync();
        await Expect(page.Locator("#wiki-status")).ToHaveTextAsync("Reverted to version 1: the page is now at version 3.");
        await Expect(page.Locator(".wiki-body")).Not.ToContainTextAsync("A new line.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnEditSavedFromAnOlderVersionShowsThePageAsItNowIsAndKeepsTheText()
    {
        var token = Token();
        var cohortId = await DemoCohortIdAsync();
        var pageId = await CreatePageAsync(Learner, cohortId, $"Shared {token}", "first");
        var page = await PageAsAsync(Learner, $"/wiki.html?cohort={cohortId}&page={pageId}");
        await Button(page, "Edit").ClickAsync();
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("mine");
        using (var liam = await fixture.Server.HttpAsAsync("liam@roundtable.local"))
        {
            using var saved = await liam.PutAsJsonAsync($"/api/cohorts/{cohortId}/wiki/{pageId}", new { baseVersion = 1, markdown = "theirs" });
            saved.EnsureSuccessStatusCode();
        }
        await Button(page, "Save").ClickAsync();
        var conflict = page.Locator(".wiki-conflict");
        await Expect(conflict).ToContainTextAsync("since you opened it");
        await Expect(page.GetByLabel("The page as it is now, version 2")).ToHaveTextAsync("theirs");
        await Expect(page.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("mine");
        // Saving again, knowingly, over version 2.
        await Button(page, "Save").ClickAsync();
        await Expect(page.Locator("#wiki-status")).ToHaveTextAsync("Saved as version 3.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCoachPublishesARoundtablesNotesFromItsSummary()
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var (roomId, title) = await fixture.ScheduleRoomAsync(context, "Wiki notes");
        await using (var coach = await fixture.Server.JoinAsync("coach@roundtable.local", roomId))
        {
            await coach.Connection.InvokeAsync<JsonElement>("EditSharedNote", roomId, 0L, "# Takeaways\n- Ask open questions");
        }
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/summary.html?id={roomId}");
        await Button(page, "Publish notes to the wiki").ClickAsync();
        var published = page.Locator(".publish-outcome").GetByRole(AriaRole.Link);
        await Expect(published).ToHaveTextAsync(new Regex($"^{Regex.Escape(title)} \\("));
        await published.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync(new Regex($"^{Regex.Escape(title)} \\("));
        await Expect(page.Locator(".wiki-body li")).ToHaveTextAsync("Ask open questions");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToHaveAttributeAsync("href", $"/summary.html?id={roomId}");
        await context.CloseAsync();
    }

    [Fact]
    public async Task MarkupInTitlesAndTextStaysText()
    {
        var token = Token();
        var cohortId = await DemoCohortIdAsync();
        var title = $"<img src=x onerror=\"window.__pwned=1\"> {token}";
        var pageId = await CreatePageAsync(Learner, cohortId, title,
            "<script>window.__pwned=2</script>\n\n[[<img src=y onerror=\"window.__pwned=3\">]] [x](javascript:window.__pwned=4) **bold**");
        using (var lena = await fixture.Server.HttpAsAsync(Learner))
        {
            using var edited = await lena.PutAsJsonAsync($"/api/cohorts/{cohortId}/wiki/{pageId}",
                new { baseVersion = 1, markdown = "<svg onload=\"window.__pwned=5\"></svg>", summary = "<img src=z onerror=\"window.__pwned=6\">" });
            edited.EnsureSuccessStatusCode();
        }
        var alerts = new List<string>();
        var page = await PageAsAsync(Learner, $"/wiki.html?cohort={cohortId}", alerts);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToBeVisibleAsync();
        foreach (var path in new[]
        {
            $"/wiki.html?cohort={cohortId}&page={pageId}&version=1",
            $"/wiki.html?cohort={cohortId}&page={pageId}&view=history",
            $"/wiki.html?cohort={cohortId}&page={pageId}&view=compare&from=1&to=2",
            $"/wiki.html?cohort={cohortId}&page={pageId}",
        })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("#wiki-status")).ToBeHiddenAsync();
            await Expect(Heading(page)).ToContainTextAsync(token);
            Assert.Equal(0, await page.Locator("main img, main script, main svg, main [onerror], main [onload]").CountAsync());
            Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        }
        await Expect(Heading(page)).ToHaveTextAsync(title);
        Assert.Empty(alerts);
        await page.Context.CloseAsync();
    }
}
