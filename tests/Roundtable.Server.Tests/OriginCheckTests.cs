using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Roundtable.Server.Tests;

/// <summary>
/// A page of another origin (another port of the same host, a sibling subdomain) cannot use a signed-in person's
/// cookie on the hubs or on a state-changing request: SameSite=Strict lets the cookie through there, the origin check
/// does not. Bearer-token clients, and clients that are not browsers, are unaffected.
/// </summary>
public sealed class OriginCheckTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // The test host's own origin is http://localhost (port 80).
    private const string SameOrigin = "http://localhost";
    public static TheoryData<string> CrossOrigins => ["http://localhost:8080", "http://evil.localhost", "https://localhost", "null"];
    public static TheoryData<string> Hubs => ["/hubs/room", "/hubs/notifications"];

    private RoundtableFactory Server => fixture.Server;

    [Theory]
    [MemberData(nameof(Hubs))]
    public async Task NegotiateWithTheCookieFromAnotherOriginIsRefused(string hub)
    {
        var cookie = await SignInCookieAsync();
        foreach (var origin in CrossOrigins)
        {
            using var refused = await SendAsync(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1", cookie, origin);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var accepted = await SendAsync(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1", cookie, SameOrigin);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hubs))]
    public async Task WebSocketWithTheCookieFromAnotherOriginIsRefused(string hub)
    {
        var cookie = await SignInCookieAsync();

        foreach (var origin in CrossOrigins)
        {
            var token = await NegotiateAsync(hub, cookie);
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectWebSocketAsync($"{hub}?id={token}", cookie, origin));
            Assert.Contains("403", refused.Message);
        }

        using var accepted = await ConnectWebSocketAsync($"{hub}?id={await NegotiateAsync(hub, cookie)}", cookie, SameOrigin);
        Assert.Equal(WebSocketState.Open, accepted.State);
        await accepted.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(Hubs))]
    public async Task LongPollingWithTheCookieFromAnotherOriginIsRefused(string hub)
    {
        var cookie = await SignInCookieAsync();
        var token = await NegotiateAsync(hub, cookie);
        const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

        foreach (var origin in CrossOrigins)
        {
            using var poll = await SendAsync(HttpMethod.Get, $"{hub}?id={token}", cookie, origin);
            Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
            // Sending is a plain POST with a text body: a "simple" request a browser sends without asking first.
            using var send = await SendAsync(HttpMethod.Post, $"{hub}?id={token}", cookie, origin, content: new StringContent(Handshake, Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Forbidden, send.StatusCode);
        }

        // The first poll of a connection answers at once; the connection is then usable from its own origin.
        using var sameOrigin = await SendAsync(HttpMethod.Get, $"{hub}?id={token}", cookie, SameOrigin);
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        using var handshake = await SendAsync(HttpMethod.Post, $"{hub}?id={token}", cookie, SameOrigin, content: new StringContent(Handshake, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
    }

    [Fact]
    public async Task StateChangingRequestWithTheCookieFromAnotherOriginIsRefused()
    {
        var cookie = await SignInCookieAsync();
        var preview = JsonContent.Create(new { markdown = "**hello**" });

        foreach (var origin in CrossOrigins)
        {
            using var refused = await SendAsync(HttpMethod.Post, "/api/markdown/preview", cookie, origin, content: JsonContent.Create(new { markdown = "x" }));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Cross-origin request refused", (await ProblemAsync(refused)).GetProperty("title").GetString());
        }
        // A sign-in from another origin would sign the victim's browser into someone else's account.
        using (var signIn = await SendAsync(HttpMethod.Post, "/api/auth/login", cookie: null, "http://evil.localhost",
            content: JsonContent.Create(new { email = RoundtableFactory.LenaEmail, password = RoundtableFactory.DemoPassword })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        }
        // No Origin, but the browser says the page was on another origin of this site.
        using (var sameSite = await SendAsync(HttpMethod.Put, "/api/profile", cookie, origin: null, fetchSite: "same-site", content: JsonContent.Create(new { })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, sameSite.StatusCode);
        }

        using (var accepted = await SendAsync(HttpMethod.Post, "/api/markdown/preview", cookie, SameOrigin, content: preview))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        using (var fetchSameOrigin = await SendAsync(HttpMethod.Post, "/api/markdown/preview", cookie, origin: null, fetchSite: "same-origin", content: JsonContent.Create(new { markdown = "x" })))
        {
            Assert.Equal(HttpStatusCode.OK, fetchSameOrigin.StatusCode);
        }
        // Neither header: not a browser, so no victim's browser attached this cookie.
        using (var notABrowser = await SendAsync(HttpMethod.Post, "/api/markdown/preview", cookie, origin: null, content: JsonContent.Create(new { markdown = "x" })))
        {
            Assert.Equal(HttpStatusCode.OK, notABrowser.StatusCode);
        }
        // Reads are not state-changing; another origin cannot read their answers anyway (no CORS).
        using var read = await SendAsync(HttpMethod.Get, "/api/home", cookie, "http://evil.localhost");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task BearerTokenFromAnotherOriginIsAccepted()
    {
        var token = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        const string Other = "https://integrations.example.org";

        using (var preview = await SendAsync(HttpMethod.Post, "/api/markdown/preview", cookie: null, Other, bearer: token, content: JsonContent.Create(new { markdown = "x" })))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        }
        using (var negotiate = await SendAsync(HttpMethod.Post, "/hubs/room/negotiate?negotiateVersion=1", cookie: null, Other, bearer: token))
        {
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        }
        // WebSockets carry the token in the query string.
        using var socket = await ConnectWebSocketAsync($"/hubs/room?access_token={Uri.EscapeDataString(token)}", cookie: null, Other);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task AllowedOriginsSettingAdmitsThoseOriginsOnly()
    {
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string>
        {
            ["Web:AllowedOrigins:0"] = "https://roundtable.example.org",
        }).StartAsync();
        var cookie = await SignInCookieAsync(server);

        using (var allowed = await SendAsync(server, HttpMethod.Post, "/hubs/room/negotiate?negotiateVersion=1", cookie, "https://roundtable.example.org"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using (var ownOrigin = await SendAsync(server, HttpMethod.Post, "/hubs/room/negotiate?negotiateVersion=1", cookie, SameOrigin))
        {
            Assert.Equal(HttpStatusCode.OK, ownOrigin.StatusCode);
        }
        using var other = await SendAsync(server, HttpMethod.Post, "/hubs/room/negotiate?negotiateVersion=1", cookie, "https://other.example.org");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    private Task<string> SignInCookieAsync() => SignInCookieAsync(Server);

    private static async Task<string> SignInCookieAsync(RoundtableFactory server)
    {
        using var http = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email = RoundtableFactory.LenaEmail, password = RoundtableFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("roundtable=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<string> NegotiateAsync(string hub, string cookie)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1", cookie, SameOrigin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ProblemAsync(response)).GetProperty("connectionToken").GetString()!;
    }

    private Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? cookie, string? origin, string? fetchSite = null, string? bearer = null, HttpContent? content = null) =>
        SendAsync(Server, method, path, cookie, origin, fetchSite, bearer, content);

    private static async Task<HttpResponseMessage> SendAsync(
        RoundtableFactory server, HttpMethod method, string path, string? cookie, string? origin, string? fetchSite = null, string? bearer = null,
        HttpContent? content = null)
    {
        using var http = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await http.SendAsync(request, timeout.Token);
    }

    private async Task<WebSocket> ConnectWebSocketAsync(string pathAndQuery, string? cookie, string origin)
    {
        var client = Server.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            if (cookie is not null)
            {
                request.Headers.Cookie = cookie;
            }
            request.Headers.Origin = origin;
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await client.ConnectAsync(new Uri(new Uri("ws://localhost"), pathAndQuery), timeout.Token);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
