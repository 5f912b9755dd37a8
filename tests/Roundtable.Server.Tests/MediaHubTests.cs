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
        // Opened when the first person joined, so every page's snapshot says media is there.
        Assert.True(lena.Joined!.Snapshot.Part<MediaSnapshot>()!.Media.Available);
        Assert.True(coach.Joined!.Snapshot.Part<MediaSnapshot>()!.Media.Available);

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

    /// <summary>
    /// An SDP offer as a browser's camera publisher makes it (audio m-line first, mid "0"; video second, mid "1"), written by
    /// hand: enough for Janus to set up the publisher's streams, which is all moderation needs. No media flows.
    /// </summary>
    private static string PublisherOffer()
    {
        var fingerprint = string.Join(':', Enumerable.Range(0, 32).Select(i => (i * 7 % 256).ToString("X2")));
        string Media(string kind, int pt, string mid, string rtpmap) => $"""
            m={kind} 9 UDP/TLS/RTP/SAVPF {pt}
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            a=ice-ufrag:tEsT
            a=ice-pwd:aTestIcePasswordOf24Chars
            a=ice-options:trickle
            a=fingerprint:sha-256 {fingerprint}
            a=setup:actpass
            a=mid:{mid}
            a=sendonly
            a=rtcp-mux
            a=rtpmap:{pt} {rtpmap}
            a=ssrc:{1000 + pt} cname:test

            """;
        return ("v=0\no=- 4611731400430051336 2 IN IP4 127.0.0.1\ns=-\nt=0 0\na=group:BUNDLE 0 1\n"
            + Media("audio", 111, "0", "opus/48000/2") + Media("video", 96, "1", "VP8/90000")).Replace("\n", "\r\n");
    }

    private static async Task<string> ModerationSeenAsync(JanusSession publisher, string mid) =>
        (await publisher.NextEventAsync(e => e.TryGetProperty("plugindata", out var p)
            && p.GetProperty("data").TryGetProperty("moderation", out _) && p.GetProperty("data").GetProperty("mid").GetString() == mid))
        .GetProperty("plugindata").GetProperty("data").GetProperty("moderation").GetString()!;

    [SkippableFact]
    public async Task MutesAndTheCoachManagedFloorModerateThePublishedFeedInJanus()
    {
        Skip.IfNot(JanusServer.InPrivateNetwork, "Janus sets up a publisher's streams only where it can gather ICE candidates: run inside scripts/private-network.sh.");
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var lenaId = lena.Joined!.UserId;
        var access = await AccessAsync(lena, roomId);
        await using var media = await ProxiedAsync(RoundtableFactory.LenaEmail);
        var (joined, _) = await media.AsyncRequestAsync(PublisherJoin(access));
        Assert.Equal("joined", joined.GetProperty("videoroom").GetString());
        // What the join's event queued has gone to Janus (with no streams yet, nothing to moderate).
        await Server.Get<MediaEnforcer>().IdleAsync(roomId);
        var (published, answer) = await media.AsyncRequestAsync(
            new JsonObject { ["request"] = "publish" }, new JsonObject { ["type"] = "offer", ["sdp"] = PublisherOffer() });
        Assert.True(ErrorCode(published) is null, published.ToString());
        Assert.Equal("answer", answer?.GetProperty("type").GetString());

        // Publishing alone applies what the room says, before any report.
        Assert.Equal("unmuted", await ModerationSeenAsync(media, "0"));
        Assert.Equal("unmuted", await ModerationSeenAsync(media, "1"));

        // Reporting in applies what the room says (all allowed: nothing muted).
        await lena.InvokeAsync("ReportMediaState", roomId, true, true, true);
        Assert.Equal("unmuted", await ModerationSeenAsync(media, "0"));
        Assert.Equal("unmuted", await ModerationSeenAsync(media, "1"));

        await coach.InvokeAsync("MuteMedia", roomId, lenaId, "audio");
        Assert.Equal("muted", await ModerationSeenAsync(media, "0"));
        await coach.InvokeAsync("UnmuteMedia", roomId, lenaId, "audio");
        Assert.Equal("unmuted", await ModerationSeenAsync(media, "0"));
        await coach.InvokeAsync("MuteMedia", roomId, lenaId, "video");
        Assert.Equal("muted", await ModerationSeenAsync(media, "1"));

        // Coach-managed microphones: the floor lets Lena speak, taking it back mutes her.
        await coach.InvokeAsync("SetMediaPolicy", roomId, false, true);
        Assert.Equal("muted", await ModerationSeenAsync(media, "0"));
        await lena.InvokeAsync("RaiseHand", roomId);
        await coach.InvokeAsync("GiveFloor", roomId, lenaId);
        Assert.Equal("unmuted", await ModerationSeenAsync(media, "0"));
        await coach.InvokeAsync("TakeFloor", roomId);
        Assert.Equal("muted", await ModerationSeenAsync(media, "0"));

        // Janus takes moderation only with the room's secret.
        await using var admin = await AdminAsync();
        var moderate = new JsonObject
        {
            ["request"] = "moderate", ["room"] = access.JanusRoom, ["id"] = access.PublisherId, ["mid"] = "0", ["mute"] = false, ["secret"] = "not-the-secret",
        };
        var (_, wrong) = await admin.MessageAsync((JsonObject)moderate.DeepClone());
        Assert.Equal(433, ErrorCode(wrong.GetProperty("plugindata").GetProperty("data")));
        moderate["secret"] = Ids.RoomSecret(roomId);
        Assert.Equal("success", (await admin.RequestAsync((JsonObject)moderate.DeepClone())).GetProperty("videoroom").GetString());
    }

    private static JsonObject Offer() => new() { ["type"] = "offer", ["sdp"] = PublisherOffer() };

    private static Func<JsonElement, bool> Moderation(string publisherId, string mid, string moderation) => e =>
        e.TryGetProperty("plugindata", out var p) && p.GetProperty("data") is var d
        && d.TryGetProperty("moderation", out var m) && m.GetString() == moderation
        && d.GetProperty("mid").GetString() == mid && d.GetProperty("id").GetString() == publisherId;

    [SkippableFact]
    public async Task AFeedPublishedAgainOrJoinedAgainIsMutedAsTheRoomSaysWithoutAnyReport()
    {
        Skip.IfNot(JanusServer.InPrivateNetwork, "Janus sets up a publisher's streams only where it can gather ICE candidates: run inside scripts/private-network.sh.");
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var access = await AccessAsync(lena, roomId);
        await using var media = await ProxiedAsync(RoundtableFactory.LenaEmail);
        await media.AsyncRequestAsync(PublisherJoin(access));
        var (published, _) = await media.AsyncRequestAsync(new JsonObject { ["request"] = "publish" }, Offer());
        Assert.True(ErrorCode(published) is null, published.ToString());
        await lena.InvokeAsync("ReportMediaState", roomId, true, true, true);
        await coach.InvokeAsync("MuteMedia", roomId, lena.Joined!.UserId, "audio");
        await media.NextEventAsync(Moderation(access.PublisherId, "0", "muted"));

        // The page hangs up its PeerConnection (Janus drops the feed's streams, and their moderation) and publishes again.
        Assert.Equal(HttpStatusCode.OK, (await media.PostAsync($"/{media.Session}/{media.Handle}", new JsonObject { ["janus"] = "hangup" })).Status);
        await media.NextEventAsync(e => e.GetProperty("janus").GetString() == "hangup");
        var (again, answer) = await media.AsyncRequestAsync(new JsonObject { ["request"] = "publish" }, Offer());
        Assert.True(ErrorCode(again) is null, again.ToString());
        Assert.Equal("answer", answer?.GetProperty("type").GetString());
        // Janus itself says the new feed's microphone is muted; the page reported nothing and nobody called the hub.
        await media.NextEventAsync(Moderation(access.PublisherId, "0", "muted"));
        Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<MediaStateReported>());

        // The page leaves Janus altogether and joins again under its issued id, joining and publishing in one request.
        await media.DisposeAsync();
        await using var admin = await AdminAsync();
        await Eventually.UntilAsync(async () => !(await ParticipantsAsync(admin, access.JanusRoom)).Contains(access.PublisherId),
            "Janus let the first session's publisher go");
        var fresh = await AccessAsync(lena, roomId);
        await using var rejoined = await ProxiedAsync(RoundtableFactory.LenaEmail);
        var join = PublisherJoin(fresh);
        join["request"] = "joinandconfigure";
        var (joined, joinAnswer) = await rejoined.AsyncRequestAsync(join, Offer());
        Assert.Equal("joined", joined.GetProperty("videoroom").GetString());
        Assert.Equal("answer", joinAnswer?.GetProperty("type").GetString());
        await rejoined.NextEventAsync(Moderation(fresh.PublisherId, "0", "muted"));
        await rejoined.NextEventAsync(Moderation(fresh.PublisherId, "1", "unmuted"));
        Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<MediaStateReported>());
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
