using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Invitations;

namespace Roundtable.Server.Tests;

/// <summary>
/// Inviting people into a cohort: one at a time, or from a CSV file that is previewed row by row before anything is
/// written, imported all or nothing, and can be imported again without changing anything.
/// </summary>
public sealed class InvitationsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task APreviewListsEveryRowsErrorsAndWritesNothing()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = await FreshCohortAsync(admin);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            email,name,role,manager_email
            ok-{tag}@example.org,Ok Person,learner,
            not-an-email,Bad Email,learner,
            noname-{tag}@example.org,,learner,
            role-{tag}@example.org,Bad Role,wizard,
            boss-{tag}@example.org,Unknown Boss,learner,nobody-{tag}@example.org
            ok-{tag}@example.org,Twice,learner,
            loop-a-{tag}@example.org,Loop A,manager,loop-b-{tag}@example.org
            loop-b-{tag}@example.org,Loop B,manager,loop-a-{tag}@example.org
            self-{tag}@example.org,Self,learner,self-{tag}@example.org
            """;
        var before = await DirectoryVersionAsync();

        var preview = await PreviewAsync(admin, cohort.Id, csv);

        Assert.False(preview.CanImport);
        Assert.Equal(8, preview.RowsWithErrors);
        string Errors(int row) => string.Join(" ", preview.Rows.Single(r => r.Row == row).Errors.Select(e => $"{e.Field}: {e.Message}"));
        Assert.Empty(preview.Rows.Single(r => r.Row == 2).Errors);
        Assert.Equal(InvitationAction.Invite, preview.Rows.Single(r => r.Row == 2).Action);
        Assert.Contains("email: 'not-an-email' is not a valid email address.", Errors(3));
        Assert.Contains("name: The name is missing.", Errors(4));
        Assert.Contains("role: 'wizard' is not a role", Errors(5));
        Assert.Contains("managerEmail: The manager", Errors(6));
        Assert.Contains("email: This email is already in row 2", Errors(7));
        Assert.Contains("loop", Errors(8));
        Assert.Contains("loop", Errors(9));
        Assert.Contains("own manager", Errors(10));
        await AssertNothingWrittenSinceAsync(before);

        using var import = await ImportAsync(admin, cohort.Id, csv);
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        var problem = (await import.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!;
        Assert.Contains("row 3", problem.Errors.Keys);
        Assert.Contains("nothing was imported", problem.Detail);
        await AssertNothingWrittenSinceAsync(before);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<UserDto[]>("/api/users", Json.Options))!, u => u.Email == $"ok-{tag}@example.org");
    }

    [Fact]
    public async Task AFixedFileIsImportedInOneAppendAndImportingItAgainChangesNothing()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = await FreshCohortAsync(admin);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var existingEmail = $"existing-{tag}@example.org";
        var existing = await Server.NewUserAsync(existingEmail);
        var lines = new List<string> { "email,name,role,manager_email", $"boss-{tag}@example.org,Big Boss,manager,{existingEmail}" };
        lines.AddRange(Enumerable.Range(1, 5).Select(i => $"learner{i}-{tag}@example.org,Learner {i},Learner,boss-{tag}@example.org"));
        lines.Add($"\"{existingEmail.ToUpperInvariant()}\" , Someone Else , observer ,");
        var csv = string.Join("\r\n", lines);
        var before = await DirectoryVersionAsync();

        var preview = await PreviewAsync(admin, cohort.Id, csv);
        Assert.True(preview.CanImport);
        Assert.Equal((6, 1, 0, 6), (preview.Invitations, preview.Enrolments, preview.RoleChanges, preview.ManagerChanges));
        await AssertNothingWrittenSinceAsync(before);

        using (var import = await ImportAsync(admin, cohort.Id, csv))
        {
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        }
        // One append: the directory moved on by exactly the events of the rows, all at once.
        var log = Server.Services.GetRequiredService<IEventLog>();
        var appended = await log.ReadStreamAsync(StreamNames.Directory, before, 100);
        Assert.Equal(6 + 7 + 6, appended.Count);
        Assert.Single(appended.Select(e => e.At).Distinct());

        var members = (await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohort.Id}/members", Json.Options))!;
        Assert.Equal(7, members.Length);
        var boss = members.Single(m => m.DisplayName == "Big Boss");
        Assert.Equal((CohortRole.Manager, existing, true), (boss.Role, boss.ManagerId, boss.Invited));
        Assert.All(members.Where(m => m.DisplayName.StartsWith("Learner ")), m => Assert.Equal((CohortRole.Learner, boss.UserId), (m.Role, m.ManagerId)));
        var known = members.Single(m => m.UserId == existing);
        Assert.Equal((CohortRole.Observer, false), (known.Role, known.Invited));
        Assert.NotEqual("Someone Else", known.DisplayName);

        var again = await PreviewAsync(admin, cohort.Id, csv);
        Assert.All(again.Rows, r => Assert.Equal(InvitationAction.Nothing, r.Action));
        Assert.Equal(7, again.Unchanged);
        var version = await DirectoryVersionAsync();
        using (var reimport = await ImportAsync(admin, cohort.Id, csv))
        {
            Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
        }
        await AssertNothingWrittenSinceAsync(version);

        // A changed role in the file is what a re-import changes, and only that.
        var promoted = await PreviewAsync(admin, cohort.Id, csv.Replace("Learner 5,Learner", "Learner 5,manager"));
        Assert.Equal(InvitationAction.ChangeRole, promoted.Rows.Single(r => r.Name == "Learner 5").Action);
        Assert.Equal(1, promoted.RoleChanges);
    }

    [Fact]
    public async Task TheLargestFileAllowedIsImportedWhole()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = await FreshCohortAsync(admin);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = "email,name,role,manager_email\n" + string.Concat(Enumerable.Range(0, InvitationCsv.MaxRows).Select(i =>
            $"p{i}-{tag}@example.org,Person {i},{(i < 100 ? "manager" : "learner")},{(i < 100 ? "" : $"p{i % 100}-{tag}@example.org")}\n"));

        Assert.True((await PreviewAsync(admin, cohort.Id, csv)).CanImport);
        using var import = await ImportAsync(admin, cohort.Id, csv);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var result = (await import.Content.ReadFromJsonAsync<InvitationPreview>(Json.Options))!;
        Assert.Equal((2000, 1900), (result.Invitations, result.ManagerChanges));
        Assert.Equal(2000, (await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohort.Id}/members", Json.Options))!.Length);
    }

    [Theory]
    [InlineData("too large")]
    [InlineData("not csv")]
    [InlineData("wrong header")]
    [InlineData("too many rows")]
    [InlineData("empty")]
    public async Task AFileThatCannotBeReadIsRefusedWhole(string what)
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = await FreshCohortAsync(admin);
        byte[] content = what switch
        {
            "too large" => Encoding.UTF8.GetBytes("email,name,role\n" + new string('x', InvitationCsv.MaxBytes)),
            "not csv" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF, 0xFE],
            "wrong header" => Encoding.UTF8.GetBytes("mail;full name\nx@example.org;X\n"),
            "too many rows" => Encoding.UTF8.GetBytes("email,name,role\n" + string.Concat(Enumerable.Range(0, 2001).Select(i => $"p{i}@example.org,P {i},learner\n"))),
            _ => [],
        };
        var before = await DirectoryVersionAsync();

        using var response = await admin.PostAsync($"/api/cohorts/{cohort.Id}/invitations/preview", new ByteArrayContent(content));
        var preview = (await response.Content.ReadFromJsonAsync<InvitationPreview>(Json.Options))!;

        Assert.False(preview.CanImport);
        Assert.Empty(preview.Rows);
        Assert.Contains(what switch
        {
            "too large" => "the limit is 512 KB",
            "not csv" => "not a CSV text file",
            "wrong header" => "must be the header",
            "too many rows" => "at most 2,000",
            _ => "empty",
        }, preview.FileErrors.Single());
        using var import = await admin.PostAsync($"/api/cohorts/{cohort.Id}/invitations/import", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        await AssertNothingWrittenSinceAsync(before);
    }

    [Fact]
    public async Task ACoachInvitesLearnersManagersAndObserversButNoCoaches()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var outsider = $"outside-{tag}@example.org";
        await Server.NewUserAsync(outsider);

        var preview = await PreviewAsync(coach, cohortId, $"""
            email,name,role,manager_email
            new-{tag}@example.org,New Learner,learner,manager@roundtable.local
            watch-{tag}@example.org,Watcher,observer,
            coach-{tag}@example.org,Would Coach,coach,
            {outsider},Outsider,learner,
            """);

        Assert.Equal([InvitationAction.Invite, InvitationAction.Invite, null, null], preview.Rows.Select(r => r.Action));
        Assert.Contains("Only an admin can add coaches.", preview.Rows[2].Errors.Select(e => e.Message));
        Assert.Contains("outside this program", preview.Rows[3].Errors.Single().Message);

        using (var one = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/invitations", new { email = $"one-{tag}@example.org", name = "One", role = "observer" }))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            Assert.Equal(InvitationAction.Invite, (await one.Content.ReadFromJsonAsync<InvitationRowPlan>(Json.Options))!.Action);
        }
        using (var asCoach = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/invitations", new { email = $"c-{tag}@example.org", name = "C", role = "coach" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, asCoach.StatusCode);
            Assert.Contains("role", (await asCoach.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!.Errors.Keys);
        }
        using (var badEmail = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/invitations", new { email = "nope", name = "", role = "learner" }))
        {
            var errors = (await badEmail.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options))!.Errors;
            Assert.Equal(["email", "name"], errors.Keys.Order());
        }
        var members = (await coach.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohortId}/members", Json.Options))!;
        Assert.Contains(members, m => m.DisplayName == "One" && m.Role == CohortRole.Observer && m.Invited);
    }

    /// <summary>
    /// Nothing but invitation links since <paramref name="version"/>: those the invitation mailer issues, in the
    /// background, for people invited by earlier tests.
    /// </summary>
    private async Task AssertNothingWrittenSinceAsync(long version)
    {
        var since = await Server.Services.GetRequiredService<IEventLog>().ReadStreamAsync(StreamNames.Directory, version, 10_000);
        Assert.All(since, stored => Assert.IsType<InvitationIssued>(stored.Event));
    }

    private async Task<long> DirectoryVersionAsync() =>
        await Server.Services.GetRequiredService<IEventLog>().GetStreamVersionAsync(StreamNames.Directory);

    private static async Task<CohortDto> FreshCohortAsync(HttpClient admin) =>
        await SetupApiTests.NewCohortAsync(admin, (await SetupApiTests.NewProgramAsync(admin)).Id);

    internal static async Task<InvitationPreview> PreviewAsync(HttpClient client, string cohortId, string csv)
    {
        using var response = await client.PostAsync($"/api/cohorts/{cohortId}/invitations/preview", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InvitationPreview>(Json.Options))!;
    }

    internal static Task<HttpResponseMessage> ImportAsync(HttpClient client, string cohortId, string csv) =>
        client.PostAsync($"/api/cohorts/{cohortId}/invitations/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
}
