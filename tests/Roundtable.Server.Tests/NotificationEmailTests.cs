using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Email;
using Roundtable.Server.Matching;
using Roundtable.Server.Notifications;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests;

/// <summary>
/// What matching and plans tell people, in the app and by email at a real SMTP server: mentor requests and their
/// answers, a place in a circle, feedback on a plan; each email once, and only to whoever receives that kind.
/// </summary>
public sealed class NotificationEmailTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private RoundtableFactory _server = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _server = await new RoundtableFactory(settings: _smtp.Settings("https://roundtable.example.org")).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private static object Profile(object[]? offers = null, object[]? wants = null, int capacity = 0) => new
    {
        offers = offers ?? [],
        wants = wants ?? [],
        goalsMarkdown = "",
        availability = new[] { new { day = "Monday", part = "Morning" } },
        mentorCapacity = capacity,
    };

    private async Task<string> NewCohortAsync()
    {
        using var admin = await _server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programs = await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options);
        using var created = await admin.PostAsJsonAsync($"/api/programs/{programs![0].Id}/cohorts", new { name = "Notify " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
    }

    private async Task<(string Id, string Email)> PersonAsync(string cohortId, string name, object profile, CohortRole role = CohortRole.Learner)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}"[..16] + "@example.org";
        var id = await _server.NewUserAsync(email, cohortId, role, displayName: name);
        using var client = await _server.ClientAsAsync(email);
        using var saved = await client.PutAsJsonAsync("/api/profile", profile);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        return (id, email);
    }

    private static async Task<NotificationsDto> NotificationsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options))!;

    [Fact]
    public async Task AMentorRequestAndItsAnswerReachBothPeopleInTheAppAndByEmail()
    {
        var cohortId = await NewCohortAsync();
        var mentor = await PersonAsync(cohortId, "Max", Profile(offers: [new { name = "Hiring", level = 4 }], capacity: 1), CohortRole.Coach);
        var learner = await PersonAsync(cohortId, "Fay", Profile(wants: [new { name = "Hiring", level = 1 }]));
        using var fay = await _server.ClientAsAsync(learner.Email);
        using var max = await _server.ClientAsAsync(mentor.Email);

        // The mentor's page is open: the notification arrives live as well.
        var arrived = new TaskCompletionSource<NotificationDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var live = RoomClient.Build(_server, await _server.TokenAsync(mentor.Email), NotificationsHub.Path);
        live.On<NotificationDto>(nameof(INotificationsClient.NotificationArrived), n => arrived.TrySetResult(n));
        await live.StartAsync();

        using var asked = await fay.PostAsJsonAsync($"/api/cohorts/{cohortId}/mentor-requests", new { mentorId = mentor.Id, message = "Please" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var request = (await asked.Content.ReadFromJsonAsync<MentorRequestDto>(Json.Options))!;

        var pushed = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Fay asks you to be their mentor.", pushed.Text);
        var email = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == mentor.Email), "the request's email to the mentor");
        Assert.Equal("Fay asks you to be their mentor.", email.Subject);
        Assert.Contains("https://roundtable.example.org/circles.html", email.Body());
        Assert.Equal(EmailKinds.MentorRequests, email.Headers["X-Roundtable-Kind"]);

        using var answered = await max.PostAsJsonAsync($"/api/mentor-requests/{request.RequestId}/answer", new { accept = true });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var answer = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == learner.Email), "the answer's email to the learner");
        Assert.Equal("Max accepted your mentor request.", answer.Subject);
        Assert.Contains(await NotificationsAsync(fay) is var mine ? mine.Items : [], n => n.Text == "Max accepted your mentor request." && !n.Read);
        // The acceptance also formed the mentorship: that says nothing twice.
        Assert.Single(_smtp.To(learner.Email));
    }

    [Fact]
    public async Task PeoplePlacedInACircleAreToldOnceAndThoseWhoTurnedItOffGetNoEmail()
    {
        var cohortId = await NewCohortAsync();
        var mentor = await PersonAsync(cohortId, "Mira", Profile(offers: [new { name = "Negotiation", level = 4 }], capacity: 3), CohortRole.Coach);
        var lia = await PersonAsync(cohortId, "Lia", Profile(wants: [new { name = "Negotiation", level = 1 }]));
        var lou = await PersonAsync(cohortId, "Lou", Profile(wants: [new { name = "Negotiation", level = 1 }]));
        using (var louClient = await _server.ClientAsAsync(lou.Email))
        {
            using var off = await louClient.PutAsJsonAsync("/api/me/email-preferences", new { kind = EmailKinds.CirclePlacement, receive = false });
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }
        using var admin = await _server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var circles = new
        {
            kind = "Circles", minSize = 2, maxSize = 4,
            circles = new[] { new { mentorId = mentor.Id, focus = "Negotiation", memberIds = new[] { lia.Id, lou.Id } } },
            cadence = new { day = "Thursday", time = "16:30", durationMinutes = 45 },
        };
        using var published = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/matching/publish", circles);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        const string Text = "You are in a circle on “Negotiation”; it meets Thursdays at 16:30 (UTC).";
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == lia.Email) && m.Subject == Text, "Lia's circle email");
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == mentor.Email) && m.Subject == Text, "the mentor's circle email");
        using var louClient2 = await _server.ClientAsAsync(lou.Email);
        // Lou is told in the app, not by email.
        Assert.Contains((await NotificationsAsync(louClient2)).Items, n => n.Text == Text);
        await Eventually.UntilAsync(() => _server.Get<Storage.RoundtableDb>().Notifications.Count(n => n.Text == Text) == 3, "three circle notifications");
        // (The circle's reminders may reach Lou, who still receives reminders: only the placement is off.)
        Assert.DoesNotContain(_smtp.To(lou.Email), m => m.Subject == Text);
    }
}
