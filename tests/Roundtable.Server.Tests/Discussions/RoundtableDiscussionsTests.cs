using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Discussions;
using Roundtable.Server.Notifications;

namespace Roundtable.Server.Tests.Discussions;

/// <summary>"Continue the discussion": a roundtable's own thread, and after the session a thread per agenda topic quoting its chat.</summary>
public sealed class RoundtableDiscussionsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task ARoundtableHasOneThreadStartedOnceHoweverManyOpenItAtOnce()
    {
        var roomId = await Server.NewRoundtableAsync("Thread once");
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var opened = await Task.WhenAll(
            lena.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { }),
            liam.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], opened.Select(r => r.StatusCode).Order());
        var ids = await Task.WhenAll(opened.Select(async r => (await r.Content.ReadFromJsonAsync<RoundtableThreadDto>(Json.Options))!.ThreadId));
        Assert.Equal(ids[0], ids[1]);
        var thread = await lena.GetFromJsonAsync<ThreadDetailDto>($"/api/discussions/{ids[0]}", Json.Options);
        Assert.Equal((roomId, "Thread once"), (thread!.RoundtableId, thread.Title));
        var list = await liam.GetFromJsonAsync<ThreadListDto>($"/api/cohorts/{thread.CohortId}/discussions", Json.Options);
        Assert.Single(list!.Threads, t => t.RoundtableId == roomId);
        Assert.True((await lena.GetFromJsonAsync<RoundtableDiscussionsDto>($"/api/roundtables/{roomId}/discussions", Json.Options))!.Started);

        using var stranger = await StrangerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/roundtables/{roomId}/discussions")).StatusCode);
    }

    private async Task<HttpClient> StrangerAsync()
    {
        var email = $"stranger-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email);
        return await Server.ClientAsAsync(email);
    }

    [Fact]
    public async Task AfterTheSessionEachAgendaTopicOpensAThreadQuotingWhatWasSaidWhileItWasCurrent()
    {
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(Server);
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        await coach.Connection.InvokeAsync("AddAgendaTopic", roomId, "Openers");
        await coach.Connection.InvokeAsync("AddAgendaTopic", roomId, "## Objections\nWhat do you hear most?");
        await lena.PostAsync("Before any topic");
        await coach.Connection.InvokeAsync("AdvanceAgenda", roomId);
        await lena.PostAsync("I start with the *weather*");
        await liam.PostAsync("@Lena Learner has a point");
        await coach.Connection.InvokeAsync("AdvanceAgenda", roomId);
        await lena.PostAsync("Price, always");

        using var lenaHttp = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var early = await lenaHttp.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { agendaItemId = "item-1" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await coach.Connection.InvokeAsync("EndRoundtable", roomId);
        RoundtableDiscussionsDto? discussions = null;
        await Eventually.UntilAsync(async () =>
            (discussions = await lenaHttp.GetFromJsonAsync<RoundtableDiscussionsDto>($"/api/roundtables/{roomId}/discussions", Json.Options))!.Ended,
            "the roundtable's record shows it ended");
        Assert.Equal([("item-1", "Openers", 2), ("item-2", "Objections", 1)], discussions!.Topics.Select(t => (t.AgendaItemId, t.Label, t.Messages)));

        using var opened = await lenaHttp.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { agendaItemId = "item-1" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var threadId = (await opened.Content.ReadFromJsonAsync<RoundtableThreadDto>(Json.Options))!.ThreadId;
        var thread = await lenaHttp.GetFromJsonAsync<ThreadDetailDto>($"/api/discussions/{threadId}", Json.Options);
        Assert.Equal("item-1", thread!.AgendaItemId);
        Assert.EndsWith(": Openers", thread.Title);
        var body = thread.Posts[0].Markdown;
        Assert.Contains("> **Lena Learner**: I start with the *weather*", body);
        Assert.Contains("> **Liam Learner**: @Lena Learner has a point", body);
        Assert.DoesNotContain("Price, always", body);
        Assert.DoesNotContain("Before any topic", body);
        Assert.Contains("<blockquote>", thread.Posts[0].Html);
        // Quoting the session tells nobody they were mentioned.
        var inbox = await lenaHttp.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
        Assert.DoesNotContain(inbox!.Items, n => n.Link == DiscussionProjection.ThreadLink(threadId));

        using var again = await lenaHttp.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { agendaItemId = "item-1" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var unknown = await lenaHttp.PostAsJsonAsync($"/api/roundtables/{roomId}/discussion", new { agendaItemId = "item-9" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await lenaHttp.GetFromJsonAsync<RoundtableDiscussionsDto>($"/api/roundtables/{roomId}/discussions", Json.Options))!.Topics[0].Started);
    }
}
