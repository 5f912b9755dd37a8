using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// Presentations for peer feedback in the browser, on a cohort of the test's own (a coach and two learners): a learner
/// submits slides and a file, the coach opens a feedback round, the peer reviews with the keyboard, the coach releases it,
/// and the presenter sees the aggregate, rates its helpfulness and reflects. Every user text carries an XSS payload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AsyncPresentationsTests(BrowserFixture fixture)
{
    private const string Payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private sealed record Cast(string CohortName, string Coach, string Presenter, string PresenterName, string Reviewer, string ReviewerName);

    private async Task<Cast> CastAsync()
    {
        var token = Token();
        using var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local");
        var (_, programId) = await admin.DemoCohortAsync();
        var cohortName = $"Peer feedback cohort {token}";
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = cohortName });
        created.EnsureSuccessStatusCode();
        var cohortId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        async Task<string> UserAsync(string mailbox, string name, string role)
        {
            var email = $"{mailbox}-{token}@roundtable.local";
            using var user = await admin.PostAsJsonAsync("/api/users", new { email, displayName = name, password = DemoPassword, isAdmin = false });
            user.EnsureSuccessStatusCode();
            var id = (await user.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{id}", new { role });
            added.EnsureSuccessStatusCode();
            return email;
        }
        return new Cast(cohortName, await UserAsync("coach", $"Coach {token}", "Coach"),
            await UserAsync("presenter", $"Presenter {token}", "Learner"), $"Presenter {token}",
            await UserAsync("reviewer", $"Reviewer {token}", "Learner"), $"Reviewer {token}");
    }

    private async Task<IPage> PageAsAsync(string email, string path)
    {
        var context = await fixture.SignedInContextAsync(email, new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator("#async-status, #home-status").First).Not.ToHaveTextAsync("Loading…");
        return page;
    }

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator Status(IPage page) => page.Locator("#async-status");

    private static async Task ExpectInertAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "a payload ran");
        Assert.Equal(0, await page.Locator("main img[src='x'], main script").CountAsync());
    }

    [Fact]
    public async Task ALearnerSubmitsWithAFileThePeerReviewsAndThePresenterSeesTheAggregateRatesAndReflects()
    {
        var cast = await CastAsync();
        var title = $"Pitch {Token()} {Payload}";

        // The presenter writes slides (previewed), uploads a file (a disguised one is refused) and submits.
        var presenter = await PageAsAsync(cast.Presenter, "/async-presentations.html");
        var submit = presenter.GetByRole(AriaRole.Region, new() { Name = "Submit a presentation" });
        await submit.GetByLabel("Cohort", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = cast.CohortName });
        await submit.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await presenter.GetByLabel("Slides (Markdown; a line with only --- starts the next slide)")
            .FillAsync($"# The **problem** {Payload}\n---\n# The plan [x](javascript:window.__xss=3)");
        var preview = presenter.GetByRole(AriaRole.Region, new() { Name = "Preview of the slides" });
        await Expect(preview.GetByRole(AriaRole.Region, new() { Name = "Slide 2 of 2" })).ToBeVisibleAsync();
        await Expect(preview.Locator("strong").First).ToHaveTextAsync("problem");
        var file = presenter.GetByLabel("Add a file (PDF, PNG, JPEG, GIF or WebP, up to 20 MB)");
        await file.SetInputFilesAsync(new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = System.Text.Encoding.UTF8.GetBytes("<!doctype html><script>window.__xss=4</script>") });
        await Expect(presenter.Locator("#submit-file-error")).ToHaveTextAsync("The contents of “cat.png” are not a PDF, PNG, JPEG, GIF or WebP file, whatever its name says; nothing was kept.");
        await Expect(file).ToHaveAttributeAsync("aria-invalid", "true");
        await file.SetInputFilesAsync(new FilePayload { Name = "diagram.png", MimeType = "image/png", Buffer = Png });
        await Expect(presenter.Locator("#upload-status")).ToHaveTextAsync("Uploaded diagram.png.");
        await Expect(presenter.GetByRole(AriaRole.List, new() { Name = "Files attached" })).ToContainTextAsync("diagram.png");
        // A file attached by mistake is removed for good, once confirmed.
        await file.SetInputFilesAsync(new FilePayload { Name = "wrong.png", MimeType = "image/png", Buffer = Png });
        await Expect(presenter.Locator("#upload-status")).ToHaveTextAsync("Uploaded wrong.png.");
        var confirmed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        presenter.Dialog += (_, dialog) =>
        {
            confirmed.TrySetResult(dialog.Message);
            _ = dialog.AcceptAsync();
        };
        await Button(presenter, "Remove wrong.png").PressAsync("Enter");
        await Expect(presenter.Locator("#upload-status")).ToHaveTextAsync("Removed wrong.png.");
        Assert.Contains("wrong.png", await confirmed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await Expect(presenter.GetByRole(AriaRole.List, new() { Name = "Files attached" })).Not.ToContainTextAsync("wrong.png");
        await Expect(file).ToBeFocusedAsync();
        await AccessibilityTests.AssertNoViolationsAsync(presenter);
        await Button(presenter, "Submit presentation").ClickAsync();
        await Expect(presenter.GetByRole(AriaRole.Heading, new() { Name = title, Level = 2 })).ToBeVisibleAsync();
        await Expect(presenter.GetByRole(AriaRole.Img, new() { Name = "diagram.png" })).ToBeVisibleAsync();
        await Expect(presenter.GetByText("Feedback opens when the coach starts a round.")).ToBeVisibleAsync();
        await ExpectInertAsync(presenter);

        // The coach opens feedback for every other learner, with a deadline.
        var coach = await PageAsAsync(cast.Coach, "/async-presentations.html");
        await coach.GetByLabel("Deadline").FillAsync(DateTime.Now.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await Button(coach, "Open feedback").ClickAsync();
        await Expect(Status(coach)).ToHaveTextAsync("Feedback opened; the reviewers have been told.");
        await Expect(coach.Locator("#rounds")).ToContainTextAsync($"reviewers: {cast.ReviewerName}");
        await AccessibilityTests.AssertNoViolationsAsync(coach);
        await ExpectInertAsync(coach);

        // The reviewer finds it on the home page, and reviews with the keyboard only.
        var reviewer = await PageAsAsync(cast.Reviewer, "/");
        var toReview = reviewer.GetByRole(AriaRole.Region, new() { Name = "To review" });
        await Expect(toReview.Locator("#async-reviews-count")).ToHaveTextAsync("1 of 1 still to review");
        await toReview.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        var form = reviewer.GetByRole(AriaRole.Form, new() { Name = "Your feedback" });
        await Expect(form).ToBeVisibleAsync();
        foreach (var group in await form.GetByRole(AriaRole.Radiogroup).AllAsync())
        {
            await group.GetByRole(AriaRole.Radio).First.FocusAsync();
            await reviewer.Keyboard.PressAsync("Space");
            await reviewer.Keyboard.PressAsync("ArrowRight");
            await reviewer.Keyboard.PressAsync("ArrowRight");
            await Expect(group.GetByRole(AriaRole.Radio).Nth(2)).ToBeCheckedAsync();
        }
        // A comment that could be said of any presentation gets the same hint as in a live room.
        var answer = form.Locator("textarea").First;
        await answer.FocusAsync();
        await reviewer.Keyboard.TypeAsync("nice");
        await Expect(answer).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("could be said of any presentation"));
        await answer.FillAsync("");
        await reviewer.Keyboard.TypeAsync($"Clear *problem* {Payload}");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).FocusAsync();
        await reviewer.Keyboard.PressAsync("Enter");
        await Expect(Status(reviewer)).ToHaveTextAsync("Feedback sent.");
        await Expect(form.Locator(".feedback-sent")).ToHaveTextAsync("Sent — you can revise until feedback closes.");
        await AccessibilityTests.AssertNoViolationsAsync(reviewer);
        await ExpectInertAsync(reviewer);

        // Before release the presenter sees nothing of it; the coach closes the round and so releases it.
        await presenter.ReloadAsync();
        await Expect(presenter.GetByText("Your peers' feedback is shown here once the deadline passes or the coach closes the round.")).ToBeVisibleAsync();
        await coach.ReloadAsync();
        await Button(coach, "Close and release feedback").ClickAsync();
        await Expect(Status(coach)).ToHaveTextAsync("Feedback closed and released to the presenters.");

        // The presenter sees the aggregate and the comment (as text), rates it and reflects.
        await presenter.ReloadAsync();
        var table = presenter.GetByRole(AriaRole.Table, new() { Name = "Peer ratings" });
        await Expect(table).ToContainTextAsync("3.0 of");
        var comment = presenter.Locator(".feedback-entry").Filter(new() { HasText = cast.ReviewerName });
        await Expect(comment.Locator("em")).ToHaveTextAsync("problem");
        await Expect(comment).ToContainTextAsync("<img src=x onerror=");
        var veryHelpful = comment.GetByRole(AriaRole.Button, new() { Name = "Very helpful" });
        await veryHelpful.FocusAsync();
        await presenter.Keyboard.PressAsync("Enter");
        await Expect(Status(presenter)).ToHaveTextAsync($"Rated {cast.ReviewerName}'s feedback: Very helpful.");
        await Expect(presenter.Locator(".feedback-entry").Filter(new() { HasText = cast.ReviewerName }).GetByRole(AriaRole.Button, new() { Name = "Very helpful" }))
            .ToHaveAttributeAsync("aria-pressed", "true");
        await presenter.GetByLabel("What you take away from the feedback (Markdown)").FillAsync($"I will **lead with the plan**. {Payload}");
        await Button(presenter, "Save reflection").ClickAsync();
        await Expect(Status(presenter)).ToHaveTextAsync("Reflection saved.");
        await Expect(presenter.Locator(".async-reflection strong")).ToHaveTextAsync("lead with the plan");
        await AccessibilityTests.AssertNoViolationsAsync(presenter);
        await ExpectInertAsync(presenter);

        // The review form is now read-only for the reviewer.
        await reviewer.ReloadAsync();
        await Expect(reviewer.GetByRole(AriaRole.Form, new() { Name = "Your feedback" }).Locator(".feedback-sent")).ToHaveTextAsync("Feedback has closed; this is what you sent.");
    }
}
