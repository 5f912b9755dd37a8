using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// Planning exercises in the browser, on a cohort of the test's own (a coach, a learner and the learner's manager, who
/// is not in the cohort): the coach assigns, the learner plans, the manager hears of it live on the home page and asks
/// for a revision, the learner revises and reflects, the manager reviews, and the coach's table shows each status.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlansTests(BrowserFixture fixture)
{
    private sealed record Cast(string CohortName, string Coach, string Learner, string LearnerName, string Manager);

    private async Task<Cast> CastAsync()
    {
        var token = Token();
        using var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local");
        var (_, programId) = await admin.DemoCohortAsync();
        var cohortName = $"Plans cohort {token}";
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = cohortName });
        created.EnsureSuccessStatusCode();
        var cohortId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        async Task<string> UserAsync(string mailbox, string name, string? role)
        {
            var email = $"{mailbox}-{token}@roundtable.local";
            using var user = await admin.PostAsJsonAsync("/api/users", new { email, displayName = name, password = DemoPassword, isAdmin = false });
            user.EnsureSuccessStatusCode();
            var id = (await user.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            if (role is not null)
            {
                using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{id}", new { role });
                added.EnsureSuccessStatusCode();
            }
            return email;
        }
        var coach = await UserAsync("coach", $"Coach {token}", "Coach");
        var learnerName = $"Learner {token}";
        var learner = await UserAsync("learner", learnerName, "Learner");
        var manager = await UserAsync("manager", $"Manager {token}", null);
        var ids = new Dictionary<string, string>();
        foreach (var email in new[] { learner, manager })
        {
            using var client = await fixture.Server.HttpAsAsync(email);
            ids[email] = (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
        }
        using var set = await admin.PutAsJsonAsync($"/api/users/{ids[learner]}/manager", new { managerId = ids[manager] });
        set.EnsureSuccessStatusCode();
        return new Cast(cohortName, coach, learner, learnerName, manager);
    }

    private async Task<IPage> PageAsAsync(string email, string path)
    {
        var context = await fixture.SignedInContextAsync(email, new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator("#plans-status, #home-status").First).Not.ToHaveTextAsync("Loading…");
        return page;
    }

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator Status(IPage page) => page.Locator("#plans-status");

    private static string DueInAWeek() => DateTime.Now.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task AssignAsync(IPage coach, Cast cast, string title)
    {
        await coach.GetByLabel("Cohort", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = cast.CohortName });
        await coach.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await coach.GetByLabel("Prompt (Markdown)").FillAsync("Plan your next **customer discovery call** using today's model.");
        await Expect(coach.GetByRole(AriaRole.Region, new() { Name = "Preview of the prompt" }).Locator("strong")).ToHaveTextAsync("customer discovery call");
        await coach.GetByLabel("Due", new() { Exact = true }).FillAsync(DueInAWeek());
        await coach.GetByLabel("Chosen learners").CheckAsync();
        await coach.GetByRole(AriaRole.Group, new() { Name = "Assign to" }).GetByLabel(cast.LearnerName).CheckAsync();
        await Button(coach, "Assign exercise").ClickAsync();
        await Expect(Status(coach)).ToHaveTextAsync($"Assigned “{title}” to 1 learner.");
    }

    private static async Task ExpectCoachSeesAsync(IPage coach, string title, string learnerName, string status)
    {
        await coach.ReloadAsync();
        var table = coach.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^" + Regex.Escape(title) + " ") });
        var row = table.GetByRole(AriaRole.Row).Filter(new() { Has = coach.GetByRole(AriaRole.Rowheader, new() { Name = learnerName }) });
        await Expect(row.GetByRole(AriaRole.Cell).First).ToHaveTextAsync(status);
    }

    private static async Task SaveAsync(IPage page, string label, string markdown, string button, string status)
    {
        await page.GetByLabel(label, new() { Exact = true }).FillAsync(markdown);
        await Button(page, button).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync($"{label} saved. Status: {status}.");
    }

    [Fact]
    public async Task AnExerciseGoesFromAssignedThroughARevisionToReviewedWithTheManagerNotifiedLive()
    {
        var cast = await CastAsync();
        var title = $"Discovery call {Token()}";
        var coach = await PageAsAsync(cast.Coach, "/plans.html");
        await AssignAsync(coach, cast, title);
        await ExpectCoachSeesAsync(coach, title, cast.LearnerName, "Not started");
        await AccessibilityTests.AssertNoViolationsAsync(coach);

        // The manager waits on the home page.
        var manager = await PageAsAsync(cast.Manager, "/");
        await Expect(manager.Locator("#notifications-count")).ToHaveTextAsync("No unread notifications.");

        // The learner writes the plan, with a live preview.
        var learner = await PageAsAsync(cast.Learner, "/plans.html");
        await learner.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(learner.GetByRole(AriaRole.Heading, new() { Name = $"{title}: {cast.LearnerName}", Level = 2 })).ToBeFocusedAsync();
        await learner.GetByLabel("Plan", new() { Exact = true }).FillAsync("Call **Jonas** on Tuesday.");
        await Expect(learner.GetByRole(AriaRole.Region, new() { Name = "Preview of the plan" }).Locator("strong")).ToHaveTextAsync("Jonas");
        await Button(learner, "Save plan").ClickAsync();
        await Expect(Status(learner)).ToHaveTextAsync("Plan saved. Status: Planned.");
        await AccessibilityTests.AssertNoViolationsAsync(learner);

        // It arrives live on the manager's home page, announced.
        var notice = manager.GetByRole(AriaRole.Link, new() { Name = $"{cast.LearnerName} wrote a plan for “{title}”." });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(manager.Locator("#notifications-live")).ToHaveTextAsync($"New notification: {cast.LearnerName} wrote a plan for “{title}”.");
        await Expect(manager.Locator("#notifications-count")).ToHaveTextAsync("1 unread notification.");
        await AccessibilityTests.AssertNoViolationsAsync(manager);

        // The manager asks for a revision.
        await notice.ClickAsync();
        await Expect(manager.GetByText("Call Jonas on Tuesday.").First).ToBeVisibleAsync();
        await manager.GetByLabel("Ask for a revision").CheckAsync();
        await SaveAsync(manager, "Feedback", "Say what you will ask *first*.", "Send feedback", "Revision requested");
        await ExpectCoachSeesAsync(coach, title, cast.LearnerName, "Revision requested");

        // The learner revises, then reflects.
        await learner.ReloadAsync();
        await Expect(learner.GetByText("Say what you will ask first.").First).ToBeVisibleAsync();
        await SaveAsync(learner, "Plan", "Call **Jonas** on Tuesday; open with his worst week.", "Save plan", "Planned");
        await ExpectCoachSeesAsync(coach, title, cast.LearnerName, "Planned");
        await SaveAsync(learner, "Reflection", "He talked about late changes for 20 minutes.", "Save reflection", "Done");
        await ExpectCoachSeesAsync(coach, title, cast.LearnerName, "Done");

        // The manager reviews.
        await manager.ReloadAsync();
        await SaveAsync(manager, "Feedback", "Good call.", "Send feedback", "Reviewed");
        await ExpectCoachSeesAsync(coach, title, cast.LearnerName, "Reviewed");

        // Every version is kept and readable.
        await learner.ReloadAsync();
        var history = learner.Locator(".plan-history");
        await Expect(history.Locator("summary")).ToHaveCountAsync(5);
        await history.Locator("summary").Filter(new() { HasText = "Plan, version 1" }).ClickAsync();
        await Expect(history.GetByText("Call Jonas on Tuesday.", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ALearnerWritesAndSavesAPlanWithTheKeyboardOnlyAndTheManagerMarksTheNoticeRead()
    {
        var cast = await CastAsync();
        var title = $"Keyboard plan {Token()}";
        var coach = await PageAsAsync(cast.Coach, "/plans.html");
        await AssignAsync(coach, cast, title);

        var learner = await PageAsAsync(cast.Learner, "/plans.html");
        var link = learner.GetByRole(AriaRole.Link, new() { Name = title });
        await TabUntilFocusedAsync(learner, link);
        await learner.Keyboard.PressAsync("Enter");
        var plan = learner.GetByLabel("Plan", new() { Exact = true });
        await Expect(learner.GetByRole(AriaRole.Heading, new() { Name = $"{title}: {cast.LearnerName}", Level = 2 })).ToBeFocusedAsync();
        await TabUntilFocusedAsync(learner, plan);
        await learner.Keyboard.TypeAsync("Ask three open questions.");
        await TabUntilFocusedAsync(learner, Button(learner, "Save plan"));
        await learner.Keyboard.PressAsync("Enter");
        await Expect(Status(learner)).ToHaveTextAsync("Plan saved. Status: Planned.");

        var manager = await PageAsAsync(cast.Manager, "/");
        // Its name says which notice (the words after "Mark as read" are for screen readers only).
        var markRead = manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Mark as read\\W+{Regex.Escape(cast.LearnerName)} wrote a plan for “{Regex.Escape(title)}”") });
        await TabUntilFocusedAsync(manager, markRead);
        await manager.Keyboard.PressAsync("Enter");
        await Expect(manager.Locator("#notifications-count")).ToHaveTextAsync("No unread notifications.");
        await Expect(manager.GetByRole(AriaRole.Link, new() { Name = $"{cast.LearnerName} wrote a plan for “{title}”." })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task ThePlansPageWorksInANarrowWindowWithoutAxeViolations()
    {
        var cast = await CastAsync();
        var context = await fixture.SignedInContextAsync(cast.Coach, AccessibilityTests.Options(375));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/plans.html");
        await Expect(Button(page, "Assign exercise")).ToBeVisibleAsync();
        // Nothing wider than the window but the tables' own scrolling boxes.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await AccessibilityTests.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task ALearnerWithNoManagerIsReviewedByTheCoachAndThePlanSaysSo()
    {
        var cast = await CastAsync();
        // This learner's manager is taken away: the cohort's coach reviews instead.
        using (var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local"))
        using (var learnerClient = await fixture.Server.HttpAsAsync(cast.Learner))
        {
            var learnerId = (await learnerClient.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString();
            using var cleared = await admin.PutAsJsonAsync($"/api/users/{learnerId}/manager", new { managerId = (string?)null });
            cleared.EnsureSuccessStatusCode();
        }
        var title = $"No manager {Token()}";
        var coach = await PageAsAsync(cast.Coach, "/plans.html");
        await AssignAsync(coach, cast, title);

        var learner = await PageAsAsync(cast.Learner, "/plans.html");
        await learner.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        var coachName = cast.Coach.Split('@')[0].Replace("coach-", "Coach ");
        await Expect(learner.GetByText($"Reviewed by the cohort's coaches: {coachName}.")).ToBeVisibleAsync();
        await SaveAsync(learner, "Plan", "Ask Jonas about **late changes**.", "Save plan", "Planned");

        // The coach hears of it on the home page, follows the notice and gives feedback with the keyboard.
        var home = await PageAsAsync(cast.Coach, "/");
        var notice = home.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{Regex.Escape(cast.LearnerName)} wrote a plan for “{Regex.Escape(title)}”; they have no manager") });
        await TabUntilFocusedAsync(home, notice, maxTabs: 80);
        await home.Keyboard.PressAsync("Enter");
        await Expect(home.GetByText("Ask Jonas about late changes.").First).ToBeVisibleAsync();
        await Expect(home.GetByText($"Reviewed by the cohort's coaches: {coachName}.")).ToBeVisibleAsync();
        await home.GetByLabel("Feedback", new() { Exact = true }).FocusAsync();
        await home.Keyboard.TypeAsync("Good: start with his worst week.");
        await Button(home, "Send feedback").FocusAsync();
        await home.Keyboard.PressAsync("Enter");
        await Expect(Status(home)).ToHaveTextAsync("Feedback saved. Status: Planned.");
        await AccessibilityTests.AssertNoViolationsAsync(home);

        await learner.ReloadAsync();
        await Expect(learner.GetByText("Good: start with his worst week.").First).ToBeVisibleAsync();
    }
}
