using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Discussions;
using Roundtable.Server.Notifications;

namespace Roundtable.Server.Tests.Discussions;

/// <summary>Open discussion pages hear of changes over the notifications hub, each as its own reader sees them.</summary>
public sealed class DiscussionLiveTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static async Task<T> NextAsync<T>(ChannelReader<T> pushed, Func<T, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var next = await pushed.ReadAsync(timeout.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing was pushed: {what}.");
        }
    }

    [Fact]
    public async Task AWatchedThreadArrivesAfterEachChangeAsItsReaderSeesIt()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var thread = await scene.StartAsync(Server);
        var pushed = Channel.CreateUnbounded<ThreadDetailDto>();
        await using var bo = RoomClient.Build(Server, await Server.TokenAsync(scene.BoEmail), NotificationsHub.Path);
        bo.On<ThreadDetailDto>(nameof(INotificationsClient.ThreadChanged), detail => pushed.Writer.TryWrite(detail));
        await bo.StartAsync();
        await bo.InvokeAsync(nameof(NotificationsHub.WatchThread), thread.Id);

        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        var replied = await DiscussionScene.Ok(await ana.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Live **reply**" }));
        var seen = await NextAsync(pushed.Reader, d => d.Posts.Count == 2, "the thread with Ana's reply");
        Assert.Equal(thread.Id, seen.Id);
        Assert.Equal("<p>Live <strong>reply</strong></p>", seen.Posts[1].Html);
        // Bo's view: Ana's reply is not his to edit, and he may reply.
        Assert.False(seen.Posts[1].MayEdit);
        Assert.True(seen.MayReply);
        Assert.True(seen.Version >= replied.Version);

        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        await DiscussionScene.Ok(await cy.PutAsJsonAsync($"/api/discussions/{thread.Id}/locked", new { value = true }));
        var locked = await NextAsync(pushed.Reader, d => d.Locked, "the thread locked");
        Assert.False(locked.MayReply);
        Assert.True(locked.Version > seen.Version);
    }

    [Fact]
    public async Task AWatchedListHearsOfANewThreadAndOnlyThoseWhoMayReadWatch()
    {
        var scene = await DiscussionScene.CreateAsync(Server);
        var pushed = Channel.CreateUnbounded<DiscussionsChangedDto>();
        await using var obi = RoomClient.Build(Server, await Server.TokenAsync(scene.ObiEmail), NotificationsHub.Path);
        obi.On<DiscussionsChangedDto>(nameof(INotificationsClient.DiscussionsChanged), change => pushed.Writer.TryWrite(change));
        await obi.StartAsync();
        await obi.InvokeAsync(nameof(NotificationsHub.WatchDiscussions), scene.CohortId, null);

        var thread = await scene.StartAsync(Server, "Fresh thread");
        var change = await NextAsync(pushed.Reader, c => c.ThreadId == thread.Id, "the new thread");
        Assert.Equal(scene.CohortId, change.CohortId);
        Assert.Null(change.CircleId);

        await using var ola = RoomClient.Build(Server, await Server.TokenAsync(scene.OlaEmail), NotificationsHub.Path);
        await ola.StartAsync();
        var thread404 = await Assert.ThrowsAsync<HubException>(() => ola.InvokeAsync(nameof(NotificationsHub.WatchThread), thread.Id));
        Assert.Contains($"There is no discussion thread '{thread.Id}' that you can see.", thread404.Message);
        await Assert.ThrowsAsync<HubException>(() => ola.InvokeAsync(nameof(NotificationsHub.WatchDiscussions), scene.CohortId, null));
        await Assert.ThrowsAsync<HubException>(() => ola.InvokeAsync(nameof(NotificationsHub.WatchThread), "no-such-thread"));
    }
}
