using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Feedback;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Advice on a live feedback comment: who may ask (the table is in docs/ACCESS.md under "Comment advice"), what it
/// answers; and the helpfulness figures a writer reads from presenters' known ratings.
/// </summary>
public sealed class CommentAdviceApiTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
{
    private const string Presentation = "presentation-1";

    /// <summary>A started room where Lena presents and feedback is open; Lena, Liam and the manager are in the room.</summary>
    private sealed record LiveRoom(string RoomId, RoomClient Coach, RoomClient Lena, RoomClient Liam, RoomClient Manager, Rubric Rubric) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var client in new[] { Coach, Lena, Liam, Manager })
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<LiveRoom> OpenRoomAsync()
    {
        var server = fixture.Server;
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(server);
        var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        var liam = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        var manager = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.ManagerEmail), roomId);
        var (cohortId, _) = await server.SeededCohortAsync();
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohort = await admin.GetFromJsonAsync<Cohorts.CohortDto>($"/api/cohorts/{cohortId}", Json.Options);
        var rubric = server.Get<RubricCatalog>().LatestForProgram(cohort!.ProgramId)[0];
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, fixture.LenaId, 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        await coach.Connection.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest(Presentation, rubric.RubricId, FeedbackAnonymity.Named, null));
        return new LiveRoom(roomId, coach, lena, liam, manager, rubric);
    }

    [Fact]
    public async Task OnlyThoseWhoMayGiveTheFeedbackNowMayAskForAdvice()
    {
        await using var room = await OpenRoomAsync();
        var (roomId, coach) = (room.RoomId, room.Coach);
        var path = $"/api/roundtables/{roomId}/feedback/{Presentation}/comment-advice";

        // Columns: the presenter (self-assessment), a peer in the room, a peer not in the room, the manager, coach, admin,
        // a learner of another cohort, signed out.
        (string? Email, HttpStatusCode Status)[] table =
        [
            (RoundtableFactory.LenaEmail, HttpStatusCode.OK),
            (RoundtableFactory.LiamEmail, HttpStatusCode.OK),
            (RoundtableFactory.TheoEmail, HttpStatusCode.Forbidden),
            (RoundtableFactory.ManagerEmail, HttpStatusCode.Forbidden),
            (RoundtableFactory.CoachEmail, HttpStatusCode.OK),
            (RoundtableFactory.AdminEmail, HttpStatusCode.OK),
            (fixture.OtherCohortEmail, HttpStatusCode.NotFound),
            (null, HttpStatusCode.Unauthorized),
        ];
        foreach (var (email, status) in table)
        {
            using var client = email is null ? fixture.Server.CreateClient() : await fixture.Server.ClientAsAsync(email);
            using var response = await client.PostAsJsonAsync(path, new { text = "good job" });
            Assert.True(status == response.StatusCode, $"{email ?? "signed out"}: expected {status}, got {response.StatusCode}");
        }

        using var liamClient = await fixture.Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        using var unknown = await liamClient.PostAsJsonAsync($"/api/roundtables/{roomId}/feedback/presentation-9/comment-advice", new { text = "good job" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await coach.Connection.InvokeAsync("CloseFeedback", roomId, Presentation);
        using var closed = await liamClient.PostAsJsonAsync(path, new { text = "good job" });
        Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);
    }

    [Fact]
    public async Task AdviceSaysWhenACommentIsVagueAndOffersTheRubricsStarters()
    {
        await using var room = await OpenRoomAsync();
        var (roomId, rubric) = (room.RoomId, room.Rubric);
        using var client = await fixture.Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var path = $"/api/roundtables/{roomId}/feedback/{Presentation}/comment-advice";

        var vague = (await (await client.PostAsJsonAsync(path, new { text = "good job" })).Content.ReadFromJsonAsync<CommentAdviceDto>(Json.Options))!;
        Assert.True(vague.TooVague);
        Assert.Contains(VagueReason.StockPhrasesOnly, vague.Reasons);
        Assert.False(string.IsNullOrWhiteSpace(vague.Hint));
        Assert.Equal(rubric.Criteria.Count + rubric.Prompts.Count, vague.Starters.Count);
        Assert.Contains(vague.Starters, s => s.Label.StartsWith(rubric.Criteria[0].Name, StringComparison.Ordinal));

        var specific = (await (await client.PostAsJsonAsync(path, new { text = "The chart on slide 4 made the trend obvious at a glance." }))
            .Content.ReadFromJsonAsync<CommentAdviceDto>(Json.Options))!;
        Assert.False(specific.TooVague);
        Assert.Null(specific.Hint);

        using var tooLong = await client.PostAsJsonAsync(path, new { text = new string('a', FeedbackLimits.MaxAnswerBytes + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task AWriterReadsTheMeanHelpfulnessTheirFeedbackEarnedPerRoundtable()
    {
        await using var room = await OpenRoomAsync();
        var (roomId, coach, lena, liam, rubric) = (room.RoomId, room.Coach, room.Lena, room.Liam, room.Rubric);
        await using var noor = await RoomClient.JoinAsync(fixture.Server, await fixture.Server.TokenAsync(RoundtableFactory.NoorEmail), roomId);
        var scores = rubric.Criteria.ToDictionary(c => c.Id, _ => 2);
        var liamsFirst = await liam.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId, new SubmitFeedbackRequest(Presentation, scores, null));
        var noors = await noor.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId, new SubmitFeedbackRequest(Presentation, scores, null));
        await coach.Connection.InvokeAsync("CloseFeedback", roomId, Presentation);
        await coach.Connection.InvokeAsync("ReleaseFeedback", roomId, Presentation);
        await lena.Connection.InvokeAsync("RateFeedback", roomId, Presentation, liamsFirst.SubmissionId, 3);
        await lena.Connection.InvokeAsync("RateFeedback", roomId, Presentation, noors.SubmissionId, 1);

        // Noor presents next; Liam's feedback on it is rated 2, Lena's is given but not rated.
        var ids = await AgendaStageHubTests.MemberIdsAsync(fixture.Server);
        var (noorId, liamId) = (ids[RoundtableFactory.NoorEmail], ids[RoundtableFactory.LiamEmail]);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, noorId, 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-2");
        await coach.Connection.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-2", rubric.RubricId, FeedbackAnonymity.Named, null));
        var liamsSecond = await liam.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-2", scores, null));
        await lena.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-2", scores, null));
        await coach.Connection.InvokeAsync("CloseFeedback", roomId, "presentation-2");
        await coach.Connection.InvokeAsync("ReleaseFeedback", roomId, "presentation-2");
        await noor.Connection.InvokeAsync("RateFeedback", roomId, "presentation-2", liamsSecond.SubmissionId, 2);

        using var client = await fixture.Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var mine = (await client.GetFromJsonAsync<HelpfulnessDto>($"/api/users/{liamId}/feedback-helpfulness", Json.Options))!;
        var round = Assert.Single(mine.Rounds, r => r.Id == roomId);
        Assert.Equal((HelpfulnessSource.Roundtable, 2, 2, 2.5), (round.Source, round.Given, round.Rated, round.Mean));
        Assert.Equal(FeedbackLimits.MaxHelpfulness, mine.MaxHelpfulness);

        var lenaId = fixture.LenaId;
        using var lenaClient = await fixture.Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var lenas = (await lenaClient.GetFromJsonAsync<HelpfulnessDto>($"/api/users/{lenaId}/feedback-helpfulness", Json.Options))!;
        Assert.Equal((1, 0, (double?)null), Assert.Single(lenas.Rounds, r => r.Id == roomId) is var l ? (l.Given, l.Rated, l.Mean) : default);

        // Another learner may not read Liam's figures (404, as for an unknown person); the coach of his cohort may.
        Assert.Equal(HttpStatusCode.NotFound, (await lenaClient.GetAsync($"/api/users/{liamId}/feedback-helpfulness")).StatusCode);
        using var coachClient = await fixture.Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        Assert.Equal(HttpStatusCode.OK, (await coachClient.GetAsync($"/api/users/{liamId}/feedback-helpfulness")).StatusCode);
    }
}
