using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Calendar = Ical.Net.Calendar;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Matching;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests;

/// <summary>
/// When a circle meets, changed by its mentor or a coach of its cohort: in a time zone, weekly or fortnightly. Its
/// people are told by email with an updated invitation (the room's UID, a higher SEQUENCE, a repeating event on the
/// zone's wall clock), their calendar feeds carry the same, and each meeting is reminded once.
/// </summary>
public sealed class CircleCadenceTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await TestSmtpServer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private static object Profile(object[]? offers = null, object[]? wants = null, int capacity = 0) => new
    {
        offers = offers ?? [],
        wants = wants ?? [],
        goalsMarkdown = "",
        availability = new[] { new { day = "Monday", part = "Morning" } },
        mentorCapacity = capacity,
    };

    private sealed record Circle(string CohortId, PublishedCircleDto Formed, (string Id, string Email) Mentor, (string Id, string Email) Lia, (string Id, string Email) Lou);

    /// <summary>A new cohort with a mentor and two learners in one circle, published by an admin with the given cadence.</summary>
    private static async Task<Circle> CircleAsync(RoundtableFactory server, object cadence)
    {
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programs = await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options);
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programs![0].Id}/cohorts", new { name = "Cadence " + Guid.NewGuid().ToString("N")[..6] });
        var cohortId = (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
        async Task<(string Id, string Email)> Person(string name, object profile, CohortRole role = CohortRole.Learner)
        {
            var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}"[..16] + "@example.org";
            var id = await server.NewUserAsync(email, cohortId, role, displayName: name);
            using var client = await server.ClientAsAsync(email);
            (await client.PutAsJsonAsync("/api/profile", profile)).EnsureSuccessStatusCode();
            return (id, email);
        }
        var mentor = await Person("Mira", Profile(offers: [new { name = "Negotiation", level = 4 }], capacity: 3), CohortRole.Coach);
        var lia = await Person("Lia", Profile(wants: [new { name = "Negotiation", level = 1 }]));
        var lou = await Person("Lou", Profile(wants: [new { name = "Negotiation", level = 1 }]));
        using var published = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", new
        {
            kind = "Circles", minSize = 2, maxSize = 4,
            circles = new[] { new { mentorId = mentor.Id, focus = "Negotiation", memberIds = new[] { lia.Id, lou.Id } } },
            cadence,
        });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var formed = Assert.Single((await published.Content.ReadFromJsonAsync<PublishedDto>(Json.Options))!.Circles);
        return new Circle(cohortId, formed, mentor, lia, lou);
    }

    [Fact]
    public async Task TheMentorMovesTheCircleToAFortnightInBerlinAndItsPeopleGetTheUpdatedRepeatingInvitation()
    {
        await using var server = await new RoundtableFactory(settings: _smtp.Settings("https://roundtable.example.org")).StartAsync();
        var circle = await CircleAsync(server, new { day = "Thursday", time = "16:30", durationMinutes = 45 });
        using var mira = await server.ClientAsAsync(circle.Mentor.Email);

        using var changed = await mira.PutAsJsonAsync($"/api/circles/{circle.Formed.CircleId}/cadence",
            new { day = "Tuesday", time = "09:30", timeZone = "Europe/Berlin", durationMinutes = 60, everyWeeks = 2, startsOn = "2027-03-02" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var dto = (await changed.Content.ReadFromJsonAsync<CircleDto>(Json.Options))!;
        Assert.Equal(new CadenceDto(DayOfWeek.Tuesday, "09:30", 60, "Europe/Berlin", 2, "2027-03-02"), dto.Cadence);
        // 2 March 2027 is winter in Berlin (UTC+1), 16 March still; 30 March is summer (UTC+2): the wall clock holds.
        Assert.Equal(
            [new(2027, 3, 2, 8, 30, 0, TimeSpan.Zero), new(2027, 3, 16, 8, 30, 0, TimeSpan.Zero), new(2027, 3, 30, 7, 30, 0, TimeSpan.Zero), new(2027, 4, 13, 7, 30, 0, TimeSpan.Zero)],
            dto.UpcomingMeetings.Select(m => m.Start));
        Assert.True(dto.CanChangeCadence);

        var email = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == circle.Lia.Email) && m.Subject!.StartsWith("Changed: Negotiation circle with Mira"), "Lia's update");
        Assert.Contains("Tue 2 Mar 2027, 08:30 (UTC)", email.Subject!);
        var calendar = Calendar.Load(email.Calendar()!)!;
        var meeting = Assert.Single(calendar.Events);
        Assert.Equal(($"{circle.Formed.RoomId}@roundtable", 1, "Europe/Berlin"), (meeting.Uid, meeting.Sequence, meeting.Start!.TzId));
        Assert.Equal(new DateTime(2027, 3, 2, 9, 30, 0), meeting.Start.Value);
        Assert.Equal((Ical.Net.FrequencyType.Weekly, 2), (meeting.RecurrenceRule!.Frequency, meeting.RecurrenceRule.Interval));
        Assert.Contains(calendar.TimeZones, z => z.TzId == "Europe/Berlin");
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == circle.Lou.Email) && m.Subject!.StartsWith("Changed: Negotiation circle with Mira"), "Lou's update");

        // Lia's calendar feed says the same.
        using var lia = await server.ClientAsAsync(circle.Lia.Email);
        var feed = (await (await lia.PostAsync("/api/me/calendar-feed", null)).Content.ReadFromJsonAsync<Scheduling.CalendarFeedDto>(Json.Options))!;
        var feedText = await lia.GetStringAsync(new Uri(feed.HttpsUrl!).PathAndQuery);
        var inFeed = Assert.Single(Calendar.Load(feedText)!.Events, e => e.Uid == $"{circle.Formed.RoomId}@roundtable");
        Assert.Equal((1, "Europe/Berlin", 2), (inFeed.Sequence, inFeed.Start!.TzId, inFeed.RecurrenceRule!.Interval));

        // The app tells them too, and lists the circle for its cohort with the new cadence.
        var mine = await lia.GetFromJsonAsync<MyMatchingDto>("/api/my-matching", Json.Options);
        Assert.Equal("Europe/Berlin", Assert.Single(mine!.Circles).Cadence.TimeZone);
        Assert.False(mine.Circles[0].CanChangeCadence);
    }

    [Fact]
    public async Task ACoachSkipsOneMeetingAndRestoresItAndTheCalendarsDropAndRegainThatDate()
    {
        await using var server = await new RoundtableFactory(settings: _smtp.Settings("https://roundtable.example.org")).StartAsync();
        var circle = await CircleAsync(server, new { day = "Tuesday", time = "09:30", timeZone = "Europe/Berlin", durationMinutes = 60, everyWeeks = 2, startsOn = "2027-03-02" });
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var first = new DateTimeOffset(2027, 3, 2, 8, 30, 0, TimeSpan.Zero);
        bool ToLia(MimeKit.MimeMessage m, string subject) => m.To.Mailboxes.Any(a => a.Address == circle.Lia.Email) && m.Subject!.StartsWith(subject);

        using var skipped = await admin.PostAsJsonAsync($"/api/circles/{circle.Formed.CircleId}/meetings/skip", new { start = first });
        Assert.True(HttpStatusCode.OK == skipped.StatusCode, await skipped.Content.ReadAsStringAsync());
        var dto = (await skipped.Content.ReadFromJsonAsync<CircleDto>(Json.Options))!;
        Assert.Equal([new MeetingDto(first, true), new MeetingDto(first.AddDays(14), false)], dto.UpcomingMeetings.Take(2));
        Assert.Equal(first.AddDays(14), dto.NextMeeting);
        var email = await _smtp.WaitForAsync(m => ToLia(m, "Changed: Negotiation circle with Mira, Tue 16 Mar 2027"), "the skip's update");
        var meeting = Assert.Single(Calendar.Load(email.Calendar()!)!.Events);
        Assert.Equal((1, new DateTime(2027, 3, 16, 9, 30, 0)), (meeting.Sequence, meeting.Start!.Value));
        Assert.Empty(meeting.ExceptionDates.GetAllDates());

        // Skipping a later one (in summer time: 07:30 UTC) leaves the next meeting where it is, and the calendars get an
        // EXDATE on Berlin's clock.
        var third = new DateTimeOffset(2027, 3, 30, 7, 30, 0, TimeSpan.Zero);
        using var later = await admin.PostAsJsonAsync($"/api/circles/{circle.Formed.CircleId}/meetings/skip", new { start = third });
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        email = await _smtp.WaitForAsync(m => ToLia(m, "Changed") && Calendar.Load(m.Calendar()!)!.Events.Single().Sequence == 2, "the second skip's update");
        meeting = Calendar.Load(email.Calendar()!)!.Events.Single();
        var exception = Assert.Single(meeting.ExceptionDates.GetAllDates());
        Assert.Equal((new DateTime(2027, 3, 30, 9, 30, 0), "Europe/Berlin"), (exception.Value, exception.TzId));

        using var restored = await admin.PostAsJsonAsync($"/api/circles/{circle.Formed.CircleId}/meetings/restore", new { start = third });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.DoesNotContain((await restored.Content.ReadFromJsonAsync<CircleDto>(Json.Options))!.UpcomingMeetings, m => m.Start == third && m.Skipped);
        email = await _smtp.WaitForAsync(m => ToLia(m, "Changed") && Calendar.Load(m.Calendar()!)!.Events.Single().Sequence == 3, "the restore's update");
        Assert.Empty(Calendar.Load(email.Calendar()!)!.Events.Single().ExceptionDates.GetAllDates());

        // Not a meeting of the circle: named as such, and nothing changes.
        using var wrong = await admin.PostAsJsonAsync($"/api/circles/{circle.Formed.CircleId}/meetings/skip", new { start = first.AddHours(1) });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(3, server.Get<Storage.RoundtableDb>().Roundtables.FindById(circle.Formed.RoomId).Sequence);
    }

    [Fact]
    public async Task OnlyTheMentorCoachesAndAdminsChangeItAndBadFieldsAreNamed()
    {
        await using var server = await new RoundtableFactory().StartAsync();
        var circle = await CircleAsync(server, new { day = "Thursday", time = "16:30", durationMinutes = 45 });
        var path = $"/api/circles/{circle.Formed.CircleId}/cadence";
        var good = new { day = "Monday", time = "08:00", timeZone = "UTC", durationMinutes = 30 };

        using var lia = await server.ClientAsAsync(circle.Lia.Email);
        using var refused = await lia.PutAsJsonAsync(path, good);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var outsider = await server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var hidden = await outsider.PutAsJsonAsync(path, good);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var unknown = await outsider.PutAsJsonAsync("/api/circles/nosuchcircle/cadence", good);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var bad = await admin.PutAsJsonAsync(path, new { day = "Monday", time = "25:00", timeZone = "Mars/Olympus", durationMinutes = 5, everyWeeks = 3, startsOn = "soon" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(Json.Options))!;
        Assert.Equal(["durationMinutes", "everyWeeks", "startsOn", "time", "timeZone"], problem.Errors.Keys.Order());
        Assert.Equal("Thursday", (await lia.GetFromJsonAsync<MyMatchingDto>("/api/my-matching", Json.Options))!.Circles[0].Cadence.Day.ToString());

        using var ok = await admin.PutAsJsonAsync(path, good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var listed = await admin.GetFromJsonAsync<CircleDto[]>($"/api/cohorts/{circle.CohortId}/circles", Json.Options);
        Assert.Equal((DayOfWeek.Monday, "08:00", "staff", true), (listed![0].Cadence.Day, listed[0].Cadence.Time, listed[0].MyPart, listed[0].CanChangeCadence));
        // The same again changes nothing: no second announcement.
        var sequence = server.Get<Storage.RoundtableDb>().Roundtables.FindById(circle.Formed.RoomId).Sequence;
        using var same = await admin.PutAsJsonAsync(path, good);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(sequence, server.Get<Storage.RoundtableDb>().Roundtables.FindById(circle.Formed.RoomId).Sequence);
    }

    [Fact]
    public async Task EachWeeksMeetingIsRemindedOnceADayAndAQuarterHourBefore()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(settings: _smtp.Settings("https://roundtable.example.org"), time: clock).StartAsync();
        var t0 = clock.GetUtcNow();
        var first = new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero).AddHours(24).AddMinutes(10);
        var circle = await CircleAsync(server, new { day = first.DayOfWeek.ToString(), time = first.ToString("HH:mm", CultureInfo.InvariantCulture), durationMinutes = 30 });
        bool ToLia(MimeKit.MimeMessage m) => m.To.Mailboxes.Any(a => a.Address == circle.Lia.Email);

        clock.Advance(TimeSpan.FromMinutes(11));
        var day = await _smtp.WaitForAsync(m => ToLia(m) && m.Subject!.StartsWith("Coming up: Negotiation circle with Mira"), "the day's reminder");
        Assert.Contains(first.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture), day.Subject!);
        clock.Advance(first - clock.GetUtcNow() - TimeSpan.FromMinutes(14));
        await _smtp.WaitForAsync(m => ToLia(m) && m.Subject == "Starting in 15 minutes: Negotiation circle with Mira", "the quarter hour's reminder");

        // A week on, the next meeting's reminders come in their turn.
        var next = first.AddDays(7);
        clock.Advance(next - clock.GetUtcNow() - TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await _smtp.WaitForAsync(m => ToLia(m) && m.Subject!.StartsWith("Coming up") && m.Subject!.Contains(next.ToString("d MMM yyyy", CultureInfo.InvariantCulture)), "next week's reminder");
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == circle.Mentor.Email) && m.Subject!.Contains(next.ToString("d MMM yyyy", CultureInfo.InvariantCulture)), "the mentor's reminder");
        Assert.Equal(2, _smtp.To(circle.Lia.Email).Count(m => m.Subject!.StartsWith("Coming up")));
        Assert.Single(_smtp.To(circle.Lia.Email), m => m.Subject!.StartsWith("Starting in 15 minutes"));
    }
}
