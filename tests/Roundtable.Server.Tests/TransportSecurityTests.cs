using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Roundtable.Server.Tests;

/// <summary>
/// Over HTTPS (directly, or as a believed proxy forwards it) the session cookie is Secure and responses carry HSTS;
/// a forwarded scheme from anyone else changes nothing.
/// </summary>
public sealed class TransportSecurityTests
{
    // Documentation address ranges (RFC 5737): set on the in-process request only, nothing is sent anywhere.
    private const string ConfiguredProxy = "192.0.2.10";
    private const string ProxyInConfiguredNetwork = "203.0.113.5";
    private const string UnknownPeer = "198.51.100.7";
    private const string PublicHost = "roundtable.example.org";

    [Fact]
    public async Task HttpsAnswersCarryHstsAndASecureCookieAndHttpAnswersDoNot()
    {
        await using var server = await new RoundtableFactory().StartAsync();

        using (var https = server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{PublicHost}"), HandleCookies = false }))
        using (var signIn = await https.PostAsJsonAsync("/api/auth/login", new { email = RoundtableFactory.LenaEmail, password = RoundtableFactory.DemoPassword }))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.True(IsSecure(SessionCookie(signIn.Headers.GetValues("Set-Cookie"))), "The session cookie over HTTPS is not Secure.");
            Assert.StartsWith("max-age=31536000", signIn.Headers.GetValues("Strict-Transport-Security").Single());
        }

        using var http = server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{PublicHost}"), HandleCookies = false });
        using var plain = await http.PostAsJsonAsync("/api/auth/login", new { email = RoundtableFactory.LenaEmail, password = RoundtableFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(IsSecure(SessionCookie(plain.Headers.GetValues("Set-Cookie"))));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHttpsCountsOnlyFromAConfiguredProxy()
    {
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string>
        {
            ["Web:KnownProxies:0"] = ConfiguredProxy,
            ["Web:KnownNetworks:0"] = "203.0.113.0/24",
        }, testServices: PeerAddress.Register).StartAsync();

        foreach (var proxy in new[] { ConfiguredProxy, ProxyInConfiguredNetwork })
        {
            using var viaProxy = await SignInFromAsync(server, proxy, forwardedProto: "https");
            Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
            Assert.True(IsSecure(SessionCookie(viaProxy.Headers.GetValues("Set-Cookie"))), $"Forwarded HTTPS from {proxy} did not make the cookie Secure.");
            Assert.StartsWith("max-age=", viaProxy.Headers.GetValues("Strict-Transport-Security").Single());
        }

        using var spoofed = await SignInFromAsync(server, UnknownPeer, forwardedProto: "https");
        Assert.Equal(HttpStatusCode.OK, spoofed.StatusCode);
        Assert.False(IsSecure(SessionCookie(spoofed.Headers.GetValues("Set-Cookie"))), "X-Forwarded-Proto from an unknown address was believed.");
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>A sign-in as it reaches the server from the given peer address, over plain HTTP.</summary>
    private static async Task<HttpResponseMessage> SignInFromAsync(RoundtableFactory server, string peer, string forwardedProto)
    {
        using var http = server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{PublicHost}"), HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = RoundtableFactory.LenaEmail, password = RoundtableFactory.DemoPassword }),
        };
        request.Headers.Add(PeerAddress.Header, peer);
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", "192.0.2.200");
        return await http.SendAsync(request);
    }

    /// <summary>
    /// The in-process test host has no peer address; this sets one from a test header before anything else runs, as a
    /// connection from that address would.
    /// </summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer-Address";

        public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, PeerAddress>();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[Header].ToString() is { Length: > 0 } peer)
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
                    context.Request.Headers.Remove(Header);
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static string SessionCookie(IEnumerable<string> setCookies) =>
        Assert.Single(setCookies, c => c is not null && c.StartsWith("roundtable=", StringComparison.Ordinal))!;

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));
}
