using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;
using Calendar = Ical.Net.Calendar;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The schedule page and the time settings, in Chromium: a coach schedules a weekly series across the change to summer
/// time and moves one session; anyone downloads a session's calendar file; a person's time zone changes every time shown.
/// The browser runs in Berlin with British English, so the times read as "Tue 16 Mar, 10:00 CET".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScheduleTests(BrowserFixture fixture)
{
    private static BrowserNewContextOptions Berlin(int width = 1280) =>
        new() { Locale = "en-GB", TimezoneId = "Europe/Berlin", ViewportSize = new() { Width = width, Height = 900 }, AcceptDownloads = true, BypassCSP = true };
    // BypassCSP: axe is injected as an inline script, which the site's CSP rightly forbids.

    [Fact]
    public async Task ACoachSchedulesAWeeklySeriesMovesOneSessionAndDownloadsItsCalendarFile()
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local", Berlin());
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            var cohort = page.GetByRole(AriaRole.Region, new() { Name = DemoCohortName });
            await cohort.GetByRole(AriaRole.Link, new() { Name = "Schedule", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Schedule · {DemoCohortName}" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Times are shown in Europe/Berlin")).ToBeVisibleAsync();

            var title = $"Weekly practice {Token()}";
            var form = page.GetByRole(AriaRole.Region, new() { Name = "Schedule a roundtable" });
            await form.GetByLabel("Title").FillAsync(title);
            await form.GetByLabel("Starts").FillAsync("2027-03-16T10:00");
            await Expect(form.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Berlin");
            await form.GetByLabel("Length in minutes").FillAsync("60");
            await form.GetByLabel("Repeats").SelectOptionAsync("Weekly");
            await form.GetByLabel("Number of sessions").FillAsync("4");
            // Enter in a field sends the form, as the keyboard user expects.
            await form.GetByLabel("Title").PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync($"Scheduled 4 sessions of “{title}”, the first on Tue 16 Mar, 10:00 CET.");

            // 10:00 in Berlin before and after the clocks change (CET, then CEST).
            var upcoming = page.GetByRole(AriaRole.Region, new() { Name = "Upcoming" });
            var sessions = upcoming.GetByRole(AriaRole.Listitem).Filter(new() { HasText = title });
            await Expect(sessions).ToHaveCountAsync(4);
            await Expect(sessions.Nth(0)).ToContainTextAsync("Tue 16 Mar, 10:00 CET");
            await Expect(sessions.Nth(2)).ToContainTextAsync("Tue 30 Mar, 10:00 CEST");

            // Move the second session only, from the keyboard.
            var change = upcoming.GetByRole(AriaRole.Button, new() { Name = $"Change {title}, Tue 23 Mar, 10:00 CET" });
            await change.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var edit = page.GetByRole(AriaRole.Region, new() { Name = $"Change “{title}”" });
            await Expect(edit.GetByRole(AriaRole.Heading)).ToBeFocusedAsync();
            await Expect(edit.GetByLabel("Starts")).ToHaveValueAsync("2027-03-23T10:00");
            await Expect(edit.GetByLabel("Only this session")).ToBeCheckedAsync();
            await edit.GetByLabel("Starts").FillAsync("2027-03-24T15:00");
            await edit.GetByRole(AriaRole.Button, new() { Name = "Save the change" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync($"Changed “{title}”: now Wed 24 Mar, 15:00 CET.");
            await Expect(sessions.Nth(1)).ToContainTextAsync("Wed 24 Mar, 15:00 CET");
            await Expect(sessions.Nth(2)).ToContainTextAsync("Tue 30 Mar, 10:00 CEST");

            // Its calendar file: the same UID as ever, the sequence of one change, the new time in UTC.
            var download = await page.RunAndWaitForDownloadAsync(() =>
                upcoming.GetByRole(AriaRole.Link, new() { Name = $"Add to calendar {title}, Wed 24 Mar, 15:00 CET" }).ClickAsync());
            var calendar = Calendar.Load(await File.ReadAllTextAsync((await download.PathAsync())!))!;
            var evt = Assert.Single(calendar.Events);
            Assert.Matches(new Regex("^[0-9a-f]{32}@roundtable$"), evt.Uid);
            Assert.Equal((1, title, new DateTime(2027, 3, 24, 14, 0, 0, DateTimeKind.Utc)), (evt.Sequence, evt.Summary, evt.Start!.AsUtc));

            // Cancel the last one: it moves to "Past and cancelled", marked so.
            await upcoming.GetByRole(AriaRole.Button, new() { Name = $"Cancel {title}, Tue 6 Apr, 10:00 CEST" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync($"Cancelled “{title}” on Tue 6 Apr, 10:00 CEST.");
            await Expect(sessions).ToHaveCountAsync(3);
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Past and cancelled" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = title }))
                .ToContainTextAsync("Cancelled");
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ALearnerSeesTheScheduleWithoutItsControlsAndChoosesTheirTimeZoneByKeyboard()
    {
        var email = $"zone-{Token()}@example.org";
        using var coachHttp = await fixture.Server.HttpAsAsync("coach@roundtable.local");
        var (cohortId, _) = await coachHttp.DemoCohortAsync();
        await fixture.Server.NewLearnerAsync(cohortId, email, "Zoe Zone");
        var context = await fixture.SignedInContextAsync(email, Berlin());
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/schedule.html?cohort={cohortId}");
            var upcoming = page.GetByRole(AriaRole.Region, new() { Name = "Upcoming" });
            var week2 = upcoming.GetByRole(AriaRole.Listitem).Filter(new() { HasText = ScheduledRoomTitle });
            await Expect(week2).ToContainTextAsync(new Regex(@"\d\d:\d\d CET"));
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Schedule a roundtable" })).ToBeHiddenAsync();
            await Expect(week2.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
            await Expect(week2.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Add to calendar") })).ToBeVisibleAsync();

            await page.GotoAsync("/settings.html");
            var zone = page.GetByLabel("Show times in");
            await Expect(zone).ToHaveValueAsync("Europe/Berlin");
            await Expect(page.GetByText("You have not chosen a time zone")).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);
            await zone.FocusAsync();
            await zone.SelectOptionAsync("Asia/Tokyo");
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save time zone" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByText("Saved: times are now shown in Asia/Tokyo.")).ToBeVisibleAsync();

            // Every page now shows times in Tokyo, named.
            await page.GotoAsync("/");
            var upcomingHome = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = ScheduledRoomTitle });
            await Expect(upcomingHome).ToContainTextAsync(new Regex(@"\d\d:\d\d (GMT\+9|JST)"));
            await page.GotoAsync($"/schedule.html?cohort={cohortId}");
            await Expect(page.GetByText("Times are shown in Asia/Tokyo")).ToBeVisibleAsync();
            await Expect(upcoming.GetByRole(AriaRole.Listitem).Filter(new() { HasText = ScheduledRoomTitle })).ToContainTextAsync(new Regex(@"\d\d:\d\d (GMT\+9|JST)"));

            // The room itself says when it starts, in the same zone.
            await upcoming.GetByRole(AriaRole.Link, new() { Name = ScheduledRoomTitle, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = ScheduledRoomTitle, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("#room-status")).ToContainTextAsync(new Regex(@"starts \w{3} \d+ \w{3}, \d\d:\d\d (GMT\+9|JST)"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task APersonMakesRenewsAndStopsTheirCalendarFeed()
    {
        var context = await fixture.SignedInContextAsync("noor@roundtable.local", Berlin());
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/settings.html");
            var feed = page.GetByRole(AriaRole.Region, new() { Name = "Calendar feed" });
            await feed.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Make") }).ClickAsync();
            var address = feed.GetByLabel("Address to paste into a calendar (keep it to yourself)");
            await Expect(address).ToHaveValueAsync(new Regex("/calendar/[A-Za-z0-9_-]+\\.ics$"));
            await Expect(feed.GetByRole(AriaRole.Link, new() { Name = "Subscribe in my calendar app" })).ToHaveAttributeAsync("href", new Regex("^webcal://"));
            var url = await address.InputValueAsync();
            var served = await context.APIRequest.GetAsync(url);
            Assert.True(served.Ok);
            Assert.Contains(ScheduledRoomTitle, await served.TextAsync());

            await feed.GetByRole(AriaRole.Button, new() { Name = "Stop this address" }).ClickAsync();
            await Expect(feed.GetByText("Your calendar address no longer works.")).ToBeVisibleAsync();
            Assert.Equal(404, (await context.APIRequest.GetAsync(url)).Status);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
