using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Notifications;
using Roundtable.Server.Scheduling;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

/// <summary>Scheduling sessions and series in a time zone, changing them as one or one at a time, their calendar files and feeds.</summary>
public sealed class SchedulingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    internal static async Task<List<RoundtableDto>> ScheduleAsync(HttpClient client, string cohortId, object request)
    {
        using var response = await client.PostAsJsonAsync($"/api/cohorts/{cohortId}/schedule", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<ScheduleResultDto>(Json.Options))!.Roundtables];
    }

    internal static async Task<List<RoundtableDto>> ChangeAsync(HttpClient client, string roundtableId, object request)
    {
        using var response = await client.PutAsJsonAsync($"/api/roundtables/{roundtableId}/schedule", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<ScheduleResultDto>(Json.Options))!.Roundtables];
    }

    private async Task<RoundtableDto> GetAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<RoundtableDto>($"/api/roundtables/{id}", Json.Options))!;

    [Fact]
    public async Task AWeeklySeriesKeepsItsWallClockTimeAcrossTheChangeToSummerTime()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        // Berlin moves its clocks forward on 28 March 2027.
        var series = await ScheduleAsync(coach, cohortId, new
        {
            title = "Spring practice", start = "2027-03-16T10:00", timeZone = "Europe/Berlin", durationMinutes = 60, repeat = "Weekly", occurrences = 4,
        });

        Assert.Equal(
            [new DateTimeOffset(2027, 3, 16, 9, 0, 0, TimeSpan.Zero), new(2027, 3, 23, 9, 0, 0, TimeSpan.Zero), new(2027, 3, 30, 8, 0, 0, TimeSpan.Zero), new(2027, 4, 6, 8, 0, 0, TimeSpan.Zero)],
            series.Select(r => r.ScheduledStart.ToUniversalTime()));
        Assert.All(series, r => Assert.Equal(("Europe/Berlin", 0, series[0].SeriesId), (r.TimeZone, r.Sequence, r.SeriesId)));
        Assert.NotNull(series[0].SeriesId);
    }

    [Fact]
    public async Task AFortnightlySeriesEndsOnItsLastDate()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var series = await ScheduleAsync(coach, cohortId, new
        {
            title = "Fortnightly", start = "2027-05-03T14:30", timeZone = "America/New_York", durationMinutes = 45, repeat = "Fortnightly", until = "2027-06-14",
        });
        Assert.Equal(4, series.Count); // 3 May, 17 May, 31 May, 14 June
        Assert.Equal(new DateTimeOffset(2027, 6, 14, 18, 30, 0, TimeSpan.Zero), series[^1].ScheduledStart.ToUniversalTime());
    }

    [Fact]
    public async Task BadInputIsRefusedFieldByFieldAndWritesNothing()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var before = Server.Get<RoundtableDb>().Roundtables.Count();
        using var response = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/schedule", new
        {
            title = "", start = "tomorrow", timeZone = "Mars/Olympus", durationMinutes = 2, repeat = "Weekly",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(Json.Options);
        Assert.Equal(["durationMinutes", "occurrences", "start", "timeZone", "title"], problem!.Errors.Keys.Order());
        Assert.Equal(before, Server.Get<RoundtableDb>().Roundtables.Count());
    }

    [Fact]
    public async Task ChangingOneOccurrenceLeavesTheRestOfTheSeries()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var series = await ScheduleAsync(coach, cohortId, new
        {
            title = "Weekly", start = "2027-01-12T10:00", timeZone = "Europe/Berlin", durationMinutes = 60, repeat = "Weekly", occurrences = 3,
        });

        var changed = await ChangeAsync(coach, series[1].Id, new
        {
            scope = "this", title = "Weekly (moved)", start = "2027-01-20T16:00", timeZone = "Europe/Berlin", durationMinutes = 90,
        });

        var moved = Assert.Single(changed);
        Assert.Equal((series[1].Id, "Weekly (moved)", new DateTimeOffset(2027, 1, 20, 15, 0, 0, TimeSpan.Zero), 90, 1),
            (moved.Id, moved.Title, moved.ScheduledStart.ToUniversalTime(), moved.DurationMinutes, moved.Sequence));
        Assert.Equal(series[0], await GetAsync(coach, series[0].Id));
        Assert.Equal(series[2], await GetAsync(coach, series[2].Id));
    }

    [Fact]
    public async Task ChangingTheSeriesFromOneOccurrenceMovesThatOneAndTheLaterOnesEachToItsNextSequence()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var series = await ScheduleAsync(coach, cohortId, new
        {
            title = "Series", start = "2027-02-02T10:00", timeZone = "Europe/Berlin", durationMinutes = 60, repeat = "Weekly", occurrences = 4,
        });
        await ChangeAsync(coach, series[2].Id, new { scope = "this", title = "Series", start = "2027-02-16T11:00", timeZone = "Europe/Berlin", durationMinutes = 60 });

        // From the second on: a day later (Wednesday), at 09:00, titled anew.
        var changed = await ChangeAsync(coach, series[1].Id, new
        {
            scope = "following", title = "Series, Wednesdays", start = "2027-02-10T09:00", timeZone = "Europe/Berlin", durationMinutes = 60,
        });

        Assert.Equal([series[1].Id, series[2].Id, series[3].Id], changed.Select(r => r.Id));
        Assert.Equal([new DateTimeOffset(2027, 2, 10, 8, 0, 0, TimeSpan.Zero), new(2027, 2, 17, 8, 0, 0, TimeSpan.Zero), new(2027, 2, 24, 8, 0, 0, TimeSpan.Zero)],
            changed.Select(r => r.ScheduledStart.ToUniversalTime()));
        Assert.Equal([1, 2, 1], changed.Select(r => r.Sequence));
        Assert.All(changed, r => Assert.Equal("Series, Wednesdays", r.Title));
        Assert.Equal(series[0], await GetAsync(coach, series[0].Id));
    }

    [Fact]
    public async Task CancellingTheRestOfASeriesLeavesEarlierOnesAndACancelledSessionCannotBeJoinedOrChanged()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var series = await ScheduleAsync(coach, cohortId, new
        {
            title = "To cancel", start = "2027-04-06T10:00", timeZone = "UTC", durationMinutes = 60, repeat = "Weekly", occurrences = 3,
        });

        using var cancel = await coach.PostAsJsonAsync($"/api/roundtables/{series[1].Id}/cancel", new { scope = "following" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var cancelled = await Task.WhenAll(series.Select(async r => (await GetAsync(coach, r.Id)).Cancelled));
        Assert.Equal([false, true, true], cancelled);
        Assert.Equal(1, (await GetAsync(coach, series[1].Id)).Sequence);
        using var again = await coach.PutAsJsonAsync($"/api/roundtables/{series[1].Id}/schedule", new { scope = "this", title = "Back", start = "2027-04-13T10:00", timeZone = "UTC", durationMinutes = 60 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        await using var learner = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        var refused = await Assert.ThrowsAsync<HubException>(() => learner.JoinAsync(series[1].Id));
        Assert.Contains("was cancelled", refused.Message);
        await using var coachRoom = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail));
        var start = await Assert.ThrowsAsync<HubException>(() => coachRoom.Connection.InvokeAsync("StartRoundtable", series[2].Id));
        Assert.Contains("was cancelled", start.Message);
    }

    [Fact]
    public async Task ALiveOrEndedRoundtableCannotBeMovedOrCancelled()
    {
        var (_, liveId) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var move = await coach.PutAsJsonAsync($"/api/roundtables/{liveId}/schedule", new { scope = "this", title = "Moved", start = "2027-04-13T10:00", timeZone = "UTC", durationMinutes = 60 });
        Assert.Equal(HttpStatusCode.Conflict, move.StatusCode);
        Assert.Contains("is live", await move.Content.ReadAsStringAsync());
        using var cancel = await coach.PostAsJsonAsync($"/api/roundtables/{liveId}/cancel", new { scope = "this" });
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
    }

    [Fact]
    public async Task TheCalendarFileParsesBackWithAStableUidAndTheSequenceOfEachChange()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var learner = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var one = (await ScheduleAsync(coach, cohortId, new { title = "Calendar me", start = "2027-06-01T10:00", timeZone = "Europe/Berlin", durationMinutes = 45 }))[0];

        var first = Calendar.Load(await learner.GetStringAsync($"/api/roundtables/{one.Id}/calendar.ics"))!;
        var evt = Assert.Single(first.Events);
        Assert.Equal("PUBLISH", first.Method);
        Assert.Equal(($"{one.Id}@roundtable", 0, "Calendar me", "CONFIRMED"), (evt.Uid, evt.Sequence, evt.Summary, evt.Status));
        Assert.Equal(new DateTime(2027, 6, 1, 8, 0, 0, DateTimeKind.Utc), evt.Start!.AsUtc);
        Assert.Equal(new DateTime(2027, 6, 1, 8, 45, 0, DateTimeKind.Utc), evt.End!.AsUtc);
        Assert.EndsWith($"/room.html?id={one.Id}", evt.Url!.ToString());

        await ChangeAsync(coach, one.Id, new { scope = "this", title = "Calendar me", start = "2027-06-02T10:00", timeZone = "Europe/Berlin", durationMinutes = 45 });
        await coach.PostAsJsonAsync($"/api/roundtables/{one.Id}/cancel", new { scope = "this" });
        var last = Assert.Single(Calendar.Load(await learner.GetStringAsync($"/api/roundtables/{one.Id}/calendar.ics"))!.Events);
        Assert.Equal(($"{one.Id}@roundtable", 2, "CANCELLED"), (last.Uid, last.Sequence, last.Status));
        Assert.Equal(new DateTime(2027, 6, 2, 8, 0, 0, DateTimeKind.Utc), last.Start!.AsUtc);
    }

    [Fact]
    public async Task ACalendarFeedCarriesThePersonsSessionsUntilRenewedOrRevoked()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var theo = await Server.ClientAsAsync(RoundtableFactory.TheoEmail);
        var one = (await ScheduleAsync(coach, cohortId, new { title = "In the feed", start = "2027-07-01T10:00", timeZone = "UTC", durationMinutes = 30 }))[0];

        Assert.False((await theo.GetFromJsonAsync<CalendarFeedDto>("/api/me/calendar-feed", Json.Options))!.Active);
        using var issued = await theo.PostAsync("/api/me/calendar-feed", null);
        var feed = (await issued.Content.ReadFromJsonAsync<CalendarFeedDto>(Json.Options))!;
        Assert.StartsWith("webcal://", feed.WebcalUrl);
        var (https, webcal) = (feed.HttpsUrl!, feed.WebcalUrl!);
        Assert.Equal(https[https.IndexOf("://", StringComparison.Ordinal)..], webcal[webcal.IndexOf("://", StringComparison.Ordinal)..]);
        var path = new Uri(https).AbsolutePath;
        var token = path["/calendar/".Length..^".ics".Length];
        // Only a hash of the token is kept.
        Assert.DoesNotContain(Server.Get<RoundtableDb>().CalendarFeeds.FindAll(), f => f.Id.Contains(token) || f.Id == token);
        var status = (await theo.GetFromJsonAsync<CalendarFeedDto>("/api/me/calendar-feed", Json.Options))!;
        Assert.True(status.Active);
        Assert.Null(status.HttpsUrl);

        using var anonymous = Server.CreateClient();
        var calendar = Calendar.Load(await anonymous.GetStringAsync(path))!;
        Assert.Contains(calendar.Events, e => e.Uid == $"{one.Id}@roundtable" && e.Summary == "In the feed");

        using var renewed = await theo.PostAsync("/api/me/calendar-feed", null);
        var newPath = new Uri((await renewed.Content.ReadFromJsonAsync<CalendarFeedDto>(Json.Options))!.HttpsUrl!).AbsolutePath;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(newPath)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await theo.DeleteAsync("/api/me/calendar-feed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(newPath)).StatusCode);
        Assert.False((await theo.GetFromJsonAsync<CalendarFeedDto>("/api/me/calendar-feed", Json.Options))!.Active);
    }

    [Fact]
    public async Task APersonSetsTheirTimeZoneAndMeAnswersIt()
    {
        var email = $"zone-{Guid.NewGuid():N}@example.org";
        await Server.NewUserAsync(email);
        using var client = await Server.ClientAsAsync(email);
        Assert.Null((await client.GetFromJsonAsync<UserDto>("/api/me", Json.Options))!.TimeZone);

        using var bad = await client.PutAsJsonAsync("/api/me/time-zone", new { timeZone = "Europe/Atlantis" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("timeZone", await bad.Content.ReadAsStringAsync());

        using var set = await client.PutAsJsonAsync("/api/me/time-zone", new { timeZone = "Asia/Kolkata" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("Asia/Kolkata", (await client.GetFromJsonAsync<UserDto>("/api/me", Json.Options))!.TimeZone);
    }

    [Fact]
    public async Task MembersAreNotifiedInTheAppOfAChangeAndWhenTheRoomGoesLive()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var noor = await Server.ClientAsAsync(RoundtableFactory.NoorEmail);
        var one = (await ScheduleAsync(coach, cohortId, new { title = "Notify me", start = "2027-08-03T10:00", timeZone = "UTC", durationMinutes = 30 }))[0];

        var inbox = (await noor.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options))!;
        Assert.Contains(inbox.Items, n => n.Text == "Cora Coach scheduled “Notify me” on Tue 3 Aug 2027, 10:00 (UTC)." && n.Link == $"/schedule.html?cohort={cohortId}");

        await using var room = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail));
        await room.JoinAsync(one.Id);
        await room.Connection.InvokeAsync("StartRoundtable", one.Id);
        await Eventually.UntilAsync(async () => (await noor.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options))!.Items
            .Any(n => n.Text == "“Notify me” is live — join now." && n.Link == $"/room.html?id={one.Id}"), "the live notification");
    }
}
