using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Every page at phone width (375 px): nothing wider than the window, and the header's Sign out in view.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture fixture)
{
    private const int PhoneWidth = 375;

    /// <summary>Each page with the query it needs, for the demo coach (who may open all of them).</summary>
    private async Task<IReadOnlyList<string>> PagesAsync(IBrowserContext context)
    {
        var home = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
        var cohort = home.GetProperty("cohorts").EnumerateArray()
            .Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == DemoCohortName);
        var cohortId = cohort.GetProperty("id").GetString();
        var programId = cohort.GetProperty("programId").GetString();
        var roomId = await fixture.RoomIdAsync(context, LiveRoomTitle);
        return
        [
            "/", "/plans.html", "/presentations.html", "/profile.html", "/circles.html", "/settings.html",
            $"/dashboard.html?cohort={cohortId}", $"/matching.html?cohort={cohortId}", $"/rubrics.html?program={programId}",
            $"/summary.html?id={roomId}", $"/room.html?id={roomId}", $"/cohort-setup.html?cohort={cohortId}",
            "/access-requests.html", $"/schedule.html?cohort={cohortId}", "/async-presentations.html",
            $"/discussions.html?cohort={cohortId}",
            "/wiki.html", $"/wiki.html?cohort={cohortId}", "/search.html?q=roundtable",
            "/network.html", "/people.html",
        ];
    }

    /// <summary>The elements that stick out past the window's right edge, for the failure message.</summary>
    private const string Overflowing = """
        () => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(0, 8)
          .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} right=${Math.round(e.getBoundingClientRect().right)}`)
        """;

    [Fact]
    public Task EveryPageFitsAPhoneAndKeepsSignOutInReach() => AssertPagesFitAsync("coach@roundtable.local", PagesAsync);

    /// <summary>The admins' own pages: programs, one program's set-up, and a cohort's set-up.</summary>
    [Fact]
    public Task TheAdminsSetUpPagesFitAPhone() => AssertPagesFitAsync("admin@roundtable.local", async context =>
    {
        var home = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
        var cohort = home.GetProperty("cohorts").EnumerateArray().Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == DemoCohortName);
        return ["/programs.html", $"/programs.html?program={cohort.GetProperty("programId").GetString()}", $"/cohort-setup.html?cohort={cohort.GetProperty("id").GetString()}"];
    });

    /// <summary>A discussion thread with a nested reply, a quote, reactions and a long unbroken word.</summary>
    [Fact]
    public Task ADiscussionThreadFitsAPhone() => AssertPagesFitAsync("coach@roundtable.local", async context =>
    {
        var home = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
        var cohortId = home.GetProperty("cohorts").EnumerateArray().Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == DemoCohortName).GetProperty("id").GetString();
        var started = await context.APIRequest.PostAsync($"/api/cohorts/{cohortId}/discussions",
            new() { DataObject = new { title = $"Phone thread {Token()}", markdown = $"A long word: {new string('w', 120)}" } });
        var threadId = (await started.JsonAsync())!.Value.GetProperty("id").GetString();
        var replied = await context.APIRequest.PostAsync($"/api/discussions/{threadId}/replies", new() { DataObject = new { markdown = "A reply" } });
        var replyId = (await replied.JsonAsync())!.Value.GetProperty("posts")[1].GetProperty("id").GetString();
        await context.APIRequest.PostAsync($"/api/discussions/{threadId}/replies",
            new() { DataObject = new { markdown = "Nested", parentPostId = replyId, quotedPostId = threadId } });
        return [$"/discussions.html?thread={threadId}"];
    });

    private async Task AssertPagesFitAsync(string email, Func<IBrowserContext, Task<IReadOnlyList<string>>> pages)
    {
        var context = await fixture.SignedInContextAsync(email, new() { ViewportSize = new() { Width = PhoneWidth, Height = 740 } });
        try
        {
            var page = await context.NewPageAsync();
            var problems = new List<string>();
            foreach (var path in await pages(context))
            {
                await page.GotoAsync(path);
                var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });
                await Expect(signOut).ToBeVisibleAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("", new() { UseInnerText = true });
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (scrollWidth > PhoneWidth)
                {
                    var culprits = await page.EvaluateAsync<JsonElement>(Overflowing);
                    problems.Add($"{path} is {scrollWidth} px wide: {culprits}");
                }
                await Expect(signOut).ToBeInViewportAsync(new() { Ratio = 1 });

                // Reachable from the keyboard as well: Tab from the top of the page gets there.
                await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
                await TabUntilFocusedAsync(page, signOut, maxTabs: 14);
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
