using System.Net;
using Microsoft.Extensions.Logging;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>Without Media:JanusUrl the rooms work as before and say, calmly, that voice and video are off.</summary>
public sealed class MediaOffTests
{
    [Fact]
    public async Task WithoutAJanusAccessIsUnavailableWithAReasonTheProxyAnswersNotFoundAndStartUpSaysSoOnce()
    {
        var logs = new LogCapture();
        await using var server = await new RoundtableFactory(logs: logs).StartAsync();
        var roomId = await server.NewRoundtableAsync();
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);

        var access = await lena.InvokeAsync<MediaAccess>("GetMediaAccess", roomId);
        Assert.False(access.Available);
        Assert.Equal(MediaAccessService.OffReason, access.Reason);
        Assert.Equal(("", ""), (access.Token, access.JanusRoom));
        Assert.Empty((await LogReader.RoomEventsAsync(server, roomId)).Of<MediaRoomOpened>());
        Assert.False(lena.Joined!.Snapshot.Part<MediaSnapshot>()!.Media.Available);
        await lena.PostAsync("everything else works");

        using var http = await server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var proxied = await http.PostAsync("/media/janus", new StringContent("{\"janus\":\"create\",\"transaction\":\"t\"}"));
        Assert.Equal(HttpStatusCode.NotFound, proxied.StatusCode);
        Assert.Contains("off on this server", await proxied.Content.ReadAsStringAsync());

        Assert.Single(logs.Entries, e => e.Level == LogLevel.Information && e.Message == "Voice and video are off: Media:JanusUrl is not set");
    }

    [Fact]
    public async Task TheProxySaysWhenJanusIsNotAnsweringAndRefusesAPersonOverTheirAllowanceWithRetryAfter()
    {
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string>
        {
            // Nothing listens on port 1.
            ["Media:JanusUrl"] = "http://127.0.0.1:1/janus",
            ["Media:ApiSecret"] = "secret",
            ["Media:AdminKey"] = "admin-key",
            ["Media:Key"] = "a-test-media-key-of-at-least-32-characters",
            ["Media:ProxyRequestsPerSecond"] = "0.01",
            ["Media:ProxyRequestBurst"] = "2",
        }).StartAsync();
        using var http = await server.ClientAsAsync(RoundtableFactory.LenaEmail);
        async Task<HttpResponseMessage> CreateAsync() =>
            await http.PostAsync("/media/janus", new StringContent("{\"janus\":\"create\",\"transaction\":\"t\"}"));

        using var first = await CreateAsync();
        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Contains(MediaAccessService.UnreachableReason, await first.Content.ReadAsStringAsync());
        using var second = await CreateAsync();
        using var third = await CreateAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Another person has their own allowance.
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var theirs = await coach.PostAsync("/media/janus", new StringContent("{\"janus\":\"create\",\"transaction\":\"t\"}"));
        Assert.Equal(HttpStatusCode.BadGateway, theirs.StatusCode);

        var roomId = await server.NewRoundtableAsync();
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        var access = await lena.InvokeAsync<MediaAccess>("GetMediaAccess", roomId);
        Assert.Equal((false, MediaAccessService.UnreachableReason), (access.Available, access.Reason));
    }

    [Fact]
    public async Task AJanusAddressWithoutTheSecretsStopsStartUpWithAClearMessage()
    {
        var server = new RoundtableFactory(settings: new Dictionary<string, string> { ["Media:JanusUrl"] = "http://127.0.0.1:1/janus" });
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => server.StartAsync());
        Assert.Contains("Media:Key, Media:ApiSecret, Media:AdminKey must be set", failure.ToString());
        // Not disposed: the host never started, and disposing asks for its services, which would start it again.
    }
}
