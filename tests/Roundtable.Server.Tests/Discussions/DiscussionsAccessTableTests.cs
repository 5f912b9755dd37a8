using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Discussions;
using Roundtable.Server.Notifications;

namespace Roundtable.Server.Tests.Discussions;

/// <summary>
/// Who may use discussions: every endpoint and hub method × every kind of caller, with the exact status (for a hub
/// method: 200 when it is allowed, 404 when refused as for a thread that does not exist, 401 when the connection is
/// refused). The same table is in
/// docs/ACCESS.md under "Discussions". The thread and its reply are Ana's (posted just now, so within the edit window).
/// </summary>
public sealed class DiscussionsAccessTableTests(DiscussionsAccessTableTests.Fixture fixture) : IClassFixture<DiscussionsAccessTableTests.Fixture>
{
    public enum Caller
    {
        Author,
        OtherLearner,
        Manager,
        Observer,
        Coach,
        Admin,
        Outsider,
        SignedOut,
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        internal DiscussionScene Scene { get; private set; } = null!;
        public string RoundtableId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            Scene = await DiscussionScene.CreateAsync(Server);
            using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
            using var scheduled = await admin.PostAsJsonAsync($"/api/cohorts/{Scene.CohortId}/roundtables",
                new { title = "Discussed roundtable", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 });
            RoundtableId = (await scheduled.Content.ReadFromJsonAsync<Roundtable.Server.Cohorts.RoundtableDto>(Json.Options))!.Id;
            // Its thread exists, so opening it is the same for everyone who may see it.
            using var opened = await admin.PostAsJsonAsync($"/api/roundtables/{RoundtableId}/discussion", new { });
            opened.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public string? EmailOf(Caller caller) => caller switch
        {
            Caller.Author => Scene.AnaEmail,
            Caller.OtherLearner => Scene.BoEmail,
            Caller.Manager => Scene.NiaEmail,
            Caller.Observer => Scene.ObiEmail,
            Caller.Coach => Scene.CyEmail,
            Caller.Admin => RoundtableFactory.AdminEmail,
            Caller.Outsider => Scene.OlaEmail,
            _ => null,
        };
    }

    // Columns: author, other learner, manager, observer, coach, admin, outsider, signed out.
    private static readonly (string Operation, int[] Statuses)[] Rows =
    [
        ("GET /api/cohorts/{id}/discussions", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("POST /api/cohorts/{id}/discussions", [201, 201, 201, 403, 201, 201, 404, 401]),
        ("GET /api/discussions/{id}", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("POST /api/discussions/{id}/replies", [200, 200, 200, 403, 200, 200, 404, 401]),
        ("PUT /api/discussions/{id}/posts/{ana's}", [200, 403, 403, 403, 200, 200, 404, 401]),
        ("DELETE /api/discussions/{id}/posts/{ana's reply}", [200, 403, 403, 403, 200, 200, 404, 401]),
        ("POST /api/discussions/{id}/posts/{post}/reactions", [200, 200, 200, 403, 200, 200, 404, 401]),
        ("PUT /api/discussions/{id}/pinned", [403, 403, 403, 403, 200, 200, 404, 401]),
        ("PUT /api/discussions/{id}/locked", [403, 403, 403, 403, 200, 200, 404, 401]),
        ("PUT /api/discussions/{id}/following", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("POST /api/discussions/{id}/read", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("GET /api/me/unread-discussions", [200, 200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/roundtables/{id}/discussions", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("POST /api/roundtables/{id}/discussion", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("hub WatchThread", [200, 200, 200, 200, 200, 200, 404, 401]),
        ("hub WatchDiscussions", [200, 200, 200, 200, 200, 200, 404, 401]),
    ];

    public static TheoryData<string, Caller, int> Table() => AccessTable.Cases<Caller>(Rows);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, Caller caller, int expected)
    {
        var server = fixture.Server;
        var scene = fixture.Scene;
        var email = fixture.EmailOf(caller);
        using var client = email is null ? server.CreateClient() : server.ClientWithToken(await server.TokenAsync(email));
        // Each call gets a thread of its own (with Ana's reply), so no row depends on another.
        var thread = await scene.StartAsync(server);
        using var ana = await server.ClientAsAsync(scene.AnaEmail);
        var withReply = await DiscussionScene.Ok(await ana.PostAsJsonAsync($"/api/discussions/{thread.Id}/replies", new { markdown = "Ana's reply" }));
        var reply = withReply.Posts[1].Id;
        var path = $"/api/discussions/{thread.Id}";
        if (operation.StartsWith("hub ", StringComparison.Ordinal))
        {
            Assert.Equal(expected, await HubStatusAsync(server, email, operation[4..] == nameof(NotificationsHub.WatchThread)
                ? c => c.InvokeAsync(nameof(NotificationsHub.WatchThread), thread.Id)
                : c => c.InvokeAsync(nameof(NotificationsHub.WatchDiscussions), scene.CohortId, null)));
            return;
        }
        using var response = operation switch
        {
            "GET /api/cohorts/{id}/discussions" => await client.GetAsync($"/api/cohorts/{scene.CohortId}/discussions"),
            "POST /api/cohorts/{id}/discussions" => await client.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = "A thread", markdown = "Hello" }),
            "GET /api/discussions/{id}" => await client.GetAsync(path),
            "POST /api/discussions/{id}/replies" => await client.PostAsJsonAsync($"{path}/replies", new { markdown = "A reply" }),
            "PUT /api/discussions/{id}/posts/{ana's}" => await client.PutAsJsonAsync($"{path}/posts/{thread.Id}", new { baseRevision = 0, markdown = "Edited" }),
            "DELETE /api/discussions/{id}/posts/{ana's reply}" => await client.DeleteAsync($"{path}/posts/{reply}"),
            "POST /api/discussions/{id}/posts/{post}/reactions" => await client.PostAsJsonAsync($"{path}/posts/{thread.Id}/reactions", new { emoji = "thumbs-up" }),
            "PUT /api/discussions/{id}/pinned" => await client.PutAsJsonAsync($"{path}/pinned", new { value = true }),
            "PUT /api/discussions/{id}/locked" => await client.PutAsJsonAsync($"{path}/locked", new { value = true }),
            "PUT /api/discussions/{id}/following" => await client.PutAsJsonAsync($"{path}/following", new { value = true }),
            "POST /api/discussions/{id}/read" => await client.PostAsJsonAsync($"{path}/read", new { lastNumber = 2 }),
            "GET /api/me/unread-discussions" => await client.GetAsync("/api/me/unread-discussions"),
            "GET /api/roundtables/{id}/discussions" => await client.GetAsync($"/api/roundtables/{fixture.RoundtableId}/discussions"),
            "POST /api/roundtables/{id}/discussion" => await client.PostAsJsonAsync($"/api/roundtables/{fixture.RoundtableId}/discussion", new { }),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        Assert.Equal(expected, (int)response.StatusCode);
    }

    private static async Task<int> HubStatusAsync(RoundtableFactory server, string? email, Func<HubConnection, Task> call)
    {
        await using var connection = RoomClient.Build(server, email is null ? null : await server.TokenAsync(email), NotificationsHub.Path);
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return 401;
        }
        try
        {
            await call(connection);
            return 200;
        }
        catch (HubException e) when (e.Message.Contains("that you can see", StringComparison.Ordinal) || e.Message.Contains("whose discussions you can see", StringComparison.Ordinal))
        {
            return 404;
        }
    }
}
