using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;
using Roundtable.Testing.Media;

namespace Roundtable.Server.Tests;

/// <summary>A real Janus and a Roundtable server that controls it, shared by one test class.</summary>
public sealed class MediaFixture : IAsyncLifetime
{
    /// <summary>Short, so a test can see a token expire; long enough for a join on a busy machine.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(4);

    public JanusServer Janus { get; private set; } = null!;

    public RoundtableFactory Server { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        Janus = await JanusServer.StartAsync();
        Server = await new RoundtableFactory(settings: new Dictionary<string, string>
        {
            ["Media:JanusUrl"] = Janus.Url,
            ["Media:ApiSecret"] = Janus.ApiSecret,
            ["Media:AdminKey"] = Janus.AdminKey,
            ["Media:Key"] = "a-test-media-key-of-at-least-32-characters",
            ["Media:TokenLifetime"] = TokenLifetime.ToString("c"),
        }).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Janus.DisposeAsync();
        Http.Dispose();
    }
}

/// <summary>Media access, the proxy and the server's control of Janus, against a real Janus.</summary>
public sealed class MediaHubTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private MediaIds Ids => Server.Get<MediaIds>();

    private async Task<RoomClient> JoinAsync(string email, string roomId) => await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

    private static Task<MediaAccess> AccessAsync(RoomClient client, string roomId) => client.InvokeAsync<MediaAccess>("GetMediaAccess", roomId);

    private static async Task<string> RefusalAsync(Func<Task> call) => (await Assert.ThrowsAsync<HubException>(call)).Message;

    private async Task<JanusSession> ProxiedAsync(string email) => await JanusSession.ProxiedAsync(await Server.ClientAsAsync(email));

    private Task<JanusSession> AdminAsync() => JanusSession.DirectAsync(fixture.Janus, fixture.Http);

    private static JsonObject PublisherJoin(MediaAccess access, string? id = null, string? token = null) => new()
    {
        ["request"] = "join",
        ["ptype"] = "publisher",
        ["room"] = access.JanusRoom,
        ["id"] = id ?? access.PublisherId,
        ["token"] = token ?? access.Token,
        ["display"] = "someone",
    };

    private static int? ErrorCode(JsonElement data) => data.TryGetProperty("error_code", out var code) ? code.GetInt32() : null;

    private async Task<IReadOnlyList<string>> ParticipantsAsync(JanusSession admin, string janusRoom)
    {
        var data = await admin.RequestAsync(new JsonObject { ["request"] = "listparticipants", ["room"] = janusRoom });
        return data.TryGetProperty("participants", out var list) ? [.. list.EnumerateArray().Select(p => p.GetProperty("id").GetString()!)] : [];
    }

    private async Task<IReadOnlyList<string>> AllowedTokensAsync(JanusSession admin, string roomId)
    {
        var data = await admin.RequestAsync(new JsonObject
        {
            ["request"] = "allowed", ["room"] = Ids.JanusRoom(roomId), ["secret"] = Ids.RoomSecret(roomId), ["action"] = "add", ["allowed"] = new JsonArray(),
        });
        return [.. data.GetProperty("allowed").EnumerateArray().Select(t => t.GetString()!)];
    }

    [Fact]
    public async Task OnlySomeoneTheRoomLogSaysIsInTheRoomGetsMediaAccess()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);

        var access = await AccessAsync(lena, roomId);
        Assert.True(access.Available);
        Assert.Null(access.Reason);
        Assert.Equal((Ids.JanusRoom(roomId), "/media/janus"), (access.JanusRoom, access.ProxyPath));
        Assert.Equal(Ids.PublisherId(roomId, lena.Joined!.UserId, MediaFeed.Camera), access.PublisherId);
        Assert.NotEqual(access.PublisherId, access.ScreenPublisherId);
        Assert.True(access.MicAllowed && access.CameraAllowed);
        Assert.NotEqual(access.Token, (await AccessAsync(lena, roomId)).Token);
        Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<MediaRoomOpened>());
        await coach.WaitUntilAsync(c => c.Received.Any(e => e.Event is MediaRoomOpened), "the coach sees the media room open");

        // A member of the cohort who has not joined the room (connected only), and someone of no cohort of this room.
        await using var liam = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail));
        Assert.Contains("Join the roundtable", await RefusalAsync(() => AccessAsync(liam, roomId)));
        var (cohortId, _) = await Server.SeededCohortAsync();
        await Server.NewUserAsync("outsider-media@roundtable.local");
        await using var outsider = await RoomClient.ConnectAsync(Server, await Server.TokenAsync("outsider-media@roundtable.local"));
        await RefusalAsync(() => AccessAsync(outsider, roomId));
        Assert.NotNull(cohortId);

        // Waiting at a locked door.
        await coach.InvokeAsync("LockRoom", roomId);
        await using var noor = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.NoorEmail));
        await RefusalAsync(() => noor.JoinAsync(roomId));
        await noor.InvokeAsync<AskToJoinResult>("AskToJoin", roomId);
        Assert.Contains(ModerationFeature.WaitingMessage, await RefusalAsync(() => AccessAsync(noor, roomId)));

        // Removed.
        await coach.InvokeAsync("RemoveParticipant", roomId, lena.Joined.UserId);
        Assert.Contains(ModerationFeature.RemovedMessage, await RefusalAsync(() => AccessAsync(lena, roomId)));

        // Ended.
        await coach.InvokeAsync("StartRoundtable", roomId);
        await coach.InvokeAsync("EndRoundtable", roomId);
        Assert.Contains("ended", await RefusalAsync(() => AccessAsync(coach, roomId)));
    }

    [Fact]
    public async Task JanusRefusesAForgedTokenAndAnExpiredOneAndAdmitsAFreshOne()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var access = await AccessAsync(lena, roomId);
        await using var admin = await AdminAsync();
        await using var media = await ProxiedAsync(RoundtableFactory.LenaEmail);

        var (forged, _) = await media.AsyncRequestAsync(PublisherJoin(access, token: "forged-" + access.Token));
        Assert.Equal(433, ErrorCode(forged));

        await Eventually.UntilAsync(async () => !(await AllowedTokensAsync(admin, roomId)).Contains(access.Token),
            "the server withdraws the token once its lifetime is over", TimeSpan.FromSeconds(60));
        var (expired, _) = await media.AsyncRequestAsync(PublisherJoin(access));
        Assert.Equal(433, ErrorCode(expired));

        var fresh = await AccessAsync(lena, roomId);
        var (joined, _) = await media.AsyncRequestAsync(PublisherJoin(fresh));
        Assert.Equal("joined", joined.GetProperty("videoroom").GetString());
        Assert.Equal(fresh.PublisherId, joined.GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheProxyRefusesAPublisherUnderSomeoneElsesIdAScreenFeedWithoutSharingAndAJoinFromOutsideTheRoom()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var lenas = await AccessAsync(lena, roomId);
        var liams = await AccessAsync(liam, roomId);
        await using var media = await ProxiedAsync(RoundtableFactory.LenaEmail);

        var (status, problem) = await media.MessageAsync(PublisherJoin(lenas, id: liams.PublisherId));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("publisherId", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await media.MessageAsync(PublisherJoin(lenas, id: "any-id-at-all"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await media.MessageAsync(PublisherJoin(lenas, id: lenas.ScreenPublisherId))).Status);
        var noId = PublisherJoin(lenas);
        noId.Remove("id");
        Assert.Equal(HttpStatusCode.Forbidden, (await media.MessageAsync(noId)).Status);

        // Noor is in the cohort but not in the room: neither a publisher nor a subscriber join of hers goes through.
        await using var noorMedia = await ProxiedAsync(RoundtableFactory.NoorEmail);
        var subscribe = new JsonObject { ["request"] = "join", ["ptype"] = "subscriber", ["room"] = lenas.JanusRoom, ["streams"] = new JsonArray() };
        Assert.Equal(HttpStatusCode.Forbidden, (await noorMedia.MessageAsync(subscribe)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await noorMedia.MessageAsync(PublisherJoin(lenas))).Status);
        // A room id this server did not make.
        var made = PublisherJoin(lenas);
        made["room"] = roomId + "-000000000000000000000000";
        Assert.Equal(HttpStatusCode.Forbidden, (await media.MessageAsync(made)).Status);

        var (joined, _) = await media.AsyncRequestAsync(PublisherJoin(lenas));
        Assert.Equal("joined", joined.GetProperty("videoroom").GetString());
    }

    [Fact]
    public async Task AdministratorRequestsAnotherPluginAndRecordingAreRefusedByTheProxy()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        var access = await AccessAsync(coach, roomId);
        await using var media = await ProxiedAsync(RoundtableFactory.CoachEmail);

        foreach (var request in new[] { "create", "destroy", "moderate", "kick", "listparticipants", "allowed", "exists", "list", "rtp_forward", "edit" })
        {
            var (status, problem) = await media.MessageAsync(new JsonObject
            {
                ["request"] = request, ["room"] = access.JanusRoom, ["id"] = access.PublisherId, ["secret"] = "guess", ["mid"] = "0", ["mute"] = true,
            });
            Assert.True(status == HttpStatusCode.Forbidden, $"{request} answered {status}");
            Assert.Equal("Forbidden", problem.GetProperty("title").GetString());
        }
        var record = PublisherJoin(access);
        record["request"] = "joinandconfigure";
        record["record"] = true;
        Assert.Equal(HttpStatusCode.Forbidden, (await media.MessageAsync(record)).Status);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await media.PostAsync($"/{media.Session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.streaming" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await media.PostAsync($"/{media.Session}", new JsonObject { ["janus"] = "claim" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await media.PostAsync("", new JsonObject { ["janus"] = "info" })).Status);

        // Signed out: nothing.
        using var anonymous = Server.CreateClient();
        using var refused = await anonymous.PostAsync("/media/janus", new StringContent("{\"janus\":\"create\",\"transaction\":\"t\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var admin = await AdminAsync();
        Assert.True((await admin.RequestAsync(new JsonObject { ["request"] = "exists", ["room"] = access.JanusRoom })).GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task RemovingSomeoneKicksTheirPublisherAndWithdrawsTheirTokens()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var access = await AccessAsync(lena, roomId);
        var unused = await AccessAsync(lena, roomId);
        await using var media = await ProxiedAsync(RoundtableFactory.LenaEmail);
        var (joined, _) = await media.AsyncRequestAsync(PublisherJoin(access));
        Assert.Equal("joined", joined.GetProperty("videoroom").GetString());
        await using var admin = await AdminAsync();
        Assert.Contains(access.PublisherId, await ParticipantsAsync(admin, access.JanusRoom));

        await coach.InvokeAsync("RemoveParticipant", roomId, lena.Joined!.UserId);

        await Eventually.UntilAsync(async () => !(await ParticipantsAsync(admin, access.JanusRoom)).Contains(access.PublisherId),
            "Janus no longer lists the removed person's publisher");
        await Eventually.UntilAsync(async () => !(await AllowedTokensAsync(admin, roomId)).Contains(unused.Token),
            "the removed person's tokens are withdrawn");
        await using var again = await ProxiedAsync(RoundtableFactory.LenaEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.MessageAsync(PublisherJoin(unused))).Status);
    }

    [Fact]
    public async Task EndingTheRoomDestroysItsJanusRoom()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await coach.InvokeAsync("StartRoundtable", roomId);
        var access = await AccessAsync(coach, roomId);
        await using var admin = await AdminAsync();
        async Task<bool> ExistsAsync() =>
            (await admin.RequestAsync(new JsonObject { ["request"] = "exists", ["room"] = access.JanusRoom })).GetProperty("exists").GetBoolean();
        Assert.True(await ExistsAsync());

        await coach.InvokeAsync("EndRoundtable", roomId);

        await Eventually.UntilAsync(async () => !await ExistsAsync(), "the ended room's Janus room is gone");
    }

    [Fact]
    public async Task MediaCommandsCheckWhoCallsAndSayWhatIsWrong()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var lenaId = lena.Joined!.UserId;
        Assert.Contains("Only a coach", await RefusalAsync(() => lena.InvokeAsync("MuteMedia", roomId, coach.Joined!.UserId, "audio")));
        Assert.Contains("kind is", await RefusalAsync(() => coach.InvokeAsync("MuteMedia", roomId, lenaId, "voice")));
        Assert.Contains("Only a coach", await RefusalAsync(() => lena.InvokeAsync("SetMediaPolicy", roomId, true, true)));
        Assert.Contains("presenter", await RefusalAsync(() => lena.InvokeAsync("StartScreenShare", roomId)));

        await coach.InvokeAsync("MuteMedia", roomId, lenaId, "video");
        await lena.InvokeAsync("ReportMediaState", roomId, true, true, false);
        var access = await AccessAsync(lena, roomId);
        Assert.True(access.MicAllowed);
        Assert.False(access.CameraAllowed);
        await coach.InvokeAsync("StartScreenShare", roomId);
        Assert.Contains("Only the person sharing", await RefusalAsync(() => lena.InvokeAsync("StopScreenShare", roomId, coach.Joined!.UserId)));

        await using var late = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        var media = late.Joined!.Snapshot.Part<MediaSnapshot>()!.Media;
        Assert.True(media.Available);
        Assert.Equal(coach.Joined!.UserId, media.ScreenSharer);
        Assert.Equal(new MediaPerson(true, true, false, true, false), media.People[lenaId]);
    }
}
