using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Tests;

/// <summary>
/// Sessions end on the server: signing out ends that one cookie or token, "sign out everywhere" and a password change
/// end all of them (a password change keeps the browser session that made it).
/// </summary>
public sealed class SessionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Password = "a quiet harbour at dawn";

    private RoundtableFactory Server => fixture.Server;

    /// <summary>A client that sends only the cookie it is given, as an attacker replaying a stolen one would.</summary>
    private HttpClient WithCookie(string cookie)
    {
        var client = Server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private async Task<string> NewAccountAsync()
    {
        var email = $"session-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email, password: Password, displayName: "Sam Session");
        return email;
    }

    /// <summary>Signs in through /api/auth/login; the session cookie as a Cookie header value.</summary>
    private async Task<string> SignInAsync(string email, string password = Password)
    {
        using var client = Server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundtable="));
        return setCookie.Split(';')[0];
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/me");
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> NegotiateAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/hubs/room/negotiate?negotiateVersion=1", null);
        return response.StatusCode;
    }

    [Fact]
    public async Task ACookieReplayedAfterSignOutIsRefusedOnRestAndOnTheHubNegotiate()
    {
        var cookie = await SignInAsync(await NewAccountAsync());
        using var browser = WithCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(browser));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(browser));

        using var signOut = await browser.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        using var replay = WithCookie(cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(replay));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(replay));
        using var write = await replay.PostAsJsonAsync("/api/markdown/preview", new { markdown = "hi" });
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsOnlyThatSessionAndSigningOutEverywhereEndsEveryCookieAndToken()
    {
        var email = await NewAccountAsync();
        using var laptop = WithCookie(await SignInAsync(email));
        using var phone = WithCookie(await SignInAsync(email));
        using var tablet = WithCookie(await SignInAsync(email));
        using var script = Server.ClientWithToken(await Server.IssueTokenAsync(email, Password));

        using var signOut = await laptop.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(laptop));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(phone));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(tablet));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(script));

        using var everywhere = await phone.PostAsync("/api/auth/logout-everywhere", null);
        Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(phone));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(tablet));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(script));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(tablet));

        // Signing in again starts a new session that works.
        using var again = WithCookie(await SignInAsync(email));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(again));
    }

    [Fact]
    public async Task SigningOutABearerTokenEndsThatTokenOnly()
    {
        var email = await NewAccountAsync();
        using var first = Server.ClientWithToken(await Server.IssueTokenAsync(email, Password));
        using var second = Server.ClientWithToken(await Server.IssueTokenAsync(email, Password));

        using var signOut = await first.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(first));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(second));
    }

    [Fact]
    public async Task ChangingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSessionButThisOne()
    {
        var email = await NewAccountAsync();
        var cookie = await SignInAsync(email);
        using var other = WithCookie(await SignInAsync(email));
        using var script = Server.ClientWithToken(await Server.IssueTokenAsync(email, Password));
        using var browser = Server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        browser.DefaultRequestHeaders.Add("Cookie", cookie);

        using var wrongCurrent = await browser.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not my password", newPassword = "lanterns over the river" });
        Assert.Equal("That is not your current password.", await AccountsApiTests.FieldErrorAsync(wrongCurrent, "currentPassword"));
        using var weak = await browser.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "password1234" });
        Assert.Contains("common passwords", await AccountsApiTests.FieldErrorAsync(weak, "newPassword"));
        using var personal = await browser.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "sam session forever" });
        Assert.Contains("email address or name", await AccountsApiTests.FieldErrorAsync(personal, "newPassword"));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(other));

        using var changed = await browser.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "lanterns over the river" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        // This browser gets a cookie under the new stamp and carries on with it; the old cookie, the other session
        // and the token are over.
        var renewed = Assert.Single(changed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundtable=")).Split(';')[0];
        using (var carriesOn = WithCookie(renewed))
        {
            Assert.Equal(HttpStatusCode.OK, await MeAsync(carriesOn));
        }
        using (var oldCookie = WithCookie(cookie))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(oldCookie));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(other));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(script));

        using var anonymous = Server.CreateClient();
        using var oldPassword = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        using var newPassword = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = "lanterns over the river" });
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
    }

    [Fact]
    public async Task ABearerClientChangingThePasswordEndsItsOwnTokenToo()
    {
        var email = await NewAccountAsync();
        using var script = Server.ClientWithToken(await Server.IssueTokenAsync(email, Password));

        using var changed = await script.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "lanterns over the river" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.False(changed.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(script));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(Server.ClientWithToken(await Server.IssueTokenAsync(email, "lanterns over the river"))));
    }
}
