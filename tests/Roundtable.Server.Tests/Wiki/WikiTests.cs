using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Storage;
using Roundtable.Server.Wiki;

namespace Roundtable.Server.Tests.Wiki;

/// <summary>A cohort's wiki end to end over HTTP, on the real server.</summary>
public sealed class WikiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    internal static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task MembersWriteEditRenameAndRevertAPageWithEveryVersionKept()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var created = await scene.CreateAsync(Server, scene.AnaEmail, "  Team   norms ", "# Norms\nBe on time.\nListen first.");
        Assert.Equal(("Team norms", 1L), (created.Title, created.Version));
        Assert.Equal("<h1>Norms</h1>\n<p>Be on time.<br>\nListen first.</p>", created.Html);
        Assert.True(created.MayEdit);

        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        var edited = await OkAsync<WikiPageDto>(await bo.PutAsJsonAsync(scene.PagePath(created.Id),
            new { baseVersion = 1, markdown = "# Norms\nBe on time.\nListen first.\nCameras on.", summary = "Cameras" }));
        Assert.Equal(2, edited.Version);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        var renamed = await OkAsync<WikiPageDto>(await cy.PutAsJsonAsync($"{scene.PagePath(created.Id)}/title", new { baseVersion = 2, title = "Working agreements" }));
        Assert.Equal(("Working agreements", 3L), (renamed.Title, renamed.Version));
        Assert.Equal(edited.Markdown, renamed.Markdown);

        // Back to version 1: a new version with version 1's text; the versions between stay.
        using var nia = await Server.ClientAsAsync(scene.NiaEmail);
        var reverted = await OkAsync<WikiPageDto>(await nia.PostAsJsonAsync($"{scene.PagePath(created.Id)}/revert", new { baseVersion = 3, toVersion = 1 }));
        Assert.Equal((4L, created.Markdown, "Working agreements"), (reverted.Version, reverted.Markdown, reverted.Title));

        var history = await bo.GetFromJsonAsync<WikiVersionDto[]>($"{scene.PagePath(created.Id)}/versions", Json.Options);
        Assert.NotNull(history);
        Assert.Equal([(4L, WikiChange.Reverted), (3L, WikiChange.Renamed), (2L, WikiChange.Edited), (1L, WikiChange.Created)], history.Select(v => (v.Version, v.Change)));
        Assert.Equal("Cameras", history[2].Summary);
        Assert.Equal(1L, history[0].RevertedTo);
        Assert.StartsWith("Bo ", history[2].AuthorName, StringComparison.Ordinal);
        var second = await bo.GetFromJsonAsync<WikiVersionTextDto>($"{scene.PagePath(created.Id)}/versions/2", Json.Options);
        Assert.Equal(edited.Markdown, second!.Markdown);

        // The list: recently changed first.
        var other = await scene.CreateAsync(Server, scene.BoEmail, "Reading list", "Books.");
        var list = await bo.GetFromJsonAsync<WikiListDto>(scene.Pages, Json.Options);
        Assert.Equal([other.Id, created.Id], list!.Pages.Select(p => p.Id));
    }

    [Fact]
    public async Task AnEditFromAnOlderVersionIsRefusedWithThePageAsItNowStands()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var page = await scene.CreateAsync(Server, scene.AnaEmail, "Agenda ideas", "one");
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        await OkAsync<WikiPageDto>(await ana.PutAsJsonAsync(scene.PagePath(page.Id), new { baseVersion = 1, markdown = "one\ntwo by Ana" }));

        var problem = await ProblemAsync(await bo.PutAsJsonAsync(scene.PagePath(page.Id), new { baseVersion = 1, markdown = "one\ntwo by Bo" }), HttpStatusCode.Conflict);
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal("one\ntwo by Ana", problem.GetProperty("currentMarkdown").GetString());
        Assert.Contains("since you opened it", problem.GetProperty("detail").GetString());
        var now = await bo.GetFromJsonAsync<WikiPageDto>(scene.PagePath(page.Id), Json.Options);
        Assert.Equal((2L, "one\ntwo by Ana"), (now!.Version, now.Markdown));
        await ProblemAsync(await bo.PutAsJsonAsync($"{scene.PagePath(page.Id)}/title", new { baseVersion = 1, title = "Later" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TheDiffMarksAddedAndRemovedLinesWithTheirNumbers()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var page = await scene.CreateAsync(Server, scene.AnaEmail, "Diffed", "a\nb\nc");
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        await OkAsync<WikiPageDto>(await ana.PutAsJsonAsync(scene.PagePath(page.Id), new { baseVersion = 1, markdown = "a\nB\nc\nd" }));
        var diff = await ana.GetFromJsonAsync<WikiDiffDto>($"{scene.PagePath(page.Id)}/diff?from=1&to=2", Json.Options);
        Assert.Equal((2, 1), (diff!.Added, diff.Removed));
        Assert.Equal(
            [(DiffKind.Same, "a", 1, 1), (DiffKind.Removed, "b", 2, null), (DiffKind.Added, "B", null, 2), (DiffKind.Same, "c", 3, 3), (DiffKind.Added, "d", null, 4)],
            diff.Lines.Select(l => (l.Kind, l.Text, l.FromLine, l.ToLine)));
        var missing = await ProblemAsync(await ana.GetAsync($"{scene.PagePath(page.Id)}/diff?from=1&to=9"), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("to", out _));
    }

    [Fact]
    public async Task LinksResolveToExistingPagesOrToCreatingThemAndBacklinksListWhoLinksHere()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var home = await scene.CreateAsync(Server, scene.AnaEmail, "Home", "See [[Team Norms]] and [[<img src=x onerror=alert(1)>]] but not `[[In code]]`.");
        var parser = new HtmlParser();
        var links = parser.ParseDocument(home.Html).QuerySelectorAll("a");
        Assert.Equal(2, links.Length);
        Assert.All(links, a => Assert.Equal("wiki-link wiki-link-missing", a.GetAttribute("class")));
        Assert.Equal($"/wiki.html?cohort={scene.CohortId}&create=Team%20Norms", links[0].GetAttribute("href"));
        Assert.Equal("<img src=x onerror=alert(1)> (not written yet)", links[1].TextContent);
        Assert.Empty(parser.ParseDocument(home.Html).QuerySelectorAll("img"));
        Assert.Contains("<code>[[In code]]</code>", home.Html);

        // Written later, under another case: the link now leads to it, and it lists Home among its backlinks.
        var norms = await scene.CreateAsync(Server, scene.BoEmail, "team norms", "Be kind.");
        Assert.Equal([home.Id], norms.Backlinks.Select(b => b.Id));
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        var again = await ana.GetFromJsonAsync<WikiPageDto>(scene.PagePath(home.Id), Json.Options);
        var link = parser.ParseDocument(again!.Html).QuerySelectorAll("a")[0];
        Assert.Equal(("wiki-link", $"/wiki.html?cohort={scene.CohortId}&page={norms.Id}", "Team Norms"), (link.GetAttribute("class"), link.GetAttribute("href"), link.TextContent));

        // Titles are unique per cohort, case and spacing ignored; brackets would break links.
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        var taken = await ProblemAsync(await bo.PostAsJsonAsync(scene.Pages, new { title = "TEAM  NORMS", markdown = "x" }), HttpStatusCode.BadRequest);
        Assert.Contains("already", taken.GetProperty("errors").GetProperty("title")[0].GetString());
        await ProblemAsync(await bo.PostAsJsonAsync(scene.Pages, new { title = "a [[b]]", markdown = "x" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await bo.PutAsJsonAsync($"{scene.PagePath(norms.Id)}/title", new { baseVersion = 1, title = "home" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PublishingNotesCreatesAPageLinkedToTheRoundtableThenNewVersionsOfIt()
    {
        var scene = await WikiScene.CreateAsync(Server);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        var empty = await ProblemAsync(await bo.PostAsJsonAsync($"/api/roundtables/{scene.RoundtableId}/wiki", new { }), HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("notes", out _));

        await scene.WriteSharedNotesAsync(Server, 0, "# Takeaways\n- Ask open questions");
        using var published = await bo.PostAsJsonAsync($"/api/roundtables/{scene.RoundtableId}/wiki", new { });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var page = (await published.Content.ReadFromJsonAsync<WikiPageDto>(Json.Options))!;
        Assert.Equal((scene.RoundtableId, "Discovery practice"), (page.SourceRoundtableId, page.SourceRoundtableTitle));
        Assert.StartsWith("Discovery practice (", page.Title, StringComparison.Ordinal);
        Assert.Equal("# Takeaways\n- Ask open questions", page.Markdown);

        // Published again after the notes changed: a new version of the same page.
        await scene.WriteSharedNotesAsync(Server, 1, "# Takeaways\n- Ask open questions\n- Summarise back");
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        var again = await OkAsync<WikiPageDto>(await cy.PostAsJsonAsync($"/api/roundtables/{scene.RoundtableId}/wiki", new { }));
        Assert.Equal((page.Id, 2L), (again.Id, again.Version));
        Assert.EndsWith("Summarise back", again.Markdown, StringComparison.Ordinal);
        var history = await cy.GetFromJsonAsync<WikiVersionDto[]>($"{scene.PagePath(page.Id)}/versions", Json.Options);
        Assert.All(history!, v => Assert.Equal(scene.RoundtableId, v.SourceRoundtableId));

        // Observers read, but do not publish; a learner of another cohort cannot tell the roundtable exists.
        using var oz = await Server.ClientAsAsync(scene.OzEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await oz.PostAsJsonAsync($"/api/roundtables/{scene.RoundtableId}/wiki", new { })).StatusCode);
        using var ola = await Server.ClientAsAsync(scene.OlaEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ola.PostAsJsonAsync($"/api/roundtables/{scene.RoundtableId}/wiki", new { })).StatusCode);
    }

    [Fact]
    public async Task ALearnerOfAnotherCohortFindsNothingAndObserversOnlyRead()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var page = await scene.CreateAsync(Server, scene.AnaEmail, "Private to the cohort", "Secret plans.");
        using var ola = await Server.ClientAsAsync(scene.OlaEmail);
        foreach (var path in new[] { scene.Pages, scene.PagePath(page.Id), $"{scene.PagePath(page.Id)}/versions", $"{scene.PagePath(page.Id)}/diff?from=1&to=1" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync(path)).StatusCode);
        }
        // Her own cohort's id with this page's id: still not found.
        Assert.Equal(HttpStatusCode.NotFound, (await ola.GetAsync($"/api/cohorts/{scene.OtherCohortId}/wiki/{page.Id}")).StatusCode);
        Assert.DoesNotContain(await ola.GetFromJsonAsync<WikiCohortDto[]>("/api/wiki", Json.Options) ?? [], c => c.Id == scene.CohortId);

        using var oz = await Server.ClientAsAsync(scene.OzEmail);
        var read = await oz.GetFromJsonAsync<WikiPageDto>(scene.PagePath(page.Id), Json.Options);
        Assert.False(read!.MayEdit);
        Assert.Equal(HttpStatusCode.Forbidden, (await oz.PutAsJsonAsync(scene.PagePath(page.Id), new { baseVersion = 1, markdown = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await oz.PostAsJsonAsync(scene.Pages, new { title = "Oz", markdown = "Mine" })).StatusCode);
    }

    [Fact]
    public async Task BadInputGetsFieldProblemsAndOversizePagesAreRefused()
    {
        var scene = await WikiScene.CreateAsync(Server);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        var problem = await ProblemAsync(await ana.PostAsJsonAsync(scene.Pages, new { title = "", markdown = "" }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _) && errors.TryGetProperty("markdown", out _));
        var tooBig = await ProblemAsync(await ana.PostAsJsonAsync(scene.Pages, new { title = "Big", markdown = new string('x', NoteLimits.MaxNoteBytes + 1) }), HttpStatusCode.BadRequest);
        Assert.Contains("limit", tooBig.GetProperty("errors").GetProperty("markdown")[0].GetString());
        var page = await scene.CreateAsync(Server, scene.AnaEmail, "Small", "x");
        await ProblemAsync(await ana.PutAsJsonAsync(scene.PagePath(page.Id), new { markdown = "y" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await ana.PostAsJsonAsync($"{scene.PagePath(page.Id)}/revert", new { baseVersion = 1, toVersion = 7 }), HttpStatusCode.Conflict);
        var unchanged = await ana.GetFromJsonAsync<WikiPageDto>(scene.PagePath(page.Id), Json.Options);
        Assert.Equal((1L, "x"), (unchanged!.Version, unchanged.Markdown));
    }
}
