using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.AccessRequests;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Notifications;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests;

/// <summary>
/// Asking to join a cohort, against a real SMTP server: a program accepts requests once an admin lets it; the cohort's
/// coaches hear of each request in the app and by email and answer; the person who asked hears the answer.
/// </summary>
public sealed class AccessRequestsTests(AccessRequestsTests.Fixture fixture) : IClassFixture<AccessRequestsTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public TestSmtpServer Smtp { get; private set; } = null!;
        public RoundtableFactory Server { get; private set; } = null!;
        public string CohortId { get; private set; } = "";
        public string ProgramId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Smtp = await TestSmtpServer.StartAsync();
            Server = await new RoundtableFactory(settings: Smtp.Settings("https://roundtable.example.org")).StartAsync();
            (CohortId, _) = await Server.SeededCohortAsync();
            using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
            ProgramId = (await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options))![0].Id;
            using var set = await admin.PutAsJsonAsync($"/api/programs/{ProgramId}/access-requests", new { accepting = true });
            set.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private RoundtableFactory Server => fixture.Server;

    private async Task<(string Id, string Email, HttpClient Client)> NewcomerAsync(string name)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var id = await Server.NewUserAsync(email, displayName: $"{name} Newcomer");
        return (id, email, await Server.ClientAsAsync(email));
    }

    private async Task<AccessRequestDto> AskAsync(HttpClient client, string message = "")
    {
        using var response = await client.PostAsJsonAsync($"/api/cohorts/{fixture.CohortId}/access-requests", new { message });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccessRequestDto>(Json.Options))!;
    }

    [Fact]
    public async Task ANewcomerAsksTheCoachIsNotifiedAndEmailedApprovesAndTheNewcomerIsALearnerWhoHearsOfIt()
    {
        var (userId, email, newcomer) = await NewcomerAsync("Nadia");
        using (newcomer)
        {
            var open = await newcomer.GetFromJsonAsync<OpenProgramDto[]>("/api/access-requests/open", Json.Options);
            var cohort = Assert.Single(Assert.Single(open!, p => p.Id == fixture.ProgramId).Cohorts, c => c.Id == fixture.CohortId);
            Assert.False(cohort.Member);
            Assert.Null(cohort.PendingRequestId);

            var asked = await AskAsync(newcomer, "I run the **northern** sales team.");
            Assert.Equal(AccessRequestStatus.Pending, asked.Status);
            using (var again = await newcomer.PostAsJsonAsync($"/api/cohorts/{fixture.CohortId}/access-requests", new { message = "" }))
            {
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            }
            open = await newcomer.GetFromJsonAsync<OpenProgramDto[]>("/api/access-requests/open", Json.Options);
            Assert.Equal(asked.Id, open!.Single(p => p.Id == fixture.ProgramId).Cohorts.Single(c => c.Id == fixture.CohortId).PendingRequestId);

            // The coach hears of it in the app and by email, with the message as written.
            var mail = await fixture.Smtp.WaitForAsync(m => m.Subject == $"Nadia Newcomer asks to join {RoundtableFactory.SeededCohortName}"
                && m.To.Mailboxes.Any(a => a.Address == RoundtableFactory.CoachEmail), "the coach's email");
            Assert.Contains("I run the **northern** sales team.", mail.Body());
            Assert.Contains("https://roundtable.example.org/access-requests.html", mail.Body());
            using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
            var inbox = await coach.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
            Assert.Contains(inbox!.Items, n => n.Text == $"Nadia Newcomer asks to join {RoundtableFactory.SeededCohortName}." && n.Link == "/access-requests.html");
            var review = await coach.GetFromJsonAsync<AccessReviewDto>("/api/access-requests", Json.Options);
            Assert.False(review!.MaySetPrograms);
            Assert.Contains(review.Pending, r => r.Id == asked.Id && r.UserEmail == email);

            using var approved = await coach.PostAsync($"/api/access-requests/{asked.Id}/approve", null);
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            using var twice = await coach.PostAsync($"/api/access-requests/{asked.Id}/approve", null);
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

            var home = await newcomer.GetFromJsonAsync<HomeDto>("/api/home", Json.Options);
            Assert.Contains(home!.Cohorts, c => c.Cohort.Id == fixture.CohortId && c.Cohort.MyRole == Core.Rooms.RoomRole.Learner);
            var welcome = await fixture.Smtp.WaitForAsync(m => m.Subject == $"Welcome to {RoundtableFactory.SeededCohortName}" && m.To.Mailboxes.Any(a => a.Address == email), "the welcome");
            Assert.Contains("approved your request", welcome.Body());
            var mine = await newcomer.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
            Assert.Contains(mine!.Items, n => n.Kind == "access-approved");
            Assert.Equal(userId, (await newcomer.GetFromJsonAsync<Accounts.UserDto>("/api/me", Json.Options))!.Id);
        }
    }

    [Fact]
    public async Task ADeclineSaysWhyAndThePersonMayAskAgain()
    {
        var (_, email, newcomer) = await NewcomerAsync("Dara");
        using (newcomer)
        {
            var asked = await AskAsync(newcomer);
            using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
            using var tooLong = await admin.PostAsJsonAsync($"/api/access-requests/{asked.Id}/decline", new { reason = new string('x', 501) });
            Assert.Contains("500 characters", await AccountsApiTests.FieldErrorAsync(tooLong, "reason"));
            using var declined = await admin.PostAsJsonAsync($"/api/access-requests/{asked.Id}/decline", new { reason = "This cohort is full; the spring one opens in March." });
            Assert.Equal(AccessRequestStatus.Declined, (await declined.Content.ReadFromJsonAsync<AccessRequestDto>(Json.Options))!.Status);

            var answer = await fixture.Smtp.WaitForAsync(m => m.Subject == $"Your request to join {RoundtableFactory.SeededCohortName}" && m.To.Mailboxes.Any(a => a.Address == email), "the answer");
            Assert.Contains("the spring one opens in March", answer.Body());
            var home = await newcomer.GetFromJsonAsync<HomeDto>("/api/home", Json.Options);
            Assert.Empty(home!.Cohorts);
            await AskAsync(newcomer, "Still keen.");
        }
    }

    [Fact]
    public async Task AProgramThatDoesNotAcceptRequestsIsNotListedAndCannotBeAskedAndOnlyAdminsChange()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var created = await admin.PostAsJsonAsync("/api/programs", new { name = $"Closed program {Guid.NewGuid():N}", description = "" });
        var program = (await created.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!;
        using var cohortCreated = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = "Closed cohort" });
        var closedCohort = (await cohortCreated.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
        var (_, _, newcomer) = await NewcomerAsync("Cleo");
        using (newcomer)
        {
            var open = await newcomer.GetFromJsonAsync<OpenProgramDto[]>("/api/access-requests/open", Json.Options);
            Assert.DoesNotContain(open!, p => p.Id == program.Id);
            using var refused = await newcomer.PostAsJsonAsync($"/api/cohorts/{closedCohort.Id}/access-requests", new { message = "" });
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            using var notAdmin = await newcomer.PutAsJsonAsync($"/api/programs/{program.Id}/access-requests", new { accepting = true });
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
            using var bad = await admin.PutAsJsonAsync($"/api/programs/{program.Id}/access-requests", new { });
            await AccountsApiTests.FieldErrorAsync(bad, "accepting");
            using var tooLong = await newcomer.PostAsJsonAsync($"/api/cohorts/{fixture.CohortId}/access-requests", new { message = new string('m', 1001) });
            await AccountsApiTests.FieldErrorAsync(tooLong, "message");
        }
    }

    public enum Caller
    {
        Admin,
        Coach,
        Learner,
        Manager,
        OtherCohort,
        SignedOut,
    }

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out (docs/ACCESS.md).
    private static readonly (string Operation, int[] Statuses)[] Rows =
    [
        ("GET /api/access-requests/open", [200, 200, 200, 200, 200, 401]),
        ("POST /api/cohorts/{id}/access-requests", [201, 409, 409, 409, 201, 401]),
        ("GET /api/access-requests", [200, 200, 200, 200, 200, 401]),
        ("POST /api/access-requests/{id}/approve", [200, 200, 403, 403, 404, 401]),
        ("POST /api/access-requests/{id}/decline", [200, 200, 403, 403, 404, 401]),
        ("PUT /api/programs/{id}/access-requests", [200, 403, 403, 403, 403, 401]),
    ];

    public static TheoryData<string, Caller, int> Table()
    {
        var data = new TheoryData<string, Caller, int>();
        foreach (var (operation, statuses) in Rows)
        {
            for (var i = 0; i < statuses.Length; i++)
            {
                data.Add(operation, (Caller)i, statuses[i]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task AccessTableEachCallerGetsExactlyTheStatusInTheTable(string operation, Caller caller, int expected)
    {
        string? email = caller switch
        {
            Caller.Admin => RoundtableFactory.AdminEmail,
            Caller.Coach => RoundtableFactory.CoachEmail,
            Caller.Learner => RoundtableFactory.LenaEmail,
            Caller.Manager => RoundtableFactory.ManagerEmail,
            Caller.OtherCohort => await OtherCohortMemberAsync(),
            _ => null,
        };
        using var client = email is null ? Server.CreateClient() : await Server.ClientAsAsync(email);
        var requestId = operation.StartsWith("POST /api/access-requests/", StringComparison.Ordinal) ? (await NewRequestAsync()).Id : "";
        using var response = operation switch
        {
            "GET /api/access-requests/open" => await client.GetAsync("/api/access-requests/open"),
            "POST /api/cohorts/{id}/access-requests" => await client.PostAsJsonAsync($"/api/cohorts/{fixture.CohortId}/access-requests", new { message = "Please" }),
            "GET /api/access-requests" => await client.GetAsync("/api/access-requests"),
            "POST /api/access-requests/{id}/approve" => await client.PostAsync($"/api/access-requests/{requestId}/approve", null),
            "POST /api/access-requests/{id}/decline" => await client.PostAsJsonAsync($"/api/access-requests/{requestId}/decline", new { reason = "Full" }),
            "PUT /api/programs/{id}/access-requests" => await client.PutAsJsonAsync($"/api/programs/{fixture.ProgramId}/access-requests", new { accepting = true }),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        Assert.Equal(expected, (int)response.StatusCode);
    }

    private async Task<AccessRequestDto> NewRequestAsync()
    {
        var (_, _, newcomer) = await NewcomerAsync("Tabitha");
        using (newcomer)
        {
            return await AskAsync(newcomer);
        }
    }

    /// <summary>A new learner of another cohort of the same program (new each time, so each may ask once).</summary>
    private async Task<string> OtherCohortMemberAsync()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var created = await admin.PostAsJsonAsync($"/api/programs/{fixture.ProgramId}/cohorts", new { name = $"Other cohort {Guid.NewGuid():N}" });
        var cohort = (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
        var email = $"other-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email, cohort.Id);
        return email;
    }
}
