using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>axe-core (from npm) finds no WCAG 2.2 A/AA violations on each page, in a wide and a phone-width window.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    public static TheoryData<int> Widths => [1280, 375];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task SignInPageHasNoAxeViolations(int width)
    {
        var context = await fixture.NewContextAsync(Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/signin.html");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);

            // The error states too.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await page.GetByText("Forgot your password?").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Email me a link" }).ClickAsync();
            await Expect(page.Locator("#forgot-email")).ToHaveAttributeAsync("aria-invalid", "true");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task HomePageHasNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Join {LiveRoomTitle}" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task ScheduleAndSettingsPagesHaveNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            var cohortId = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value.GetProperty("cohorts").EnumerateArray()
                .Select(c => c.GetProperty("cohort")).First(c => c.GetProperty("name").GetString() == DemoCohortName).GetProperty("id").GetString();
            await page.GotoAsync($"/schedule.html?cohort={cohortId}");
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Upcoming" }).GetByRole(AriaRole.Listitem).First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Schedule a roundtable" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
            await page.GotoAsync("/settings.html");
            await Expect(page.GetByLabel("Show times in")).ToBeEnabledAsync();
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task RoomPageHasNoAxeViolations(int width)
    {
        var page = await fixture.OpenRoomAsync("coach@roundtable.local", options: Options(width));
        try
        {
            var text = $"**Welcome** to the [roundtable](https://example.org) `{Token()}`";
            await page.GetByLabel("Message").FillAsync(text);
            await page.GetByLabel("Message").PressAsync("Enter");
            await Expect(ChatLog(page).Locator("strong", new() { HasText = "Welcome" }).Last).ToBeVisibleAsync();
            await page.GetByLabel("Message").FillAsync("Draft with a [link](https://example.org)");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" }).GetByRole(AriaRole.Link)).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task ProgramsPagesHaveNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("admin@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/programs.html");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All programs" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "Customer Discovery Academy" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Template for new cohorts" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add agenda item" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Some of the template needs fixing.");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task CohortSetUpPageHasNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = $"Set up {DemoCohortName}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Members" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);

            // With a preview that has an error in it.
            await page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload
            {
                Name = "people.csv", MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes($"email,name,role,manager_email\nfine-{Token()}@example.org,Fine,learner,\nnot-an-email,Bad,learner,\n"),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("1 of 2 rows have errors");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task RequestsToJoinPageHasNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("admin@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/access-requests.html");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Programs that accept requests" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waiting for an answer" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task InvitationAndPasswordResetPagesHaveNoAxeViolations(int width)
    {
        var context = await fixture.NewContextAsync(Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/reset-password.html?token=any");
            await Expect(page.GetByLabel("Confirm password")).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
            await page.GotoAsync("/invite.html?token=not-a-real-token");
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("This link cannot be used");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task AsyncPresentationsPageHasNoAxeViolations(int width)
    {
        foreach (var email in new[] { "coach@roundtable.local", "lena@roundtable.local" })
        {
            var context = await fixture.SignedInContextAsync(email, Options(width));
            try
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("/async-presentations.html");
                await Expect(page.Locator("#async-status")).Not.ToHaveTextAsync("Loading…");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = email.StartsWith("coach") ? "Open feedback on waiting presentations" : "Submit a presentation" })).ToBeVisibleAsync();
                await AssertNoViolationsAsync(page);
            }
            finally
            {
                await context.CloseAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task DiscussionsPagesHaveNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            var cohortId = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value.GetProperty("cohorts").EnumerateArray()
                .Select(c => c.GetProperty("cohort")).First(c => c.GetProperty("name").GetString() == DemoCohortName).GetProperty("id").GetString();
            var started = await context.APIRequest.PostAsync($"/api/cohorts/{cohortId}/discussions",
                new() { DataObject = new { title = $"Axe thread {Token()}", markdown = "# A heading\n\nSome **text** for @Lena Learner." } });
            var threadId = (await started.JsonAsync())!.Value.GetProperty("id").GetString();
            var replied = await context.APIRequest.PostAsync($"/api/discussions/{threadId}/replies", new() { DataObject = new { markdown = "A reply" } });
            var replyId = (await replied.JsonAsync())!.Value.GetProperty("posts")[1].GetProperty("id").GetString();
            await context.APIRequest.PostAsync($"/api/discussions/{threadId}/replies", new() { DataObject = new { markdown = "Nested", parentPostId = replyId, quotedPostId = replyId } });
            await context.APIRequest.PostAsync($"/api/discussions/{threadId}/posts/{replyId}/reactions", new() { DataObject = new { emoji = "heart" } });
            await page.GotoAsync($"/discussions.html?cohort={cohortId}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Start a thread" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
            await page.GotoAsync($"/discussions.html?thread={threadId}");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Heart, 1" })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task NetworkAndPeoplePagesHaveNoAxeViolations(int width)
    {
        var scene = await NetworkTests.CreateSceneAsync(fixture.Server);
        var context = await fixture.SignedInContextAsync(scene.MeEmail, Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/network.html");
            await Expect(page.Locator("#network-graph")).ToHaveAttributeAsync("data-ready", "true");
            await AssertNoViolationsAsync(page);
            await page.GotoAsync("/people.html");
            await Expect(page.Locator("#people-status")).ToContainTextAsync("found");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task WikiAndSearchPagesHaveNoAxeViolations(int width)
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", Options(width));
        try
        {
            var page = await context.NewPageAsync();
            var cohortId = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value.GetProperty("cohorts").EnumerateArray()
                .Select(c => c.GetProperty("cohort")).First(c => c.GetProperty("name").GetString() == DemoCohortName).GetProperty("id").GetString();
            var token = Token();
            var created = await context.APIRequest.PostAsync($"/api/cohorts/{cohortId}/wiki",
                new() { DataObject = new { title = $"Axe {token}", markdown = $"# Heading\n\nSee [[Missing {token}]] and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |" } });
            Assert.True(created.Ok, $"Creating a page answered {created.Status}.");
            var pageId = (await created.JsonAsync())!.Value.GetProperty("id").GetString();
            var edited = await context.APIRequest.PutAsync($"/api/cohorts/{cohortId}/wiki/{pageId}",
                new() { DataObject = new { baseVersion = 1, markdown = "# Heading\n\nChanged.", summary = "Shorter" } });
            Assert.True(edited.Ok, $"Editing answered {edited.Status}.");
            foreach (var path in new[]
            {
                "/wiki.html", $"/wiki.html?cohort={cohortId}", $"/wiki.html?cohort={cohortId}&page={pageId}&view=history",
                $"/wiki.html?cohort={cohortId}&page={pageId}&view=compare&from=1&to=2", $"/wiki.html?cohort={cohortId}&page={pageId}&version=1",
                $"/wiki.html?cohort={cohortId}&page={pageId}",
            })
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("#wiki-status")).ToBeHiddenAsync();
                await AssertNoViolationsAsync(page);
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" }).Locator("p")).ToHaveTextAsync("Changed.");
            await AssertNoViolationsAsync(page);
            await page.GotoAsync($"/search.html?q=Axe%20{token}");
            await Expect(page.Locator("#search-status")).ToHaveTextAsync($"1 found for “Axe {token}”.");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    internal static BrowserNewContextOptions Options(int width) =>
        // axe is injected as an inline script, which the site's CSP rightly forbids.
        new() { ViewportSize = new() { Width = width, Height = 800 }, BypassCSP = true };

    internal static async Task AssertNoViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = Path.Combine(RepoRoot, "node_modules", "axe-core", "axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => await axe.run(document, { runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa'] })");
        var violations = result.GetProperty("violations");
        if (violations.GetArrayLength() == 0)
        {
            return;
        }
        var report = new StringBuilder($"axe found violations on {page.Url}:\n");
        foreach (var v in violations.EnumerateArray())
        {
            report.Append($"- {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n");
            foreach (var node in v.GetProperty("nodes").EnumerateArray())
            {
                report.Append($"    {node.GetProperty("target")} {node.GetProperty("failureSummary").GetString()?.Replace('\n', ' ')}\n");
            }
        }
        Assert.Fail(report.ToString());
    }
}
