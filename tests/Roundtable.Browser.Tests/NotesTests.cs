using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class NotesTests(BrowserFixture fixture)
{
    private static ILocator SharedNotes(IPage page) => page.GetByLabel("Shared notes (Markdown)", new() { Exact = true });

    private static ILocator MyNotes(IPage page) => page.GetByLabel("My private notes (Markdown)", new() { Exact = true });

    private static ILocator SharedRendered(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Shared notes, rendered" });

    private static Task SaveSharedAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Save shared notes" }).ClickAsync();

    private static ILocator SavedStatus(IPage page, string versionText = "") =>
        page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("^Saved at \\d{1,2}.\\d{2}.*" + Regex.Escape(versionText)) });

    /// <summary>
    /// Opens the room's Notes tab and stretches the pause after which notes save themselves, so a test can stage two
    /// people's unsaved edits in a set order (leaving the box, or the button, still saves at once).
    /// </summary>
    private static async Task HoldAutosaveAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            await RoomUi.OpenTabAsync(page, "Notes");
            await page.EvaluateAsync("() => sessionStorage.setItem('notes-autosave-ms', '600000')");
        }
    }

    /// <summary>Schedules a roundtable of the demo cohort (as the admin) and returns its title.</summary>
    private async Task<string> NewRoomAsync(string title, DateTimeOffset? start = null)
    {
        var admin = await fixture.SignedInContextAsync("admin@roundtable.local");
        try
        {
            var home = await (await admin.APIRequest.GetAsync("/api/home")).JsonAsync();
            var cohortId = home!.Value.GetProperty("cohorts")[0].GetProperty("cohort").GetProperty("id").GetString();
            var response = await admin.APIRequest.PostAsync($"/api/cohorts/{cohortId}/roundtables",
                new() { DataObject = new { title, scheduledStart = start ?? DateTimeOffset.UtcNow, durationMinutes = 60 } });
            Assert.True(response.Ok, $"Scheduling answered {response.Status}.");
            return title;
        }
        finally
        {
            await admin.CloseAsync();
        }
    }

    [Fact]
    public async Task TwoPeopleEditTheSharedNotesAtOnceAndNeitherEditIsLost()
    {
        var title = await NewRoomAsync($"Notes together {Token()}");
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        await RoomUi.OpenTabAsync(lena, "Notes");
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
        await RoomUi.OpenTabAsync(liam, "Notes");
        try
        {
            await HoldAutosaveAsync(lena, liam);
            await SharedNotes(lena).FillAsync("Goals\n\nmiddle\n\nQuestions");
            await SaveSharedAsync(lena);
            await Expect(SharedNotes(liam)).ToHaveValueAsync("Goals\n\nmiddle\n\nQuestions");

            // Different lines, from the same version: Liam is told, and his save merges.
            await SharedNotes(lena).FillAsync("Goals: listen more\n\nmiddle\n\nQuestions");
            await SharedNotes(liam).FillAsync("Goals\n\nmiddle\n\nQuestions: how to open?");
            await SaveSharedAsync(lena);
            await Expect(liam.GetByText("Updated by Lena Learner — your changes will be merged on save.")).ToBeVisibleAsync();
            await Expect(SharedNotes(liam)).ToHaveValueAsync("Goals\n\nmiddle\n\nQuestions: how to open?");
            await SaveSharedAsync(liam);
            const string merged = "Goals: listen more\n\nmiddle\n\nQuestions: how to open?";
            await Expect(SharedNotes(liam)).ToHaveValueAsync(merged);
            await Expect(liam.GetByText(new Regex("^Saved at .*, merged with others' changes"))).ToBeVisibleAsync();
            await Expect(SharedNotes(lena)).ToHaveValueAsync(merged);
            await Expect(SharedRendered(lena)).ToContainTextAsync("how to open?");

            // The same line: Liam's save is refused with Lena's version, and he re-applies his change to it.
            await SharedNotes(lena).FillAsync(merged.Replace("middle", "middle: Lena's idea"));
            await SharedNotes(liam).FillAsync(merged.Replace("middle", "middle: Liam's idea"));
            await SaveSharedAsync(lena);
            await Expect(SharedRendered(liam)).ToContainTextAsync("Lena's idea");
            await SaveSharedAsync(liam);
            var conflict = liam.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone changed the same lines" });
            await Expect(conflict).ToBeVisibleAsync();
            await Expect(conflict.GetByRole(AriaRole.Region, new() { Name = "Their version" })).ToContainTextAsync("Lena's idea");
            await conflict.GetByRole(AriaRole.Button, new() { Name = "Use theirs and re-apply mine" }).ClickAsync();
            await Expect(SharedNotes(liam)).ToHaveValueAsync(merged.Replace("middle", "middle: Lena's idea"));
            await Expect(SharedNotes(liam)).ToBeFocusedAsync();
            await Expect(liam.GetByLabel("Your version", new() { Exact = false })).ToHaveValueAsync(merged.Replace("middle", "middle: Liam's idea"));
            await SharedNotes(liam).FillAsync(merged.Replace("middle", "middle: Lena's idea; Liam's idea"));
            await SaveSharedAsync(liam);

            foreach (var page in new[] { lena, liam })
            {
                await Expect(SharedNotes(page)).ToHaveValueAsync(merged.Replace("middle", "middle: Lena's idea; Liam's idea"));
                await Expect(SharedRendered(page)).ToContainTextAsync("Lena's idea; Liam's idea");
            }
        }
        finally
        {
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task APrivateNoteIsSavedAndListedOnTheHomePageForItsAuthorOnly()
    {
        var title = await NewRoomAsync($"Private notes {Token()}");
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local", title);
        await RoomUi.OpenTabAsync(noor, "Notes");
        var theo = await fixture.SignedInContextAsync("theo@roundtable.local");
        try
        {
            await HoldAutosaveAsync(noor);
            var secret = $"Remember to **follow up** {Token()}";
            await MyNotes(noor).FillAsync(secret);
            await Expect(noor.GetByText("Unsaved changes.")).ToBeVisibleAsync();
            await noor.GetByRole(AriaRole.Button, new() { Name = "Save my notes" }).ClickAsync();
            await Expect(noor.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("^Saved ") })).ToBeVisibleAsync();
            await Expect(noor.GetByRole(AriaRole.Region, new() { Name = "My private notes, rendered" }).Locator("strong")).ToHaveTextAsync("follow up");

            await noor.GotoAsync("/");
            var myNotes = noor.GetByRole(AriaRole.Region, new() { Name = "My notes" });
            var item = myNotes.GetByRole(AriaRole.Listitem).Filter(new() { HasText = secret[^10..] });
            await Expect(item.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
            await Expect(item.Locator("strong")).ToHaveTextAsync("follow up");

            var theoPage = await theo.NewPageAsync();
            await theoPage.GotoAsync("/");
            await Expect(theoPage.GetByRole(AriaRole.Heading, new() { Name = "My notes" })).ToBeVisibleAsync();
            await Expect(theoPage.GetByRole(AriaRole.Link, new() { Name = $"Join {LiveRoomTitle}" })).ToBeVisibleAsync();
            await Expect(theoPage.GetByText(secret[^10..])).ToHaveCountAsync(0);
        }
        finally
        {
            await noor.Context.CloseAsync();
            await theo.CloseAsync();
        }
    }

    [Fact]
    public async Task KeyboardAloneSavesNotesAndOpensEarlierNotes()
    {
        var token = Token();
        var earlier = await NewRoomAsync($"Earlier session {token}", DateTimeOffset.UtcNow.AddDays(-30));
        var current = await NewRoomAsync($"Current session {token}", DateTimeOffset.UtcNow.AddDays(-29));
        var coach = await fixture.OpenRoomAsync("coach@roundtable.local", earlier);
        await RoomUi.OpenTabAsync(coach, "Notes");
        var theo = await fixture.OpenRoomAsync("theo@roundtable.local", current);
        await RoomUi.OpenTabAsync(theo, "Notes");
        try
        {
            await RoomUi.OpenTabAsync(coach, "Notes");
            await RoomUi.OpenTabAsync(theo, "Notes");
            await SharedNotes(coach).FocusAsync();
            await coach.Keyboard.TypeAsync($"## Takeaways {token}");
            await coach.Keyboard.PressAsync("Control+Enter");
            await Expect(SavedStatus(coach, "(version 1).")).ToBeVisibleAsync();
            await Expect(SharedRendered(coach).GetByRole(AriaRole.Heading, new() { Name = $"Takeaways {token}" })).ToBeVisibleAsync();

            await SharedNotes(theo).FocusAsync();
            await theo.Keyboard.TypeAsync("typed, then saved with the button");
            await theo.Keyboard.PressAsync("Tab");
            var save = theo.GetByRole(AriaRole.Button, new() { Name = "Save shared notes" });
            await Expect(save).ToBeFocusedAsync();
            await theo.Keyboard.PressAsync("Enter");
            await Expect(SavedStatus(theo, "(version 1).")).ToBeVisibleAsync();

            await theo.ReloadAsync();

            await RoomUi.OpenTabAsync(theo, "Notes");
            await Expect(Connection(theo)).ToHaveTextAsync("Connected");
            await RoomUi.OpenTabAsync(theo, "Notes");
            var open = theo.GetByRole(AriaRole.Button, new() { Name = $"Open notes: {earlier}" });
            await open.FocusAsync();
            await theo.Keyboard.PressAsync("Enter");
            await Expect(open).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(theo.GetByRole(AriaRole.Heading, new() { Name = $"Takeaways {token}" })).ToBeVisibleAsync();
            await theo.Keyboard.PressAsync("Enter");
            await Expect(open).ToHaveAttributeAsync("aria-expanded", "false");
        }
        finally
        {
            await coach.Context.CloseAsync();
            await theo.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task NotesSaveThemselvesWhenTypingStopsAndASecondBrowserSeesThemWithoutAnyoneSaving()
    {
        var title = await NewRoomAsync($"Notes autosave {Token()}");
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
        try
        {
            await RoomUi.OpenTabAsync(lena, "Notes");
            await RoomUi.OpenTabAsync(liam, "Notes");
            var shared = $"Agenda for next time {Token()}";
            await SharedNotes(lena).FocusAsync();
            await lena.Keyboard.TypeAsync(shared);
            await Expect(SharedNotes(lena)).ToBeFocusedAsync();
            await Expect(SavedStatus(lena, "(version 1).")).ToBeVisibleAsync();
            await Expect(SharedNotes(liam)).ToHaveValueAsync(shared);
            await Expect(SharedRendered(liam)).ToContainTextAsync(shared);

            // Liam keeps typing on top of what arrived; his addition saves itself too and reaches Lena.
            await SharedNotes(liam).FocusAsync();
            await liam.Keyboard.PressAsync("End");
            await liam.Keyboard.TypeAsync(" and a recap");
            await Expect(SavedStatus(liam, "(version 2).")).ToBeVisibleAsync();
            await Expect(SharedNotes(lena)).ToHaveValueAsync(shared + " and a recap");

            // A private note saves itself when the box is left, and is there after a reload.
            var secret = $"ask about pricing {Token()}";
            await MyNotes(liam).FillAsync(secret);
            await liam.Keyboard.PressAsync("Tab");
            await Expect(SavedStatus(liam)).ToHaveCountAsync(2);
            await liam.ReloadAsync();
            await Expect(Connection(liam)).ToHaveTextAsync("Connected");
            await RoomUi.OpenTabAsync(liam, "Notes");
            await Expect(MyNotes(liam)).ToHaveValueAsync(secret);
        }
        finally
        {
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task LeavingWithAPrivateNoteThatCouldNotBeSavedAsksFirstAndASavedNoteLeavesQuietly()
    {
        var title = await NewRoomAsync($"Notes leaving {Token()}");
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local", title);
        var asked = new List<string>();
        noor.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Type);
            await dialog.AcceptAsync();
        };
        try
        {
            await RoomUi.OpenTabAsync(noor, "Notes");
            // Saved: leaving asks nothing.
            await MyNotes(noor).FillAsync("kept");
            await Expect(SavedStatus(noor)).ToBeVisibleAsync();
            await noor.GotoAsync("/");
            await Expect(noor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            Assert.Empty(asked);

            await noor.GoBackAsync();
            await Expect(Connection(noor)).ToHaveTextAsync("Connected");
            await RoomUi.OpenTabAsync(noor, "Notes");
            await Expect(MyNotes(noor)).ToHaveValueAsync("kept");
            // The server is unreachable for the next save: the note says so, and closing the page asks first.
            await noor.RouteAsync("**/my-note", route => route.Request.Method == "PUT"
                ? route.FulfillAsync(new() { Status = 503, ContentType = "application/problem+json", Body = "{\"title\":\"The server is busy; try again.\",\"status\":503}" })
                : route.ContinueAsync());
            await MyNotes(noor).FillAsync("kept, and this too");
            await Expect(noor.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("^Not saved: ") })).ToBeVisibleAsync();
            var closed = new TaskCompletionSource();
            noor.Close += (_, _) => closed.TrySetResult();
            await noor.CloseAsync(new() { RunBeforeUnload = true });
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(["beforeunload"], asked);
        }
        finally
        {
            await noor.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task HeadingsWrittenInNotesSitBelowThePanelsHeadingWithoutSkippingALevel()
    {
        var title = await NewRoomAsync($"Notes headings {Token()}");
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title, AccessibilityTests.Options(1280));
        try
        {
            await RoomUi.OpenTabAsync(lena, "Notes");
            await SharedNotes(lena).FillAsync("# Big\n\ntext\n\n### Smaller\n\nmore");
            await SaveSharedAsync(lena);
            await Expect(SharedRendered(lena).GetByRole(AriaRole.Heading, new() { Name = "Big", Level = 4 })).ToBeVisibleAsync();
            await Expect(SharedRendered(lena).GetByRole(AriaRole.Heading, new() { Name = "Smaller", Level = 5 })).ToBeVisibleAsync();
            await MyNotes(lena).FillAsync("## Mine");
            await lena.GetByRole(AriaRole.Button, new() { Name = "Save my notes" }).ClickAsync();
            await Expect(lena.GetByRole(AriaRole.Region, new() { Name = "My private notes, rendered" })
                .GetByRole(AriaRole.Heading, new() { Name = "Mine", Level = 4 })).ToBeVisibleAsync();
            await MarkdownHeadings.AssertHeadingOrderAsync(lena);
        }
        finally
        {
            await lena.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task RoomPageWithTheNotesPanelAndHomePageWithMyNotesHaveNoAxeViolations(int width)
    {
        var title = await NewRoomAsync($"Notes axe {Token()}");
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title, AccessibilityTests.Options(width));
        await RoomUi.OpenTabAsync(lena, "Notes");
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title, AccessibilityTests.Options(width));
        await RoomUi.OpenTabAsync(liam, "Notes");
        try
        {
            await HoldAutosaveAsync(lena, liam);
            await SharedNotes(lena).FillAsync("# Notes\n\n- a [link](https://example.org)\n- **bold**");
            await SaveSharedAsync(lena);
            await Expect(SharedNotes(liam)).ToHaveValueAsync(new Regex("bold"));
            await SharedNotes(liam).FillAsync("# Liam's notes\n\n- a [link](https://example.org)\n- **bold**");
            await SharedNotes(lena).FillAsync("# Lena's notes\n\n- a [link](https://example.org)\n- **bold**");
            await SaveSharedAsync(lena);
            await SaveSharedAsync(liam);
            await Expect(liam.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone changed the same lines" })).ToBeVisibleAsync();
            await MyNotes(liam).FillAsync("private *thoughts*");
            await liam.GetByRole(AriaRole.Button, new() { Name = "Save my notes" }).ClickAsync();
            await Expect(liam.GetByRole(AriaRole.Region, new() { Name = "My private notes, rendered" }).Locator("em")).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(liam);

            await liam.GotoAsync("/");
            await Expect(liam.GetByRole(AriaRole.Region, new() { Name = "My notes" }).GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(liam);
        }
        finally
        {
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }
}
