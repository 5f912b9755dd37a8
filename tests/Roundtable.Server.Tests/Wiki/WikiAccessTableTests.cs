using System.Net.Http.Json;
using Roundtable.Server.Wiki;

namespace Roundtable.Server.Tests.Wiki;

/// <summary>
/// Who may use a cohort's wiki: every endpoint × every kind of caller, with the exact status. The same table is in
/// docs/ACCESS.md under "Wiki" (with search, which finds only what the caller may read: see SearchTests). Every write goes to a page made for it at the version it stands at, so only who is
/// calling decides the outcome.
/// </summary>
public sealed class WikiAccessTableTests(WikiAccessTableTests.Fixture fixture) : IClassFixture<WikiAccessTableTests.Fixture>
{
    public enum Caller
    {
        Learner,
        Coach,
        Manager,
        Observer,
        Admin,
        OtherCohort,
        SignedOut,
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        internal WikiScene Scene { get; private set; } = null!;
        public string PageId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory().StartAsync();
            Scene = await WikiScene.CreateAsync(Server);
            PageId = (await Scene.CreateAsync(Server, Scene.AnaEmail, "Read me", "one\ntwo")).Id;
            await Scene.WriteSharedNotesAsync(Server, 0, "Notes to publish");
            using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
            (await admin.PostAsJsonAsync($"/api/roundtables/{Scene.RoundtableId}/wiki", new { })).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public string? EmailOf(Caller caller) => caller switch
        {
            Caller.Learner => Scene.AnaEmail,
            Caller.Coach => Scene.CyEmail,
            Caller.Manager => Scene.NiaEmail,
            Caller.Observer => Scene.OzEmail,
            Caller.Admin => RoundtableFactory.AdminEmail,
            Caller.OtherCohort => Scene.OlaEmail,
            _ => null,
        };
    }

    // Columns: learner, coach, manager, observer, admin, learner of another cohort, signed out.
    private static readonly (string Operation, int[] Statuses)[] Rows =
    [
        ("GET /api/wiki", [200, 200, 200, 200, 200, 200, 401]),
        ("GET /api/cohorts/{id}/wiki", [200, 200, 200, 200, 200, 404, 401]),
        ("POST /api/cohorts/{id}/wiki", [201, 201, 201, 403, 201, 404, 401]),
        ("GET /api/cohorts/{id}/wiki/{page}", [200, 200, 200, 200, 200, 404, 401]),
        ("PUT /api/cohorts/{id}/wiki/{page}", [200, 200, 200, 403, 200, 404, 401]),
        ("PUT /api/cohorts/{id}/wiki/{page}/title", [200, 200, 200, 403, 200, 404, 401]),
        ("POST /api/cohorts/{id}/wiki/{page}/revert", [200, 200, 200, 403, 200, 404, 401]),
        ("GET /api/cohorts/{id}/wiki/{page}/versions", [200, 200, 200, 200, 200, 404, 401]),
        ("GET /api/cohorts/{id}/wiki/{page}/versions/1", [200, 200, 200, 200, 200, 404, 401]),
        ("GET /api/cohorts/{id}/wiki/{page}/diff", [200, 200, 200, 200, 200, 404, 401]),
        ("POST /api/roundtables/{id}/wiki", [200, 200, 200, 403, 200, 404, 401]),
        ("GET /api/search?q=", [200, 200, 200, 200, 200, 200, 401]),
    ];

    public static TheoryData<string, Caller, int> Table() => AccessTable.Cases<Caller>(Rows);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheStatusInTheTable(string operation, Caller caller, int expected)
    {
        var server = fixture.Server;
        var scene = fixture.Scene;
        var email = fixture.EmailOf(caller);
        using var client = email is null ? server.CreateClient() : await server.ClientAsAsync(email);
        // A page of its own for each write, at a known version.
        async Task<string> FreshPageAsync(bool twoVersions = false)
        {
            var page = await scene.CreateAsync(server, RoundtableFactory.AdminEmail, $"Page {Guid.NewGuid():N}", "first");
            if (twoVersions)
            {
                using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
                (await admin.PutAsJsonAsync(scene.PagePath(page.Id), new { baseVersion = 1, markdown = "second" })).EnsureSuccessStatusCode();
            }
            return page.Id;
        }
        var page = scene.PagePath(fixture.PageId);
        using var response = operation switch
        {
            "GET /api/wiki" => await client.GetAsync("/api/wiki"),
            "GET /api/cohorts/{id}/wiki" => await client.GetAsync(scene.Pages),
            "POST /api/cohorts/{id}/wiki" => await client.PostAsJsonAsync(scene.Pages, new { title = $"New {Guid.NewGuid():N}", markdown = "Hello" }),
            "GET /api/cohorts/{id}/wiki/{page}" => await client.GetAsync(page),
            "PUT /api/cohorts/{id}/wiki/{page}" => await client.PutAsJsonAsync(scene.PagePath(await FreshPageAsync()), new { baseVersion = 1, markdown = "edited" }),
            "PUT /api/cohorts/{id}/wiki/{page}/title" =>
                await client.PutAsJsonAsync($"{scene.PagePath(await FreshPageAsync())}/title", new { baseVersion = 1, title = $"Renamed {Guid.NewGuid():N}" }),
            "POST /api/cohorts/{id}/wiki/{page}/revert" =>
                await client.PostAsJsonAsync($"{scene.PagePath(await FreshPageAsync(twoVersions: true))}/revert", new { baseVersion = 2, toVersion = 1 }),
            "GET /api/cohorts/{id}/wiki/{page}/versions" => await client.GetAsync($"{page}/versions"),
            "GET /api/cohorts/{id}/wiki/{page}/versions/1" => await client.GetAsync($"{page}/versions/1"),
            "GET /api/cohorts/{id}/wiki/{page}/diff" => await client.GetAsync($"{page}/diff?from=1&to=1"),
            "POST /api/roundtables/{id}/wiki" => await client.PostAsJsonAsync($"/api/roundtables/{scene.RoundtableId}/wiki", new { }),
            "GET /api/search?q=" => await client.GetAsync("/api/search?q=read"),
            _ => throw new ArgumentException($"No such operation in the table: {operation}"),
        };
        Assert.Equal(expected, (int)response.StatusCode);
    }
}
