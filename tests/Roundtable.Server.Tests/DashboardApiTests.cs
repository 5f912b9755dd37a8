using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

/// <summary>The dashboard over HTTP: who may read what, and figures that follow what happened in the rooms.</summary>
public sealed class DashboardApiTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
{
    private const bool Allow = true;
    private const bool Deny = false;

    private RoundtableFactory Server => fixture.Server;

    // Columns: admin, coach of this cohort, learner (Liam), manager, member of another cohort, signed out.
    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Table => new()
    {
        { "cohort dashboard", Allow, Allow, Deny, Deny, Deny, Deny },
        { "Lena's progress", Allow, Allow, Deny, Allow, Deny, Deny },
        { "program improvement", Allow, Allow, Deny, Deny, Deny, Deny },
        { "thresholds", Allow, Allow, Deny, Deny, Deny, Deny },
        { "roundtable summary", Allow, Allow, Allow, Allow, Deny, Deny },
        { "cohort calibration", Allow, Allow, Deny, Deny, Deny, Deny },
        { "calibrated aggregate choice", Allow, Allow, Deny, Deny, Deny, Deny },
        { "Lena's calibration", Allow, Allow, Deny, Deny, Deny, Deny },
        { "calibrated aggregate of Lena's presentation in a summary", Allow, Allow, Deny, Deny, Deny, Deny },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerIsAllowedOrRefusedExactly(string what, bool admin, bool coach, bool learner, bool manager, bool otherCohort, bool signedOut)
    {
        var (cohortId, liveRoomId) = await Server.SeededCohortAsync();
        var programId = await ProgramIdAsync(cohortId);
        if (what.StartsWith("calibrated aggregate of", StringComparison.Ordinal))
        {
            await CalibratedAggregateRowAsync(cohortId, what, [admin, coach, learner, manager, otherCohort, signedOut]);
            return;
        }
        await AccessTable.AssertRowAsync(what, fixture.OtherCohortEmail, [admin, coach, learner, manager, otherCohort, signedOut], async email =>
        {
            using var http = email is null ? Server.CreateClient() : await Server.ClientAsAsync(email);
            using var response = what switch
            {
                "cohort dashboard" => await http.GetAsync($"/api/cohorts/{cohortId}/dashboard"),
                "Lena's progress" => await http.GetAsync($"/api/cohorts/{cohortId}/learners/{fixture.LenaId}/progress"),
                "program improvement" => await http.GetAsync($"/api/programs/{programId}/improvement"),
                "thresholds" => await http.PutAsJsonAsync($"/api/programs/{programId}/dashboard/thresholds", new { missedSessionsInARow = 2 }),
                "cohort calibration" => await http.GetAsync($"/api/cohorts/{cohortId}/calibration"),
                "calibrated aggregate choice" => await http.PutAsJsonAsync($"/api/cohorts/{cohortId}/calibration/calibrated-aggregate", new { shown = false }),
                "Lena's calibration" => await http.GetAsync($"/api/users/{fixture.LenaId}/calibration"),
                _ => await http.GetAsync($"/api/roundtables/{liveRoomId}/summary"),
            };
            return (response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        });
    }

    /// <summary>Who is given the calibrated aggregate of Lena's released pitch on its roundtable's summary (the switch on).</summary>
    private async Task CalibratedAggregateRowAsync(string cohortId, string what, bool[] expected)
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        (await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/calibration/calibrated-aggregate", new { shown = true })).EnsureSuccessStatusCode();
        var home = (await admin.GetFromJsonAsync<HomeDto>("/api/home", Json.Options))!;
        var pitches = home.Cohorts.SelectMany(c => c.Roundtables).Single(r => r.Title == "Practice round: elevator pitches").Id;
        await AccessTable.AssertRowAsync(what, fixture.OtherCohortEmail, expected, async email =>
        {
            using var http = email is null ? Server.CreateClient() : await Server.ClientAsAsync(email);
            using var response = await http.GetAsync($"/api/roundtables/{pitches}/summary");
            if (!response.IsSuccessStatusCode)
            {
                return (false, $"{(int)response.StatusCode}");
            }
            var summary = (await response.Content.ReadFromJsonAsync<RoundtableSummary>(Json.Options))!;
            var lenas = summary.Presentations.Single(p => p.PresenterUserId == fixture.LenaId);
            return (lenas.Calibrated is not null, lenas.Calibrated is null ? "200 without it" : "200 with it");
        });
    }

    private async Task<string> ProgramIdAsync(string cohortId)
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        return (await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options))!.ProgramId;
    }

    [Fact]
    public async Task ALearnersRowFollowsWhatTheyDidAndAMissedRunRaisesAnExplainedFlag()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var email = $"{Guid.NewGuid():N}@dash.test";
        var userId = await Server.NewUserAsync(email, cohortId, CohortRole.Learner, displayName: "Dana Dashboard");

        // One roundtable Dana attends and speaks in, then two she misses.
        var first = await Server.NewRoundtableAsync("Dashboard week 1");
        await using (var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), first))
        {
            await coach.Connection.InvokeAsync("StartRoundtable", first);
            await using (var dana = await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), first))
            {
                await dana.PostAsync("Hello");
                await dana.PostAsync("A question about the model");
                await dana.Connection.InvokeAsync("RaiseHand", first);
            }
            await coach.Connection.InvokeAsync("EndRoundtable", first);
        }
        using var coachHttp = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var row = await RowAsync(coachHttp, cohortId, userId);
        Assert.Equal(1, row.SessionsJoined);
        Assert.Equal(2, row.Messages);
        Assert.Equal(1, row.HandsRaised);
        Assert.True(row.TimePresent > TimeSpan.Zero);
        Assert.DoesNotContain(row.Flags, f => f.Code == "missed-sessions");

        foreach (var title in new[] { "Dashboard week 2", "Dashboard week 3" })
        {
            var id = await Server.NewRoundtableAsync(title);
            await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), id);
            await coach.Connection.InvokeAsync("StartRoundtable", id);
            await coach.Connection.InvokeAsync("EndRoundtable", id);
        }
        row = await RowAsync(coachHttp, cohortId, userId);
        var missed = Assert.Single(row.Flags, f => f.Code == "missed-sessions");
        Assert.Contains("Dashboard week 2", missed.Explanation);
        Assert.Contains("Dashboard week 3", missed.Explanation);

        // Dana herself sees her figures without the flags; thresholds can turn the flag off.
        using var danaHttp = await Server.ClientAsAsync(email);
        var own = await danaHttp.GetFromJsonAsync<LearnerRow>($"/api/cohorts/{cohortId}/learners/{userId}/progress", Json.Options);
        Assert.Equal(2, own!.Messages);
        Assert.Empty(own.Flags);
        var programId = await ProgramIdAsync(cohortId);
        using (var set = await coachHttp.PutAsJsonAsync($"/api/programs/{programId}/dashboard/thresholds", new { missedSessionsInARow = 20 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        Assert.DoesNotContain((await RowAsync(coachHttp, cohortId, userId)).Flags, f => f.Code == "missed-sessions");
        using (var bad = await coachHttp.PutAsJsonAsync($"/api/programs/{programId}/dashboard/thresholds", new { missedSessionsInARow = 0 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using var reset = await coachHttp.PutAsJsonAsync($"/api/programs/{programId}/dashboard/thresholds", new { missedSessionsInARow = 2 });

        // The summary of the first roundtable keeps its attendance for good.
        var summary = await coachHttp.GetFromJsonAsync<RoundtableSummary>($"/api/roundtables/{first}/summary", Json.Options);
        Assert.Contains(summary!.Attendance, a => a.UserId == userId);
        Assert.True(summary.Messages >= 2);
    }

    private static async Task<LearnerRow> RowAsync(HttpClient http, string cohortId, string userId)
    {
        var dashboard = await http.GetFromJsonAsync<CohortDashboard>($"/api/cohorts/{cohortId}/dashboard", Json.Options);
        return Assert.Single(dashboard!.Learners, l => l.UserId == userId);
    }
}
