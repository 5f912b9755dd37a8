using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// Cohort discussions in the browser, on a cohort of the test's own with two learners: one starts a thread (with
/// markup in its title and body that must stay text), the other sees it unread on the home page, reads it (the badge
/// clears), replies by keyboard mentioning the first, who hears of it and reacts, replies in a nested reply and quotes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DiscussionsTests(BrowserFixture fixture)
{
    private const string Xss = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    private sealed record Cast(string CohortId, string CohortName, string Ana, string AnaName, string Ben, string BenName);

    private async Task<Cast> CastAsync()
    {
        var token = Token();
        using var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local");
        var (_, programId) = await admin.DemoCohortAsync();
        var cohortName = $"Discussions cohort {token}";
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = cohortName });
        created.EnsureSuccessStatusCode();
        var cohortId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var ana = $"ana-{token}@roundtable.local";
        var ben = $"ben-{token}@roundtable.local";
        await fixture.Server.NewLearnerAsync(cohortId, ana, $"Ana {token}");
        await fixture.Server.NewLearnerAsync(cohortId, ben, $"Ben {token}");
        return new Cast(cohortId, cohortName, ana, $"Ana {token}", ben, $"Ben {token}");
    }

    private async Task<IPage> PageAsAsync(string email, string path, int width = 1280)
    {
        var context = await fixture.SignedInContextAsync(email, new() { BypassCSP = true, ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        // Any script a payload smuggled in would set this flag or open a dialog.
        page.Dialog += (_, dialog) => throw new InvalidOperationException($"A dialog opened: {dialog.Message}");
        await page.GotoAsync(path);
        await Expect(page.Locator("#discussions-status, #home-status").First).Not.ToHaveTextAsync("Loading…");
        return page;
    }

    /// <summary>Starts a thread from the cohort's list and waits for it to open.</summary>
    private static async Task StartThreadAsync(IPage page, string title, string markdown)
    {
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("What you want to say").FillAsync(markdown);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start thread" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
    }

    private static ILocator Post(IPage page, string author) => page.GetByRole(AriaRole.Article, new() { Name = author, Exact = true });

    private static async Task AssertInertAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("main script, main img, main [onerror]").CountAsync());
        Assert.Equal("none", await page.EvaluateAsync<string>("() => String(window.__xss ?? 'none')"));
    }

    [Fact]
    public async Task LearnersStartReplyMentionReactAndQuoteWhileTheHomePageCountsWhatIsUnread()
    {
        var cast = await CastAsync();
        var title = $"Week 1 {Xss}";
        var ana = await PageAsAsync(cast.Ana, $"/discussions.html?cohort={cast.CohortId}");
        await Expect(ana.GetByLabel("Cohort", new() { Exact = true })).ToHaveValueAsync(cast.CohortId);
        await ana.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await ana.GetByLabel("What you want to say").FillAsync($"What did you **try**? {Xss}");
        await Expect(ana.GetByRole(AriaRole.Region, new() { Name = "Preview" }).Locator("strong")).ToHaveTextAsync("try");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Start thread" }).ClickAsync();
        await Expect(ana.GetByRole(AriaRole.Heading, new() { Name = title, Level = 2 })).ToBeVisibleAsync();
        await Expect(Post(ana, cast.AnaName).Locator(".message-body strong")).ToHaveTextAsync("try");
        await Expect(Post(ana, cast.AnaName)).ToContainTextAsync("<img src=x");
        await AssertInertAsync(ana);
        var threadUrl = ana.Url;

        // Ben's home page counts the new post; his list marks the thread; reading it clears both.
        var ben = await PageAsAsync(cast.Ben, "/");
        var discussions = ben.GetByRole(AriaRole.Region, new() { Name = "Discussions" });
        await Expect(discussions.GetByRole(AriaRole.Listitem).Filter(new() { HasText = cast.CohortName })).ToContainTextAsync("1 unread post in 1 thread");
        await discussions.GetByRole(AriaRole.Link, new() { Name = cast.CohortName }).ClickAsync();
        var item = ben.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Week 1" });
        await Expect(item).ToContainTextAsync("1 unread");
        await AssertInertAsync(ben);
        await item.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Post(ben, cast.AnaName).GetByText("New", new() { Exact = true })).ToBeVisibleAsync();
        await Eventually.UntilAsync(async () =>
        {
            using var client = await fixture.Server.HttpAsAsync(cast.Ben);
            var places = await client.GetFromJsonAsync<JsonElement>("/api/me/unread-discussions");
            return places.EnumerateArray().Single(p => p.GetProperty("cohortId").GetString() == cast.CohortId).GetProperty("posts").GetInt32() == 0;
        }, "opening the thread marks it read", TimeSpan.FromSeconds(20));
        await ben.GotoAsync("/");
        await Expect(ben.GetByRole(AriaRole.Region, new() { Name = "Discussions" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = cast.CohortName }))
            .ToContainTextAsync("nothing unread");

        // Ben replies by keyboard alone, mentioning Ana; the mention is marked and his own markup stays text.
        await ben.GotoAsync(threadUrl);
        var reply = ben.GetByLabel("Your reply");
        await TabUntilFocusedAsync(ben, reply);
        await ben.Keyboard.TypeAsync($"Thanks @{cast.AnaName}! {Xss}");
        await TabUntilFocusedAsync(ben, ben.GetByRole(AriaRole.Button, new() { Name = "Post reply" }));
        await ben.Keyboard.PressAsync("Enter");
        var benPost = Post(ben, cast.BenName);
        await Expect(benPost.Locator(".mention")).ToHaveTextAsync($"@{cast.AnaName}");
        await Expect(ben.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your reply was posted." })).ToBeAttachedAsync();
        await Expect(reply).ToBeFocusedAsync();
        await AssertInertAsync(ben);

        // Ana hears of the mention on her home page and follows it to the thread.
        await ana.GotoAsync("/");
        var notice = ana.GetByRole(AriaRole.Link, new() { Name = $"{cast.BenName} mentioned you in “{title}”." });
        await Expect(notice).ToBeVisibleAsync();
        await AssertInertAsync(ana);
        await ana.GotoAsync(threadUrl);

        // A reaction is a toggle button, pressed by keyboard; focus stays on it as the thread is drawn again.
        var heart = Post(ana, cast.BenName).GetByRole(AriaRole.Button, new() { Name = "Heart, 0" });
        await heart.FocusAsync();
        await ana.Keyboard.PressAsync("Space");
        var hearted = Post(ana, cast.BenName).GetByRole(AriaRole.Button, new() { Name = "Heart, 1" });
        await Expect(hearted).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(hearted).ToBeFocusedAsync();

        // Ana replies to Ben's reply (one level down) and quotes him.
        await Post(ana, cast.BenName).GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await Expect(ana.Locator("#reply-context")).ToHaveTextAsync($"Replying to {cast.BenName}.");
        await Post(ana, cast.BenName).GetByRole(AriaRole.Button, new() { Name = "Quote" }).ClickAsync();
        await Expect(ana.Locator("#reply-context")).ToContainTextAsync($"Quoting {cast.BenName}");
        await ana.GetByLabel("Your reply").FillAsync("You are welcome.");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();
        var nested = ana.Locator(".posts.nested").GetByRole(AriaRole.Article, new() { Name = cast.AnaName });
        await Expect(nested).ToContainTextAsync("You are welcome.");
        await Expect(nested.Locator("blockquote.quote")).ToContainTextAsync($"{cast.BenName} wrote:");
        await Expect(nested.Locator("blockquote.quote")).ToContainTextAsync("<img src=x");
        await AssertInertAsync(ana);
        await ana.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

    [Fact]
    public async Task AuthorsEditWithHistoryAndRemovePostsWhichStayShownAsRemoved()
    {
        var cast = await CastAsync();
        var ana = await PageAsAsync(cast.Ana, $"/discussions.html?cohort={cast.CohortId}");
        await StartThreadAsync(ana, "Edit me", "First words");
        await ana.GetByLabel("Your reply").FillAsync("A reply to remove");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();

        var opening = ana.Locator(".posts > li > article").First;
        await opening.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(opening.GetByLabel("Title", new() { Exact = true })).ToBeFocusedAsync();
        await ana.GetByLabel("Edit the post (Markdown)").FillAsync($"Second words {Xss}");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(opening.Locator(".message-body").First).ToContainTextAsync("Second words <img");
        await opening.GetByText("Earlier versions (1)").ClickAsync();
        await Expect(opening.Locator(".post-history")).ToContainTextAsync("First words");
        await AssertInertAsync(ana);

        var replyPost = ana.Locator(".posts > li > article").Nth(1);
        await replyPost.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(replyPost).ToContainTextAsync("This post was removed.");
        await Expect(replyPost).Not.ToContainTextAsync("A reply to remove");
        await Expect(replyPost).ToBeFocusedAsync();
        await ana.Context.CloseAsync();
    }

    [Fact]
    public async Task AnEditFormOpenedWhileTheAuthorsReplyIsStillBeingPostedKeepsItsTextUntilSaved()
    {
        var cast = await CastAsync();
        var ana = await PageAsAsync(cast.Ana, $"/discussions.html?cohort={cast.CohortId}");
        await StartThreadAsync(ana, "Slow reply", "Opening words");

        // The reply's answer (and the pushed change that comes with it) is held until the edit form is open and typed in.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ana.RouteAsync("**/replies", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await ana.GetByLabel("Your reply").FillAsync("A reply on a slow network");
        await ana.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();
        var opening = ana.Locator(".posts > li > article").First;
        await opening.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var editor = ana.GetByLabel("Edit the post (Markdown)");
        await editor.FillAsync("Opening words, edited while the reply was on its way");
        release.SetResult();

        await Expect(ana.Locator("#thread-live")).ToHaveTextAsync("Your reply was posted.");
        await Expect(editor).ToHaveValueAsync("Opening words, edited while the reply was on its way");
        await Expect(editor).ToBeFocusedAsync();
        await ana.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(opening.Locator(".message-body").First).ToHaveTextAsync("Opening words, edited while the reply was on its way");
        await Expect(ana.Locator(".posts > li > article").Nth(1)).ToContainTextAsync("A reply on a slow network");
        await ana.Context.CloseAsync();
    }

    [Fact]
    public async Task ARoundtablesSummaryAndItsEndedRoomContinueTheDiscussionInItsOneThread()
    {
        const string title = "Orientation: meet your cohort";
        var lena = await PageAsAsync("lena@roundtable.local", "/");
        var roomId = await fixture.RoomIdAsync(lena.Context, title);
        await lena.GotoAsync($"/summary.html?id={roomId}");
        var discussion = lena.GetByRole(AriaRole.Region, new() { Name = "Discussion" });
        await discussion.GetByRole(AriaRole.Link, new() { Name = "Continue the discussion" }).ClickAsync();
        await Expect(lena.GetByRole(AriaRole.Heading, new() { Name = title, Level = 2 })).ToBeVisibleAsync();
        await Expect(lena).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/discussions\.html\?thread=[0-9a-f]{32}$"));
        var threadUrl = lena.Url;

        // The ended room links to the same thread.
        await lena.GotoAsync($"/room.html?id={roomId}");
        var link = lena.GetByRole(AriaRole.Link, new() { Name = "Continue the discussion" });
        await Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();
        await Expect(lena.GetByRole(AriaRole.Heading, new() { Name = title, Level = 2 })).ToBeVisibleAsync();
        Assert.Equal(threadUrl, lena.Url);
        await lena.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCoachPinsAndLocksByKeyboardAndALearnerThenReadsButCannotReply()
    {
        var cast = await CastAsync();
        using var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local");
        var coachEmail = $"coach-{Token()}@roundtable.local";
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = coachEmail, displayName = "Coach Kim", password = DemoPassword, isAdmin = false }))
        {
            var coachId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cast.CohortId}/members/{coachId}", new { role = "Coach" });
            added.EnsureSuccessStatusCode();
        }
        using var ana = await fixture.Server.HttpAsAsync(cast.Ana);
        using var started = await ana.PostAsJsonAsync($"/api/cohorts/{cast.CohortId}/discussions", new { title = "House rules", markdown = "Be kind." });
        var threadId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var coach = await PageAsAsync(coachEmail, $"/discussions.html?thread={threadId}");
        var follow = coach.GetByRole(AriaRole.Button, new() { Name = "Follow" });
        await TabUntilFocusedAsync(coach, follow);
        await Expect(follow).ToHaveAttributeAsync("aria-pressed", "false");
        await coach.Keyboard.PressAsync("Enter");
        var following = coach.GetByRole(AriaRole.Button, new() { Name = "Following" });
        await Expect(following).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(following).ToBeFocusedAsync();
        await coach.Keyboard.PressAsync("Tab");
        await Expect(coach.GetByRole(AriaRole.Button, new() { Name = "Pin" })).ToBeFocusedAsync();
        await coach.Keyboard.PressAsync("Enter");
        await Expect(coach.GetByRole(AriaRole.Button, new() { Name = "Pinned" })).ToBeFocusedAsync();
        await coach.Keyboard.PressAsync("Tab");
        await coach.Keyboard.PressAsync("Enter");
        await Expect(coach.GetByRole(AriaRole.Button, new() { Name = "Locked" })).ToHaveAttributeAsync("aria-pressed", "true");

        var ben = await PageAsAsync(cast.Ben, $"/discussions.html?cohort={cast.CohortId}");
        var item = ben.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "House rules" });
        await Expect(item).ToContainTextAsync("Pinned");
        await Expect(item).ToContainTextAsync("Locked");
        await item.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(ben.GetByText("This thread is locked: only the cohort's coaches can reply.")).ToBeVisibleAsync();
        await Expect(ben.GetByLabel("Your reply")).ToHaveCountAsync(0);
        await Expect(ben.GetByRole(AriaRole.Button, new() { Name = "Pin" })).ToHaveCountAsync(0);
        await coach.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

    [Fact]
    public async Task AnOpenThreadShowsTheOtherPersonsReplyAndReactionLiveWhileTheReplyBoxKeepsItsDraft()
    {
        var cast = await CastAsync();
        using var anaHttp = await fixture.Server.HttpAsAsync(cast.Ana);
        using var started = await anaHttp.PostAsJsonAsync($"/api/cohorts/{cast.CohortId}/discussions", new { title = "Live thread", markdown = "Shall we talk?" });
        started.EnsureSuccessStatusCode();
        var threadId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Ben starts a reply by keyboard and leaves it half written, the cursor in the box.
        var ben = await PageAsAsync(cast.Ben, $"/discussions.html?thread={threadId}");
        var benReply = ben.GetByLabel("Your reply");
        await TabUntilFocusedAsync(ben, benReply);
        await ben.Keyboard.TypeAsync("My half-written");

        // Ana, on the same thread, replies by keyboard.
        var ana = await PageAsAsync(cast.Ana, $"/discussions.html?thread={threadId}");
        var anaReply = ana.GetByLabel("Your reply");
        await TabUntilFocusedAsync(ana, anaReply);
        await ana.Keyboard.TypeAsync("Live from Ana");
        await TabUntilFocusedAsync(ana, ana.GetByRole(AriaRole.Button, new() { Name = "Post reply" }));
        await ana.Keyboard.PressAsync("Enter");

        // Ben sees it without reloading, marked new and announced politely; his draft, caret and focus are untouched.
        var arrived = ben.GetByRole(AriaRole.Article).Filter(new() { HasText = "Live from Ana" });
        await Expect(arrived).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(arrived.GetByText("New", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(ben.Locator("#thread-live")).ToHaveTextAsync($"New reply from {cast.AnaName}.");
        await Expect(benReply).ToHaveValueAsync("My half-written");
        await Expect(benReply).ToBeFocusedAsync();
        await ben.Keyboard.TypeAsync(" thought");
        await Expect(benReply).ToHaveValueAsync("My half-written thought");
        await AccessibilityTests.AssertNoViolationsAsync(ben);

        // Seen live counts as read.
        await Eventually.UntilAsync(async () =>
        {
            using var client = await fixture.Server.HttpAsAsync(cast.Ben);
            var places = await client.GetFromJsonAsync<JsonElement>("/api/me/unread-discussions");
            return places.EnumerateArray().Single(p => p.GetProperty("cohortId").GetString() == cast.CohortId).GetProperty("posts").GetInt32() == 0;
        }, "the reply Ben saw live counts as read", TimeSpan.FromSeconds(30));

        // Ben posts; Ana sees his reply arrive and reacts to it by keyboard; Ben sees the reaction.
        await TabUntilFocusedAsync(ben, ben.GetByRole(AriaRole.Button, new() { Name = "Post reply" }));
        await ben.Keyboard.PressAsync("Enter");
        await Expect(Post(ana, cast.BenName)).ToContainTextAsync("My half-written thought", new() { Timeout = 30_000 });
        await Expect(ana.Locator("#thread-live")).ToHaveTextAsync($"New reply from {cast.BenName}.");
        await Post(ana, cast.BenName).GetByRole(AriaRole.Button, new() { Name = "Heart, 0" }).FocusAsync();
        await ana.Keyboard.PressAsync("Space");
        await Expect(Post(ben, cast.BenName).GetByRole(AriaRole.Button, new() { Name = "Heart, 1" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ana.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }
}
