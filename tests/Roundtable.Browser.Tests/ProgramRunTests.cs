using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Roundtable.Testing.Email;
using static Microsoft.Playwright.Assertions;
using Calendar = Ical.Net.Calendar;

namespace Roundtable.Browser.Tests;

/// <summary>
/// A program run from the browser alone, with every email read from the real SMTP server: an admin sets up a program
/// and a cohort and staffs it; its coach schedules a weekly roundtable; the invited learner follows the email's link,
/// chooses a password, finds the session and its calendar file; the reminder arrives; the coach moves the session and
/// the learner's calendar invitation is updated (same UID, higher SEQUENCE).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgramRunTests(BrowserFixture fixture)
{
    private static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static BrowserNewContextOptions Berlin() =>
        new() { Locale = "en-GB", TimezoneId = "Europe/Berlin", ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true };

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>A time as a datetime-local field in Berlin takes it.</summary>
    private static string BerlinField(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, BerlinZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static bool IsTo(MimeMessage message, string email) => message.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task AProgramIsSetUpStaffedScheduledAndJoinedWithNobodyTouchingTheApi()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var programName = $"Leading teams {tag}";
        var cohortName = $"Spring {tag}";
        var learnerEmail = $"ida-{tag}@example.org";
        var title = $"Weekly practice {tag}";
        // Two hours ahead, on the minute: inside the day before (so the day's reminder is due at once), well outside the quarter hour.
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddHours(2);
        var moved = start.AddHours(1);

        // The admin: a program, a cohort, the demo coach as its coach and a new learner invited.
        var admin = await fixture.SignedInContextAsync("admin@roundtable.local", Berlin());
        try
        {
            var page = await admin.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Programs", Exact = true }).ClickAsync();
            await page.Locator("#create-form").GetByLabel("Program name").FillAsync(programName);
            await Button(page, "Create program").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Program: {programName}");
            await page.GetByLabel("Cohort name").FillAsync(cohortName);
            await Button(page, "Create cohort").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = $"Set up {cohortName}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Set up {cohortName}");

            async Task InviteAsync(string email, string name, string role)
            {
                await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
                await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
                await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = role.ToLowerInvariant() });
                await Button(page, "Invite").ClickAsync();
                await Expect(page.Locator("#setup-status")).ToContainTextAsync(email);
            }
            await InviteAsync("coach@roundtable.local", "Cora Coach", "Coach");
            await InviteAsync(learnerEmail, $"Ida {tag}", "Learner");
            var members = page.GetByRole(AriaRole.Table, new() { Name = "Members" });
            await Expect(members.GetByRole(AriaRole.Rowheader, new() { Name = $"Ida {tag} (invited)" })).ToBeVisibleAsync();
        }
        finally
        {
            await admin.CloseAsync();
        }

        // The coach schedules a weekly roundtable, four sessions, from their home page.
        var coach = await fixture.SignedInContextAsync("coach@roundtable.local", Berlin());
        var coachPage = await coach.NewPageAsync();
        await coachPage.GotoAsync("/");
        await coachPage.GetByRole(AriaRole.Region, new() { Name = cohortName }).GetByRole(AriaRole.Link, new() { Name = "Schedule", Exact = true }).ClickAsync();
        var form = coachPage.GetByRole(AriaRole.Region, new() { Name = "Schedule a roundtable" });
        await form.GetByLabel("Title").FillAsync(title);
        await form.GetByLabel("Starts").FillAsync(BerlinField(start));
        await form.GetByLabel("Length in minutes").FillAsync("60");
        await form.GetByLabel("Repeats").SelectOptionAsync("Weekly");
        await form.GetByLabel("Number of sessions").FillAsync("4");
        await form.GetByLabel("Title").PressAsync("Enter");
        await Expect(coachPage.GetByRole(AriaRole.Status).First).ToContainTextAsync($"Scheduled 4 sessions of “{title}”");

        // The learner: the invitation's link, a password, and they are in.
        var invitation = await fixture.Smtp.WaitForAsync(m => IsTo(m, learnerEmail) && m.Subject == "You are invited to Roundtable", "the learner's invitation");
        var link = invitation.LinkStartingWith($"{fixture.BaseUrl.TrimEnd('/')}/invite.html?token=");
        var learner = await fixture.NewContextAsync(Berlin());
        try
        {
            var page = await learner.NewPageAsync();
            await page.GotoAsync(link);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a lantern over quiet water");
            await page.GetByLabel("Confirm password").FillAsync("a lantern over quiet water");
            await page.GetByLabel("Confirm password").PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables" })).ToBeVisibleAsync();

            // The session is on their home page, with its time zone, and its calendar file downloads.
            var next = page.GetByRole(AriaRole.Region, new() { Name = "Upcoming" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = title });
            await Expect(next).ToHaveCountAsync(4);
            await Expect(next.First).ToContainTextAsync(new Regex(@"\d\d:\d\d (CET|CEST)"));
            var cohort = page.GetByRole(AriaRole.Region, new() { Name = cohortName });
            await cohort.GetByRole(AriaRole.Link, new() { Name = "Schedule", Exact = true }).ClickAsync();
            var upcoming = page.GetByRole(AriaRole.Region, new() { Name = "Upcoming" });
            var download = await page.RunAndWaitForDownloadAsync(() =>
                upcoming.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Add to calendar {Regex.Escape(title)}") }).First.ClickAsync());
            var file = Calendar.Load(await File.ReadAllTextAsync((await download.PathAsync())!))!;
            var first = Assert.Single(file.Events);
            Assert.Equal((title, start.UtcDateTime), (first.Summary, first.Start!.AsUtc));

            // The schedule's own email carried the same session as an invitation.
            var scheduled = await fixture.Smtp.WaitForAsync(m => IsTo(m, learnerEmail) && m.Subject!.StartsWith($"Scheduled: {title}"), "the scheduled email");
            var invited = Calendar.Load(scheduled.Calendar()!)!;
            Assert.Equal("REQUEST", invited.Method);
            var invitedFirst = Assert.Single(invited.Events, e => e.Uid == first.Uid);
            Assert.Equal(start.UtcDateTime, invitedFirst.Start!.AsUtc);

            // The day's reminder is due at once (the session is less than a day away), with a link to join.
            var reminder = await fixture.Smtp.WaitForAsync(m => IsTo(m, learnerEmail) && m.Subject!.StartsWith($"Coming up: {title}"), "the reminder");
            Assert.Contains($"{fixture.BaseUrl.TrimEnd('/')}/room.html?id=", reminder.Body());

            // The coach moves the first session an hour later: the learner's invitation is updated, not duplicated.
            var change = coachPage.GetByRole(AriaRole.Region, new() { Name = "Upcoming" }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Change {Regex.Escape(title)}") }).First;
            await change.ClickAsync();
            var edit = coachPage.GetByRole(AriaRole.Region, new() { Name = $"Change “{title}”" });
            await Expect(edit.GetByLabel("Only this session")).ToBeCheckedAsync();
            await edit.GetByLabel("Starts").FillAsync(BerlinField(moved));
            await edit.GetByRole(AriaRole.Button, new() { Name = "Save the change" }).ClickAsync();
            await Expect(coachPage.GetByRole(AriaRole.Status).First).ToContainTextAsync($"Changed “{title}”");

            var update = await fixture.Smtp.WaitForAsync(m => IsTo(m, learnerEmail) && m.Subject!.StartsWith($"Changed: {title}"), "the change's email");
            var updated = Calendar.Load(update.Calendar()!)!;
            Assert.Equal("REQUEST", updated.Method);
            var again = Assert.Single(updated.Events);
            Assert.Equal(first.Uid, again.Uid);
            Assert.True(again.Sequence > invitedFirst.Sequence, $"SEQUENCE {again.Sequence} after {invitedFirst.Sequence}");
            Assert.Equal(moved.UtcDateTime, again.Start!.AsUtc);
        }
        finally
        {
            await learner.CloseAsync();
            await coach.CloseAsync();
        }
    }
}
