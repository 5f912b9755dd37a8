using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Roundtable.Server.Tests;

/// <summary>
/// Password guessing against one account from anywhere: failed sign-ins lock the email (known or not) with a backoff
/// that doubles, and while it is locked the right password is refused too. The server's clock stands still unless a
/// test moves it.
/// </summary>
public sealed class SignInLockoutTests
{
    [Fact]
    public async Task FailedSignInsLockTheAccountEvenForTheRightPasswordWithABackoffThatDoubles()
    {
        var (server, clock) = await LimitsTests.StartAsync(new() { ["SignInFailuresBeforeLockout"] = "3", ["SignInLockout"] = "00:00:30", ["SignInLockoutMax"] = "00:10:00" });
        await using var _ = server;
        using var client = server.CreateClient();
        const string lena = RoundtableFactory.LenaEmail;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "/api/auth/login", lena, "wrong-password"));
        }
        // Locked: the right password is refused on both ways in, from any address, until the lockout passes.
        var locked = await SignInResponseAsync(client, "/api/auth/login", " LENA@roundtable.local ", RoundtableFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Equal("30", locked.RetryAfter);
        Assert.Equal("Sign-in paused", locked.Problem.GetProperty("title").GetString());
        Assert.Contains("Wait 30 seconds", locked.Problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, "/api/auth/token", lena, RoundtableFactory.DemoPassword));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, "/api/auth/login", lena, RoundtableFactory.DemoPassword));

        // Success forgot the failures; three more lock it again, and one more after that locks it twice as long.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "/api/auth/token", lena, "wrong-password"));
        }
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "/api/auth/login", lena, "still-wrong"));
        clock.Advance(TimeSpan.FromSeconds(30));
        var doubled = await SignInResponseAsync(client, "/api/auth/token", lena, RoundtableFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, doubled.Status);
        Assert.Equal("30", doubled.RetryAfter);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, "/api/auth/token", lena, RoundtableFactory.DemoPassword));

        // Other accounts were never held up.
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, "/api/auth/login", RoundtableFactory.LiamEmail, RoundtableFactory.DemoPassword));
    }

    [Fact]
    public async Task AnUnknownEmailIsLockedExactlyAsAnAccountIs()
    {
        var (server, _) = await LimitsTests.StartAsync(new() { ["SignInFailuresBeforeLockout"] = "2", ["SignInLockout"] = "00:01:00" });
        await using var _ = server;
        using var client = server.CreateClient();

        var answers = new List<(HttpStatusCode, string?, string?, string?)>();
        foreach (var email in new[] { RoundtableFactory.LenaEmail, "nobody-here@roundtable.local" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "/api/auth/login", email, "wrong-password"));
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "/api/auth/login", email, "wrong-password"));
            var locked = await SignInResponseAsync(client, "/api/auth/login", email, RoundtableFactory.DemoPassword);
            answers.Add((locked.Status, locked.RetryAfter, locked.Problem.GetProperty("title").GetString(), locked.Problem.GetProperty("detail").GetString()));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[0].Item1);
        Assert.Equal(answers[0], answers[1]);
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string path, string email, string password) =>
        (await SignInResponseAsync(client, path, email, password)).Status;

    private static async Task<(HttpStatusCode Status, string? RetryAfter, JsonElement Problem)> SignInResponseAsync(HttpClient client, string path, string email, string password)
    {
        using var response = await client.PostAsJsonAsync(path, new { email, password });
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, retryAfter, body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default);
    }
}
