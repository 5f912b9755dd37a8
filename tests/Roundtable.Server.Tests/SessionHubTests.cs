using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Notifications;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Tests;

/// <summary>
/// An ended session loses the hub connections it already had open, on both hubs, at once: not only its next connect.
/// </summary>
public sealed class SessionHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Password = "a quiet harbour at dawn";

    private RoundtableFactory Server => fixture.Server;

    [Fact]
    public async Task SigningOutClosesThatSessionsOpenConnectionsOnBothHubsButNotTheAccountsOtherSessions()
    {
        var (email, roomId) = await LearnerInANewRoomAsync();
        var laptop = await SignInAsync(Server, email);
        await using var laptopRoom = await JoinWithCookieAsync(Server, laptop, roomId);
        var laptopRoomClosed = ClosedAsync(laptopRoom.Connection);
        await using var laptopNotifications = RoomClient.Build(Server, token: null, NotificationsHub.Path, cookie: laptop);
        var laptopNotificationsClosed = ClosedAsync(laptopNotifications);
        await laptopNotifications.StartAsync();
        var phoneToken = await Server.IssueTokenAsync(email, Password);
        await using var phoneRoom = await RoomClient.JoinAsync(Server, phoneToken, roomId);
        var phoneRoomClosed = ClosedAsync(phoneRoom.Connection);
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await HeardByAsync(coach, "before signing out", laptopRoom, phoneRoom);

        using (var browser = WithCookie(Server, laptop))
        {
            using var signOut = await browser.PostAsync("/api/auth/logout", null);
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        await WithinAsync(laptopRoomClosed, "the signed-out session's room connection closes");
        await WithinAsync(laptopNotificationsClosed, "the signed-out session's notifications connection closes");
        var after = await HeardByAsync(coach, "after signing out", phoneRoom);
        Assert.DoesNotContain(laptopRoom.Received, e => e.Seq >= after);
        Assert.Equal(HubConnectionState.Connected, phoneRoom.Connection.State);

        // Signing out everywhere, from yet another session, ends the phone's too.
        using (var tablet = WithCookie(Server, await SignInAsync(Server, email)))
        {
            using var everywhere = await tablet.PostAsync("/api/auth/logout-everywhere", null);
            Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        }
        await WithinAsync(phoneRoomClosed, "the other session's room connection closes after signing out everywhere");
        var last = await coach.PostAsync("after signing out everywhere");
        await coach.WaitForSeqAsync(last.Seq);
        Assert.DoesNotContain(phoneRoom.Received, e => e.Seq >= last.Seq);
    }

    [Fact]
    public async Task AChangedPasswordClosesConnectionsOpenedUnderTheOldStampAndTheRenewedCookieConnectsAgain()
    {
        var (email, roomId) = await LearnerInANewRoomAsync();
        var cookie = await SignInAsync(Server, email);
        await using var page = await JoinWithCookieAsync(Server, cookie, roomId);
        var pageClosed = ClosedAsync(page.Connection);

        using var browser = WithCookie(Server, cookie);
        using var changed = await browser.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "lanterns over the river" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        // Even this browser's own connection carries the old stamp (a stolen copy of the cookie would too). The page
        // connects again with the cookie it was just given, as the room page does after a close.
        await WithinAsync(pageClosed, "the connection opened before the password change closes");
        var renewed = Assert.Single(changed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundtable=")).Split(';')[0];
        await using var again = await JoinWithCookieAsync(Server, renewed, roomId);
        Assert.Equal(HubConnectionState.Connected, again.Connection.State);
    }

    [Fact]
    public async Task ACallOfAnEndedSessionIsRefusedAndClosesTheConnectionEvenBeforeTheProjectionClosesIt()
    {
        // A node whose projection does not close anything: as if the call arrived before the sign-out was projected.
        await using var server = await new RoundtableFactory(testServices: services =>
            services.Remove(services.Single(d => d.ServiceType == typeof(IProjectionListener) && d.ImplementationType == typeof(SessionEnds)))).StartAsync();
        var (cohortId, _) = await server.SeededCohortAsync();
        var email = $"hub-session-{Guid.NewGuid():N}@example.com";
        await server.NewUserAsync(email, cohortId, password: Password);
        var roomId = await server.NewRoundtableAsync();
        var token = await server.IssueTokenAsync(email, Password);
        await using var client = await RoomClient.JoinAsync(server, token, roomId);
        var closed = ClosedAsync(client.Connection);
        using (var http = server.ClientWithToken(token))
        {
            using var signOut = await http.PostAsync("/api/auth/logout", null);
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);

        await Assert.ThrowsAnyAsync<Exception>(() => client.PostAsync("posted after signing out", "after-sign-out"));

        await WithinAsync(closed, "the connection closes");
        Assert.DoesNotContain(await LogReader.RoomEventsAsync(server, roomId), e => e.Event is MessagePosted { ClientMessageId: "after-sign-out" });
    }

    private async Task<(string Email, string RoomId)> LearnerInANewRoomAsync()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var email = $"hub-session-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email, cohortId, password: Password, displayName: "Sam Session");
        return (email, await Server.NewRoundtableAsync());
    }

    /// <summary>Signs in through /api/auth/login; the session cookie as a Cookie header value.</summary>
    private static async Task<string> SignInAsync(RoundtableFactory server, string email)
    {
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundtable=")).Split(';')[0];
    }

    private static HttpClient WithCookie(RoundtableFactory server, string cookie)
    {
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<RoomClient> JoinWithCookieAsync(RoundtableFactory server, string cookie, string roomId)
    {
        var client = await RoomClient.ConnectAsync(server, token: null, cookie);
        await client.JoinAsync(roomId);
        return client;
    }

    /// <summary>Completes when the connection closes by itself (subscribed before anything could close it).</summary>
    private static Task ClosedAsync(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    private static async Task WithinAsync(Task closed, string what)
    {
        try
        {
            await closed.WaitAsync(RoomClient.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting until {what}.");
        }
    }

    /// <summary>The poster posts; returns the seq once every listener has it.</summary>
    private static async Task<long> HeardByAsync(RoomClient poster, string markdown, params RoomClient[] listeners)
    {
        var posted = await poster.PostAsync(markdown);
        foreach (var listener in listeners)
        {
            await listener.WaitForSeqAsync(posted.Seq);
        }
        return posted.Seq;
    }
}
