using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.Search;
using Roundtable.Server.Tests.Wiki;

namespace Roundtable.Server.Tests.Search;

/// <summary>Full-text search over the real server: what each searcher finds, how found words come back, and the index rebuilt from the log.</summary>
public sealed class SearchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    /// <summary>The search as <paramref name="email"/> answers it (200 expected).</summary>
    internal static async Task<SearchAnswerDto> SearchAsync(RoundtableFactory server, string email, string q)
    {
        using var client = await server.ClientAsAsync(email);
        using var response = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}");
        return await WikiTests.OkAsync<SearchAnswerDto>(response);
    }

    [Fact]
    public async Task ALearnerNeverFindsAnotherCohortsPagesWhileMembersAndAdminsDo()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var token = Guid.NewGuid().ToString("N")[..10];
        await scene.CreateAsync(Server, scene.AnaEmail, $"Pricing {token}", $"Our discount policy: never more than 10 percent. zebra{token}");

        var ola = await SearchAsync(Server, scene.OlaEmail, $"zebra{token}");
        Assert.Equal(0, ola.Total);
        Assert.Empty((await SearchAsync(Server, scene.OlaEmail, $"Pricing {token}")).Results);

        foreach (var email in new[] { scene.BoEmail, scene.OzEmail, RoundtableFactory.AdminEmail })
        {
            var found = await SearchAsync(Server, email, $"discount zebra{token}");
            var hit = Assert.Single(found.Results);
            Assert.Equal(("wiki", $"Pricing {token}", scene.CohortId), (hit.Kind, hit.Title, hit.CohortId));
            Assert.StartsWith($"/wiki.html?cohort={scene.CohortId}&page=", hit.Link, StringComparison.Ordinal);
            Assert.Equal(["discount", $"zebra{token}"], hit.Snippet.Where(s => s.Hit).Select(s => s.Text));
        }
    }

    [Fact]
    public async Task DiscussionPostsAreFoundByTheirCohortOnlyAndLeaveTheIndexWhenRemoved()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var token = Guid.NewGuid().ToString("N")[..10];
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var started = await ana.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/discussions", new { title = $"Objections {token}", markdown = $"How do you answer walrus{token}?" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var threadId = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var replied = await bo.PostAsJsonAsync($"/api/discussions/{threadId}/replies", new { markdown = $"Name the walrus{token} and move on." });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);

        var found = await SearchAsync(Server, scene.OzEmail, $"walrus{token}");
        Assert.Equal(2, found.Total);
        Assert.All(found.Results, r => Assert.Equal(("discussion", $"Objections {token}", $"/discussions.html?thread={threadId}"), (r.Kind, r.Title, r.Link)));
        Assert.Equal(0, (await SearchAsync(Server, scene.OlaEmail, $"walrus{token}")).Total);

        var opening = (await ana.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/discussions/{threadId}")).GetProperty("posts")[0].GetProperty("id").GetString();
        using var removed = await ana.DeleteAsync($"/api/discussions/{threadId}/posts/{opening}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var after = await SearchAsync(Server, scene.OzEmail, $"walrus{token}");
        Assert.Equal(("Name the walrus", 1), (string.Concat(after.Results.Single().Snippet.Select(s => s.Text))[..15], after.Total));
    }

    [Fact]
    public async Task EditsAndRenamesAreFoundAsThePageNowStandsAndMarkupComesBackAsText()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var token = Guid.NewGuid().ToString("N")[..10];
        var page = await scene.CreateAsync(Server, scene.AnaEmail, $"Old {token}", $"before{token} <img src=x onerror=alert(1)>");
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        (await ana.PutAsJsonAsync(scene.PagePath(page.Id), new { baseVersion = 1, markdown = $"after{token} <b>bold</b>" })).EnsureSuccessStatusCode();
        (await ana.PutAsJsonAsync($"{scene.PagePath(page.Id)}/title", new { baseVersion = 2, title = $"New {token}" })).EnsureSuccessStatusCode();

        Assert.Empty((await SearchAsync(Server, scene.AnaEmail, $"before{token}")).Results);
        var hit = Assert.Single((await SearchAsync(Server, scene.AnaEmail, $"after{token}")).Results);
        Assert.Equal($"New {token}", hit.Title);
        Assert.Equal($"after{token} <b>bold</b>", string.Concat(hit.Snippet.Select(s => s.Text)));
        Assert.Single((await SearchAsync(Server, scene.AnaEmail, $"new {token}")).Results);

        // Lucene's query syntax is taken as words, and an empty query is a field problem.
        Assert.Empty((await SearchAsync(Server, scene.AnaEmail, "title:(\"a OR b* ~ [x TO y]")).Results);
        using var empty = await ana.GetAsync("/api/search?q=%20");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task AMissingIndexIsRebuiltFromTheLog()
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        await WithIndexRebuiltAsync(async first =>
        {
            var scene = await WikiScene.CreateAsync(first);
            await scene.CreateAsync(first, scene.AnaEmail, $"Kept {token}", $"rebuilt{token}");
            Assert.Single((await SearchAsync(first, scene.AnaEmail, $"rebuilt{token}")).Results);
            return scene;
        }, async (second, scene) =>
        {
            Assert.Single((await SearchAsync(second, scene.AnaEmail, $"rebuilt{token}")).Results);
            Assert.Empty((await SearchAsync(second, scene.OlaEmail, $"rebuilt{token}")).Results);
        });
    }

    /// <summary>
    /// Runs <paramref name="before"/> on a server with a data directory of its own, deletes the search index, and runs
    /// <paramref name="after"/> on a server started again on that directory (which rebuilds the index from the log).
    /// </summary>
    internal static async Task WithIndexRebuiltAsync(Func<RoundtableFactory, Task<WikiScene>> before, Func<RoundtableFactory, WikiScene, Task> after)
    {
        var dataDirectory = RoundtableFactory.NewDataDirectory();
        try
        {
            WikiScene scene;
            await using (var first = await new RoundtableFactory(dataDirectory).StartAsync())
            {
                scene = await before(first);
            }
            Directory.Delete(Path.Combine(dataDirectory, new SearchOptions().IndexDirectory), recursive: true);
            await using var second = await new RoundtableFactory(dataDirectory).StartAsync();
            await after(second, scene);
        }
        finally
        {
            RoundtableFactory.TryDelete(dataDirectory);
        }
    }
}
