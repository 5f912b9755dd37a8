using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Network;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests.Network;

/// <summary>Live peer feedback in a roundtable puts people in each other's network, as asynchronous feedback does.</summary>
public sealed class LiveFeedbackNetworkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task FeedbackRatedHelpfulInARoomIsLearningAndGivingItIsReviewing()
    {
        var ids = await AgendaStageHubTests.MemberIdsAsync(Server);
        var (cohortId, _) = await Server.SeededCohortAsync();
        Rubric rubric;
        using (var coachHttp = await Server.ClientAsAsync(RoundtableFactory.CoachEmail))
        {
            var cohort = await coachHttp.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options);
            using var created = await coachHttp.PostAsJsonAsync($"/api/programs/{cohort!.ProgramId}/rubrics", new
            {
                name = "Network rubric",
                criteria = new object[] { new { name = "Clarity", levels = new[] { "1", "2", "3", "4", "5" } } },
            }, Json.Options);
            created.EnsureSuccessStatusCode();
            rubric = (await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options)).GetProperty("rubric").Deserialize<Rubric>(Json.Options)!;
        }
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(Server);
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        await coach.Connection.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-1", rubric.RubricId, FeedbackAnonymity.Named, null, null));

        var token = Guid.NewGuid().ToString("N")[..8];
        var patEmail = $"pat-{token}@example.com";
        var pat = await Server.NewUserAsync(patEmail, cohortId, displayName: $"Pat {token}");
        var quinn = await Server.NewUserAsync($"quinn-{token}@example.com", cohortId, displayName: $"Quinn {token}");
        await using var patRoom = await RoomClient.JoinAsync(Server, await Server.TokenAsync(patEmail), roomId);
        await using var quinnRoom = await RoomClient.JoinAsync(Server, await Server.TokenAsync($"quinn-{token}@example.com"), roomId);
        var scores = new Dictionary<string, int> { [rubric.Criteria[0].Id] = 4 };
        var fromPat = await patRoom.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-1", scores, null));
        var fromQuinn = await quinnRoom.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-1", scores, null));
        await lena.Connection.InvokeAsync("RateFeedback", roomId, "presentation-1", fromPat.SubmissionId, 3);
        await lena.Connection.InvokeAsync("RateFeedback", roomId, "presentation-1", fromQuinn.SubmissionId, 1);

        using var lenaHttp = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var network = (await lenaHttp.GetFromJsonAsync<NetworkDto>("/api/me/network", Json.Options))!;
        var patOfLena = Assert.Single(network.People, p => p.UserId == pat);
        var reason = Assert.Single(patOfLena.LearnFrom);
        Assert.Equal("feedback", reason.Kind);
        Assert.Contains("“Test roundtable”", reason.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(network.People, p => p.UserId == quinn);

        using var patHttp = await Server.ClientAsAsync(patEmail);
        var patNetwork = (await patHttp.GetFromJsonAsync<NetworkDto>("/api/me/network", Json.Options))!;
        var lenaOfPat = Assert.Single(patNetwork.People, p => p.UserId == ids[RoundtableFactory.LenaEmail]);
        Assert.Equal("you reviewed their presentation in “Test roundtable”", Assert.Single(lenaOfPat.Advise).Text);
    }
}
