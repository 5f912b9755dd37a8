using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

/// <summary>Whom each person reports to: set by an admin, read back at once, never a loop.</summary>
public sealed class ReportingLineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task TheDemoLearnersReportToTheDemoManager()
    {
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var manager = await Server.ClientAsAsync(RoundtableFactory.ManagerEmail);

        var me = await lena.GetFromJsonAsync<UserDto>("/api/me", Json.Options);
        var managerMe = await manager.GetFromJsonAsync<UserDto>("/api/me", Json.Options);

        Assert.Equal(managerMe!.Id, me!.ManagerId);
        Assert.Null(managerMe.ManagerId);
    }

    [Fact]
    public async Task AnAdminSetsAndClearsAManagerAndTheChainIsFollowedUpwards()
    {
        var report = await Server.NewUserAsync(NewEmail("report"));
        var lead = await Server.NewUserAsync(NewEmail("lead"));
        var director = await Server.NewUserAsync(NewEmail("director"));
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);

        using var first = await admin.PutAsJsonAsync($"/api/users/{report}/manager", new { managerId = lead });
        using var second = await admin.PutAsJsonAsync($"/api/users/{lead}/manager", new { managerId = director });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(lead, (await first.Content.ReadFromJsonAsync<UserDto>(Json.Options))!.ManagerId);
        var access = Server.Get<CohortAccess>();
        Assert.Equal([lead, director], access.ReportingChain(report));
        Assert.True(access.InReportingLine(director, report));
        Assert.False(access.InReportingLine(report, await Server.NewUserAsync(NewEmail("outsider"))));

        using var cleared = await admin.PutAsJsonAsync($"/api/users/{report}/manager", new { managerId = (string?)null });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty(access.ReportingChain(report));
    }

    [Fact]
    public async Task ALoopIsRefusedAndNothingChanges()
    {
        var a = await Server.NewUserAsync(NewEmail("a"));
        var b = await Server.NewUserAsync(NewEmail("b"));
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var set = await admin.PutAsJsonAsync($"/api/users/{a}/manager", new { managerId = b });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        using var loop = await admin.PutAsJsonAsync($"/api/users/{b}/manager", new { managerId = a });
        using var self = await admin.PutAsJsonAsync($"/api/users/{a}/manager", new { managerId = a });
        using var unknown = await admin.PutAsJsonAsync($"/api/users/{a}/manager", new { managerId = "nobody" });
        using var missing = await admin.PutAsJsonAsync("/api/users/nobody/manager", new { managerId = b });

        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Contains("loop", await loop.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal([b], Server.Get<CohortAccess>().ReportingChain(a));
        Assert.Empty(Server.Get<CohortAccess>().ReportingChain(b));
    }

    [Fact]
    public async Task OnlyAnAdminSetsAManager()
    {
        var a = await Server.NewUserAsync(NewEmail("a"));
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        using var response = await coach.PutAsJsonAsync($"/api/users/{a}/manager", new { managerId = (string?)null });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
