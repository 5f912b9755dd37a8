using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Roundtable.Scaleout.Tests.Infrastructure;
using Roundtable.Server.Rooms;
using Roundtable.Testing.Media;

namespace Roundtable.Scaleout.Tests;

/// <summary>Two nodes on one Redis, both controlling one real Janus.</summary>
public sealed class MediaCluster : Cluster
{
    public MediaCluster()
        : this(JanusServer.StartAsync().GetAwaiter().GetResult())
    {
    }

    private MediaCluster(JanusServer janus)
        : base(2, settings: new Dictionary<string, string>
        {
            ["Media__JanusUrl"] = janus.Url,
            ["Media__ApiSecret"] = janus.ApiSecret,
            ["Media__AdminKey"] = janus.AdminKey,
            ["Media__Key"] = "a-two-node-media-key-of-32-characters-or-more",
        }) =>
        Janus = janus;

    public JanusServer Janus { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Janus.DisposeAsync();
    }
}

/// <summary>
/// Media across nodes: both derive the same media room and publisher ids, a removal on one node kicks a publisher that
/// joined through the other's proxy, and that proxy refuses the removed person even with a token it issued itself.
/// </summary>
public sealed class MediaTwoNodeTests(MediaCluster cluster) : IClassFixture<MediaCluster>
{
    private static async Task<HttpClient> SignedInAsync(ServerNode node, string email)
    {
        var http = new HttpClient { BaseAddress = node.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await node.TokenAsync(email));
        return http;
    }

    [Fact]
    public async Task ARemovalOnOneNodeKicksThePublisherJoinedThroughTheOtherAndItsProxyRefusesThePersonsOwnToken()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var roomId = await Cluster.NewRoundtableAsync(node1, "Two-node media");
        await using var coach = await cluster.ConnectAsync(node2, Accounts.Coach, roomId);
        await using var lena = await cluster.ConnectAsync(node1, Accounts.Learners[0], roomId);
        var onNode1 = await lena.InvokeAsync<MediaAccess>("GetMediaAccess", roomId);
        await using var lenaOnNode2 = await RoomClient.ConnectAsync(node2, Accounts.Learners[0], roomId, "lena@node2");
        var onNode2 = await lenaOnNode2.InvokeAsync<MediaAccess>("GetMediaAccess", roomId);
        Assert.True(onNode1.Available);
        Assert.Equal((onNode1.JanusRoom, onNode1.PublisherId, onNode1.ScreenPublisherId), (onNode2.JanusRoom, onNode2.PublisherId, onNode2.ScreenPublisherId));
        Assert.Single((await cluster.ReadLogAsync(node2, roomId)).Select(e => e.Event).OfType<Roundtable.Core.Rooms.MediaRoomOpened>());

        using var http = await SignedInAsync(node1, Accounts.Learners[0]);
        await using var media = await JanusSession.ProxiedAsync(http);
        var join = new JsonObject
        {
            ["request"] = "join", ["ptype"] = "publisher", ["room"] = onNode1.JanusRoom, ["id"] = onNode1.PublisherId, ["token"] = onNode1.Token,
        };
        var (joined, _) = await media.AsyncRequestAsync((JsonObject)join.DeepClone());
        Assert.Equal("joined", joined.GetProperty("videoroom").GetString());
        using var janusHttp = new HttpClient();
        await using var admin = await JanusSession.DirectAsync(cluster.Janus, janusHttp);
        async Task<bool> ListedAsync() => (await admin.RequestAsync(new JsonObject { ["request"] = "listparticipants", ["room"] = onNode1.JanusRoom }))
            .GetProperty("participants").EnumerateArray().Any(p => p.GetProperty("id").GetString() == onNode1.PublisherId);
        Assert.True(await ListedAsync());

        await coach.InvokeAsync<object?>("RemoveParticipant", roomId, lena.UserId);

        await Eventually.UntilAsync(async () => !await ListedAsync(), "node 2's removal kicks the publisher that joined through node 1");
        // Node 1 issued this token and has not withdrawn it (node 2 made the removal); its proxy reads the log and refuses.
        using var again = await SignedInAsync(node1, Accounts.Learners[0]);
        await using var retry = await JanusSession.ProxiedAsync(again);
        await Eventually.UntilAsync(async () => (await retry.MessageAsync((JsonObject)join.DeepClone())).Status == HttpStatusCode.Forbidden,
            "node 1's proxy refuses the removed person's join");
    }
}
