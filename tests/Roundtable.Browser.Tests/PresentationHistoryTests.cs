using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests;

/// <summary>The presenter's history page, after presentations with feedback run over the real hub.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PresentationHistoryTests(BrowserFixture fixture)
{
    /// <summary>One roundtable in which Lena presents and two peers rate her on a fresh two-criterion rubric.</summary>
    private async Task PresentAsync(HttpClient coachHttp, string cohortId, string rubricId, string lenaId, string title, int clarity, string reflection)
    {
        var roomId = await coachHttp.ScheduleAsync(cohortId, title);
        await using var coach = await fixture.Server.JoinAsync("coach@roundtable.local", roomId);
        await using var lena = await fixture.Server.JoinAsync("lena@roundtable.local", roomId);
        await using var liam = await fixture.Server.JoinAsync("liam@roundtable.local", roomId);
        await using var noor = await fixture.Server.JoinAsync("noor@roundtable.local", roomId);
        await coach.InvokeAsync("StartRoundtable", roomId);
        await coach.InvokeAsync("AddPresentationSlot", roomId, lenaId, 5);
        await coach.InvokeAsync("StartPresentation", roomId, "item-1");
        await coach.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-1", rubricId, FeedbackAnonymity.AnonymousToPresenter, null));
        foreach (var (peer, evidence, comment) in new[] { (liam, 3, "Loved the story"), (noor, 4, "More data next time") })
        {
            await peer.InvokeAsync<JsonElement>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-1",
                new() { ["clarity"] = clarity, ["evidence"] = evidence }, new() { ["what-worked"] = comment }));
        }
        await coach.InvokeAsync("CloseFeedback", roomId, "presentation-1");
        await lena.InvokeAsync("WriteReflection", roomId, "presentation-1", reflection);
    }

    [Fact]
    public async Task LenaSeesHerCriteriaOverTimeCommentsWithoutNamesAndHerReflections()
    {
        using var coachHttp = await fixture.Server.HttpAsAsync("coach@roundtable.local");
        var (cohortId, programId) = await coachHttp.DemoCohortAsync();
        var members = await coachHttp.GetFromJsonAsync<JsonElement>($"/api/cohorts/{cohortId}/members");
        var lenaId = members.EnumerateArray().First(m => m.GetProperty("email").GetString() == "lena@roundtable.local").GetProperty("userId").GetString()!;
        var rubricId = await coachHttp.ClarityEvidenceRubricAsync(programId, $"History rubric {BrowserFixture.Token()}");
        var first = $"History one {BrowserFixture.Token()}";
        var second = $"History two {BrowserFixture.Token()}";
        await PresentAsync(coachHttp, cohortId, rubricId, lenaId, first, 2, "I rushed the *opening*.");
        await PresentAsync(coachHttp, cohortId, rubricId, lenaId, second, 4, "Slower opening **worked**.");

        // CSP bypassed only so the accessibility check can inject axe.
        var context = await fixture.SignedInContextAsync("lena@roundtable.local", new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        // By keyboard, from the home page's header.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "My presentations" });
        await BrowserFixture.TabUntilFocusedAsync(page, link);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My presentations", Level = 1 })).ToBeVisibleAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Peer feedback by presentation" });
        var firstRow = table.GetByRole(AriaRole.Row).Filter(new() { HasText = first });
        var secondRow = table.GetByRole(AriaRole.Row).Filter(new() { HasText = second });
        // Clarity then Evidence: 2.0 / 3.5 in the first, 4.0 / 3.5 in the second.
        await Expect(firstRow).ToContainTextAsync("2.0");
        await Expect(firstRow).ToContainTextAsync("3.5");
        await Expect(secondRow).ToContainTextAsync("4.0");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new("Overall peer score over time") })).ToBeVisibleAsync();

        var secondSection = page.GetByRole(AriaRole.Region, new() { NameRegex = new(second) });
        await Expect(secondSection.GetByText("More data next time")).ToBeVisibleAsync();
        await Expect(secondSection.Locator("strong", new() { HasText = "worked" })).ToBeVisibleAsync();
        // Anonymous to the presenter: no peer's name anywhere on her page.
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Liam");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Noor");

        await AccessibilityTests.AssertNoViolationsAsync(page);
        await context.CloseAsync();
    }
}
