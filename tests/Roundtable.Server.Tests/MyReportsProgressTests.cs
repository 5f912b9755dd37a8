using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.Dashboard;

namespace Roundtable.Server.Tests;

/// <summary>A manager's home: the people who report to them, with their progress figures in each cohort they learn in.</summary>
public sealed class MyReportsProgressTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<ReportProgressDto[]> ProgressOfAsync(string email)
    {
        using var client = await Server.ClientAsAsync(email);
        return (await client.GetFromJsonAsync<ReportProgressDto[]>("/api/my-reports/progress", Json.Options))!;
    }

    [Fact]
    public async Task EachManagerSeesOnlyTheirOwnReportsWithTheirPlansCounted()
    {
        var scene = await PlanScene.CreateAsync(Server);
        await scene.AssignAsync(Server);
        await scene.AssignAsync(Server, title: "Practise the opening");

        // Mo is not in the cohort; Ana reports to him. Nia is a manager member of it; Bo reports to her.
        var mo = Assert.Single(await ProgressOfAsync(scene.MoEmail));
        var nia = Assert.Single(await ProgressOfAsync(scene.NiaEmail));

        Assert.Equal(scene.Ana, mo.UserId);
        Assert.Equal(scene.Bo, nia.UserId);
        var ana = Assert.Single(mo.Cohorts);
        Assert.Equal(scene.CohortId, ana.CohortId);
        Assert.Equal(2, ana.PlansAssigned);
        Assert.Equal(0, ana.PlansDone);
        Assert.Equal(0, ana.PlansOverdue);
        Assert.Equal(0, ana.PresentationsGiven);
    }

    [Fact]
    public async Task SomeoneWithNoReportsGetsAnEmptyListAndSignedOutGets401()
    {
        var scene = await PlanScene.CreateAsync(Server);

        Assert.Empty(await ProgressOfAsync(scene.CyEmail));
        Assert.Empty(await ProgressOfAsync(scene.AnaEmail));
        using var anonymous = Server.CreateClient();
        using var response = await anonymous.GetAsync("/api/my-reports/progress");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
