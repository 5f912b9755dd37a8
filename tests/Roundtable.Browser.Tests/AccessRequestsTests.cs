using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// A person with no cohort asks to join one from the home page; the cohort's coach answers on the requests page; the
/// person then has the cohort. An admin lets the program accept requests from the same page. All by keyboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessRequestsTests(BrowserFixture fixture)
{
    private sealed record Scene(string ProgramId, string ProgramName, string CohortName, string Coach, string Newcomer, string NewcomerName);

    private async Task<Scene> SceneAsync()
    {
        var token = Token();
        using var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local");
        var programName = $"Open program {token}";
        using var program = await admin.PostAsJsonAsync("/api/programs", new { name = programName, description = "Negotiation for new team leads." });
        program.EnsureSuccessStatusCode();
        var programId = (await program.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var cohortName = $"Open cohort {token}";
        using var cohort = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = cohortName });
        cohort.EnsureSuccessStatusCode();
        var cohortId = (await cohort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var coach = $"coach-{token}@roundtable.local";
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = coach, displayName = $"Coach {token}", password = DemoPassword, isAdmin = false }))
        {
            created.EnsureSuccessStatusCode();
            var coachId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{coachId}", new { role = "Coach" });
            added.EnsureSuccessStatusCode();
        }
        var newcomer = $"newcomer-{token}@roundtable.local";
        var newcomerName = $"Newcomer {token}";
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = newcomer, displayName = newcomerName, password = DemoPassword, isAdmin = false }))
        {
            created.EnsureSuccessStatusCode();
        }
        return new Scene(programId, programName, cohortName, coach, newcomer, newcomerName);
    }

    /// <summary>Other tests' home pages stay as they were: the program stops accepting requests at the end.</summary>
    private async Task CloseAsync(Scene scene)
    {
        using var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local");
        using var closed = await admin.PutAsJsonAsync($"/api/programs/{scene.ProgramId}/access-requests", new { accepting = false });
        closed.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ANewcomerAsksToJoinTheCoachApprovesOnTheRequestsPageAndTheNewcomerSeesTheCohort()
    {
        var scene = await SceneAsync();
        var options = AccessibilityTests.Options(1280);
        var adminContext = await fixture.SignedInContextAsync("admin@roundtable.local", options);
        var newcomerContext = await fixture.SignedInContextAsync(scene.Newcomer, options);
        var coachContext = await fixture.SignedInContextAsync(scene.Coach, options);
        try
        {
            // The admin lets the program accept requests, by keyboard.
            var admin = await adminContext.NewPageAsync();
            await admin.GotoAsync("/access-requests.html");
            var toggle = admin.GetByLabel($"{scene.ProgramName} accepts requests to join");
            await Expect(toggle).Not.ToBeCheckedAsync();
            await TabUntilFocusedAsync(admin, toggle, maxTabs: 200);
            await admin.Keyboard.PressAsync("Space");
            await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{scene.ProgramName} now accepts requests to join.");
            await AccessibilityTests.AssertNoViolationsAsync(admin);

            // The newcomer, in no cohort yet, asks from the home page with a message.
            var newcomer = await newcomerContext.NewPageAsync();
            await newcomer.GotoAsync("/");
            await Expect(newcomer.GetByText("You are not in any cohort yet.")).ToBeVisibleAsync();
            var join = newcomer.GetByRole(AriaRole.Region, new() { Name = "Join a cohort" });
            await Expect(join.GetByRole(AriaRole.Heading, new() { Name = scene.ProgramName })).ToBeVisibleAsync();
            var message = join.GetByLabel($"Message to the coaches of {scene.CohortName} (optional)");
            await TabUntilFocusedAsync(newcomer, message, maxTabs: 60);
            await newcomer.Keyboard.TypeAsync("I lead the <b>support</b> team.");
            await newcomer.Keyboard.PressAsync("Tab");
            await Expect(join.GetByRole(AriaRole.Button, new() { Name = $"Ask to join {scene.CohortName}" })).ToBeFocusedAsync();
            await newcomer.Keyboard.PressAsync("Enter");
            await Expect(join.GetByText("Request sent")).ToBeVisibleAsync();
            await Expect(newcomer.Locator("#join-status")).ToHaveTextAsync($"You asked to join {scene.CohortName}.");
            await AccessibilityTests.AssertNoViolationsAsync(newcomer);

            // The coach is told by email and on the home page, and answers on the requests page.
            await fixture.Smtp.WaitForAsync(m => m.Subject == $"{scene.NewcomerName} asks to join {scene.CohortName}"
                && m.To.Mailboxes.Any(a => a.Address == scene.Coach), "the coach's email about the request");
            var coach = await coachContext.NewPageAsync();
            await coach.GotoAsync("/");
            var waiting = coach.GetByRole(AriaRole.Link, new() { Name = "1 request to join is waiting for an answer" });
            await TabUntilFocusedAsync(coach, waiting, maxTabs: 40);
            await coach.Keyboard.PressAsync("Enter");
            await Expect(coach).ToHaveURLAsync(new Regex("/access-requests\\.html$"));
            var request = coach.GetByRole(AriaRole.Listitem).Filter(new() { Has = coach.GetByRole(AriaRole.Heading, new() { Name = $"{scene.NewcomerName} asks to join {scene.CohortName}" }) });
            // What the person wrote is shown as text, never as markup.
            await Expect(request.GetByText("I lead the <b>support</b> team.")).ToBeVisibleAsync();
            await Expect(request.Locator("b")).ToHaveCountAsync(0);
            await Expect(coach.GetByLabel($"{scene.ProgramName} accepts requests to join")).ToHaveCountAsync(0);
            await AccessibilityTests.AssertNoViolationsAsync(coach);
            var approve = request.GetByRole(AriaRole.Button, new() { Name = $"Approve {scene.NewcomerName}" });
            await TabUntilFocusedAsync(coach, approve, maxTabs: 40);
            await coach.Keyboard.PressAsync("Enter");
            await Expect(coach.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Approved: {scene.NewcomerName} is now a learner of {scene.CohortName}.");
            await Expect(coach.GetByRole(AriaRole.Heading, new() { Name = "Waiting for an answer" })).ToBeFocusedAsync();
            await Expect(coach.GetByText("No requests are waiting.")).ToBeVisibleAsync();

            // The newcomer has the cohort, and hears of it.
            await newcomer.ReloadAsync();
            await Expect(newcomer.GetByRole(AriaRole.Region, new() { Name = "My cohorts" })).ToContainTextAsync(scene.CohortName);
            await Expect(newcomer.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"welcomed you to {Regex.Escape(scene.CohortName)}") })).ToBeVisibleAsync();
            await fixture.Smtp.WaitForAsync(m => m.Subject == $"Welcome to {scene.CohortName}" && m.To.Mailboxes.Any(a => a.Address == scene.Newcomer), "the welcome email");
        }
        finally
        {
            await CloseAsync(scene);
            await adminContext.CloseAsync();
            await newcomerContext.CloseAsync();
            await coachContext.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task TheRequestsPageAndTheJoinSectionHaveNoAxeViolationsAndFitTheWindow(int width)
    {
        var scene = await SceneAsync();
        using (var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local"))
        {
            using var open = await admin.PutAsJsonAsync($"/api/programs/{scene.ProgramId}/access-requests", new { accepting = true });
            open.EnsureSuccessStatusCode();
        }
        var newcomerContext = await fixture.SignedInContextAsync(scene.Newcomer, AccessibilityTests.Options(width));
        var coachContext = await fixture.SignedInContextAsync(scene.Coach, AccessibilityTests.Options(width));
        try
        {
            var newcomer = await newcomerContext.NewPageAsync();
            await newcomer.GotoAsync("/");
            var join = newcomer.GetByRole(AriaRole.Region, new() { Name = "Join a cohort" });
            await join.GetByLabel($"Message to the coaches of {scene.CohortName} (optional)").FillAsync(new string('m', 1000) + "\nA long line without breaks: " + new string('w', 200));
            await join.GetByRole(AriaRole.Button, new() { Name = $"Ask to join {scene.CohortName}" }).ClickAsync();
            await Expect(join.GetByText("Request sent")).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(newcomer);

            var coach = await coachContext.NewPageAsync();
            await coach.GotoAsync("/access-requests.html");
            await Expect(coach.GetByRole(AriaRole.Button, new() { Name = $"Approve {scene.NewcomerName}" })).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(coach);
            foreach (var page in new[] { newcomer, coach })
            {
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
            }
        }
        finally
        {
            await CloseAsync(scene);
            await newcomerContext.CloseAsync();
            await coachContext.CloseAsync();
        }
    }
}
