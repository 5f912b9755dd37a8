using System.Globalization;
using System.Net.Http.Json;
using Calendar = Ical.Net.Calendar;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests;

/// <summary>
/// What the people of a cohort receive, at a real SMTP server: an invitation for each change of the schedule (the same
/// UID, a higher SEQUENCE, METHOD:CANCEL when cancelled) and the reminders before each session, once, for its current
/// time only, and after a restart.
/// </summary>
public sealed class ScheduleEmailTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await TestSmtpServer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private Dictionary<string, string> Settings => _smtp.Settings("https://roundtable.example.org");

    private static string Local(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task EachChangeSendsEveryMemberOneInvitationWithTheSameUidAndAHigherSequence()
    {
        await using var server = await new RoundtableFactory(settings: Settings).StartAsync();
        var (cohortId, _) = await server.SeededCohortAsync();
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var one = (await SchedulingTests.ScheduleAsync(coach, cohortId, new { title = "Invite test", start = "2027-09-07T10:00", timeZone = "Europe/Berlin", durationMinutes = 60 }))[0];

        var scheduled = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject!.StartsWith("Scheduled: Invite test"), "the invitation");
        var request = Calendar.Load(scheduled.Calendar()!)!;
        Assert.Equal("REQUEST", request.Method);
        var evt = Assert.Single(request.Events);
        Assert.Equal(($"{one.Id}@roundtable", 0), (evt.Uid, evt.Sequence));
        Assert.Contains("https://roundtable.example.org/room.html?id=" + one.Id, scheduled.TextBody);
        Assert.Contains("Tue 7 Sep 2027, 08:00 (UTC)", scheduled.Subject!);

        await SchedulingTests.ChangeAsync(coach, one.Id, new { scope = "this", title = "Invite test", start = "2027-09-08T11:00", timeZone = "Europe/Berlin", durationMinutes = 60 });
        var changed = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject!.StartsWith("Changed: Invite test"), "the update");
        var update = Assert.Single(Calendar.Load(changed.Calendar()!)!.Events);
        Assert.Equal(($"{one.Id}@roundtable", 1, new DateTime(2027, 9, 8, 9, 0, 0, DateTimeKind.Utc)), (update.Uid, update.Sequence, update.Start!.AsUtc));

        using var cancel = await coach.PostAsJsonAsync($"/api/roundtables/{one.Id}/cancel", new { scope = "this" });
        var cancelled = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject!.StartsWith("Cancelled: Invite test"), "the cancellation");
        var calendar = Calendar.Load(cancelled.Calendar()!)!;
        Assert.Equal("CANCEL", calendar.Method);
        var cancelledEvent = calendar.Events.Single();
        Assert.Equal(($"{one.Id}@roundtable", 2, "CANCELLED"), (cancelledEvent.Uid, cancelledEvent.Sequence, cancelledEvent.Status));

        // Every member of the cohort, once per change.
        foreach (var email in new[] { RoundtableFactory.CoachEmail, RoundtableFactory.ManagerEmail, RoundtableFactory.LenaEmail, RoundtableFactory.TheoEmail })
        {
            await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject!.StartsWith("Cancelled: Invite test"), $"the cancellation to {email}");
            Assert.Single(_smtp.To(email), m => m.Subject!.StartsWith("Scheduled: Invite test"));
            Assert.Single(_smtp.To(email), m => m.Subject!.StartsWith("Changed: Invite test"));
        }
    }

    [Fact]
    public async Task ASeriesIsOneEmailPerPersonWithEverySessionInItsCalendar()
    {
        await using var server = await new RoundtableFactory(settings: Settings).StartAsync();
        var (cohortId, _) = await server.SeededCohortAsync();
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var series = await SchedulingTests.ScheduleAsync(coach, cohortId, new
        {
            title = "Series invite", start = "2027-10-05T10:00", timeZone = "UTC", durationMinutes = 60, repeat = "Weekly", occurrences = 3,
        });

        var email = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.NoorEmail) && m.Subject!.StartsWith("Scheduled: Series invite"), "the series invitation");
        Assert.Equal(series.Select(r => $"{r.Id}@roundtable"), Calendar.Load(email.Calendar()!)!.Events.Select(e => e.Uid));
        Assert.Contains("and 2 more", email.Subject!);
        Assert.Single(_smtp.To(RoundtableFactory.NoorEmail), m => m.Subject!.StartsWith("Scheduled: Series invite"));
    }

    [Fact]
    public async Task RemindersGoOnceForTheSessionsCurrentTimeAndNeverForACancelledOne()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(settings: Settings, time: clock).StartAsync();
        var (cohortId, _) = await server.SeededCohortAsync();
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var t0 = clock.GetUtcNow();
        var start = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero).AddHours(24).AddMinutes(10);
        var kept = (await SchedulingTests.ScheduleAsync(coach, cohortId, new { title = "Reminded", start = Local(start), timeZone = "UTC", durationMinutes = 60 }))[0];
        var dropped = (await SchedulingTests.ScheduleAsync(coach, cohortId, new { title = "Called off", start = Local(start), timeZone = "UTC", durationMinutes = 60 }))[0];
        (await coach.PostAsJsonAsync($"/api/roundtables/{dropped.Id}/cancel", new { scope = "this" })).EnsureSuccessStatusCode();

        clock.Advance(TimeSpan.FromMinutes(11));
        var day = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject!.StartsWith("Coming up: Reminded"), "the day's reminder");
        Assert.Contains($"https://roundtable.example.org/room.html?id={kept.Id}", day.TextBody);

        // Moved a day later: the reminders follow it (the old quarter hour's never comes).
        var moved = start.AddDays(1);
        await SchedulingTests.ChangeAsync(coach, kept.Id, new { scope = "this", title = "Reminded", start = Local(moved), timeZone = "UTC", durationMinutes = 60 });
        clock.Advance(start - clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject!.StartsWith("Coming up: Reminded") && m.Subject!.Contains(moved.ToString("d MMM", CultureInfo.InvariantCulture)),
            "the day's reminder for the new time");
        clock.Advance(moved - clock.GetUtcNow() - TimeSpan.FromMinutes(14));
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject == "Starting in 15 minutes: Reminded", "the quarter hour's reminder");

        foreach (var email in new[] { RoundtableFactory.LenaEmail, RoundtableFactory.CoachEmail, RoundtableFactory.TheoEmail })
        {
            await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "Starting in 15 minutes: Reminded", $"the reminder to {email}");
            Assert.Equal(2, _smtp.To(email).Count(m => m.Subject!.StartsWith("Coming up: Reminded")));
            Assert.Single(_smtp.To(email), m => m.Subject == "Starting in 15 minutes: Reminded");
            Assert.DoesNotContain(_smtp.To(email), m => m.Subject!.Contains("Called off") && !m.Subject!.StartsWith("Scheduled") && !m.Subject!.StartsWith("Cancelled"));
        }
    }

    [Fact]
    public async Task RemindersDueWhileTheServerWasDownGoAfterItsRestartButNotOnesWhoseMomentHasPassed()
    {
        var dataDirectory = RoundtableFactory.NewDataDirectory();
        try
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var t0 = clock.GetUtcNow();
            var start = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero).AddHours(1);
            await using (var first = await new RoundtableFactory(dataDirectory, settings: Settings, time: clock).StartAsync())
            {
                var (cohortId, _) = await first.SeededCohortAsync();
                using var coach = await first.ClientAsAsync(RoundtableFactory.CoachEmail);
                await SchedulingTests.ScheduleAsync(coach, cohortId, new { title = "After the outage", start = Local(start), timeZone = "UTC", durationMinutes = 60 });
                await SchedulingTests.ScheduleAsync(coach, cohortId, new { title = "Long gone", start = Local(start.AddMinutes(-50)), timeZone = "UTC", durationMinutes = 30 });
            }

            // The first server may have sent the day's reminder at once (the session was under a day away); whether it
            // did depends on how soon it was stopped. The restarted one must add none.
            var dayRemindersBefore = _smtp.To(RoundtableFactory.LenaEmail).Count(m => m.Subject!.StartsWith("Coming up: After the outage"));
            var longGoneBefore = _smtp.To(RoundtableFactory.LenaEmail).Count(m => m.Subject!.Contains("Long gone") && !m.Subject!.StartsWith("Scheduled"));
            var later = new FakeTimeProvider(start.AddMinutes(-10));
            await using var second = await new RoundtableFactory(dataDirectory, settings: Settings, time: later).StartAsync();
            await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.LenaEmail) && m.Subject == "Starting in 15 minutes: After the outage", "the reminder after the restart");
            // After the restart the day's reminder has fallen due long ago: the quarter hour's goes instead; a session
            // already started gets none.
            Assert.Equal(dayRemindersBefore, _smtp.To(RoundtableFactory.LenaEmail).Count(m => m.Subject!.StartsWith("Coming up: After the outage")));
            Assert.Equal(longGoneBefore, _smtp.To(RoundtableFactory.LenaEmail).Count(m => m.Subject!.Contains("Long gone") && !m.Subject!.StartsWith("Scheduled")));
        }
        finally
        {
            RoundtableFactory.TryDelete(dataDirectory);
        }
    }
}
