using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// A session ended on one node is refused on the other, and its connections open there are closed (each node's
/// projection has the event).
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SessionTwoNodeTests(TwoNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private const string Password = "a quiet harbour at dawn";

    /// <summary>A client that sends only the cookies a test gives it (a node's own client keeps every cookie it is sent).</summary>
    private static HttpClient Plain(ServerNode node) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<string> SignInAsync(ServerNode node, string email, string password = Password)
    {
        using var http = Plain(node);
        using var login = await http.PostAsJsonAsync("api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("roundtable=")).Split(';')[0];
    }

    private static async Task<HttpStatusCode> SendAsync(ServerNode node, HttpMethod method, string path, string? cookie = null, string? token = null, object? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        using var http = Plain(node);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Waits (up to <see cref="Patience"/>) until the other node's projection has the event and refuses the session.</summary>
    private static async Task RefusedSoonAsync(ServerNode node, string what, string? cookie = null, string? token = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (await SendAsync(node, HttpMethod.Get, "api/me", cookie, token) != HttpStatusCode.Unauthorized)
        {
            Assert.True(stopwatch.Elapsed < Patience, $"{what} still accepted on {node.Name} after {Patience}\n{node.Logs()}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ASessionEndedOnOneNodeIsRefusedOnTheOther()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var email = $"two-node-session-{Guid.NewGuid():N}@example.com";
        var admin = await node1.TokenAsync(Accounts.Admin);
        Assert.Equal(HttpStatusCode.Created, await SendAsync(node1, HttpMethod.Post, "api/users", token: admin, json: new { email, displayName = "Nodes Person", password = Password }));

        var laptop = await SignInAsync(node1, email);
        var phone = await SignInAsync(node2, email);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(node2, HttpMethod.Get, "api/me", laptop));

        // Sign out on node 1: the cookie replayed on node 2 is refused there; the other session goes on.
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(node1, HttpMethod.Post, "api/auth/logout", laptop));
        await RefusedSoonAsync(node2, "the signed-out cookie", cookie: laptop);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(node1, HttpMethod.Get, "api/me", phone));

        // Sign out everywhere on node 2 ends a token issued by node 1, on node 1.
        using var tokenClient = Plain(node1);
        var token = await Endpoints.TokenAsync(tokenClient, email, Password);
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(node2, HttpMethod.Post, "api/auth/logout-everywhere", phone));
        await RefusedSoonAsync(node1, "the token after signing out everywhere", token: token);
        await RefusedSoonAsync(node1, "the other cookie after signing out everywhere", cookie: phone);

        // A password changed on node 1 ends a session on node 2.
        var tablet = await SignInAsync(node2, email);
        var desk = await SignInAsync(node1, email);
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(node1, HttpMethod.Post, "api/auth/password", desk, json: new { currentPassword = Password, newPassword = "lanterns over the river" }));
        await RefusedSoonAsync(node2, "a session from before the password change", cookie: tablet);
    }

    [Fact]
    public async Task SigningOutOnOneNodeClosesThatSessionsHubConnectionOnTheOther()
    {
        var (node1, node2) = (cluster[0], cluster[1]);
        var lena = Accounts.Learners[0];
        var roomId = await Cluster.NewRoundtableAsync(node1, "Two-node sign-out");
        var cookie = await SignInAsync(node1, lena, Accounts.Password);
        await using var page = HubConnections.Build(node2.BaseAddress, token: null, cookie: cookie);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await page.StartAsync();
        await page.InvokeAsync<object>("Join", new { roomId, protocolVersion = 1 });
        await using var coach = await cluster.ConnectAsync(node1, Accounts.Coach, roomId);
        // Another session of Lena's (its own token), on the same node.
        await using var phone = await cluster.ConnectAsync(node2, lena, roomId);

        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(node1, HttpMethod.Post, "api/auth/logout", cookie));

        try
        {
            await closed.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The signed-out session's connection on {node2.Name} was still open after {Patience}\n{node2.Logs()}");
        }
        var seq = (await coach.PostAsync("after signing out", Guid.NewGuid().ToString("N"))).Seq;
        await phone.WaitForSeqAsync(seq, Patience, fillGaps: false);
        Assert.Equal(HubConnectionState.Connected, phone.State);
    }
}
