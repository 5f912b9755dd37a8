using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.Tests.Wiki;
using static Roundtable.Server.Tests.Search.SearchTests;

namespace Roundtable.Server.Tests.Search;

/// <summary>
/// What was said in a roundtable is found once it has ended, as its transcript shows it to a learner, and only by those
/// the transcript endpoint lets read it.
/// </summary>
public sealed class TranscriptSearchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    /// <summary>The scene's roundtable started by its coach Cy, with Ana in it.</summary>
    private sealed record Session(RoomClient Cy, RoomClient Ana) : IAsyncDisposable
    {
        public static async Task<Session> StartAsync(RoundtableFactory server, WikiScene scene)
        {
            var cy = await RoomClient.JoinAsync(server, await server.TokenAsync(scene.CyEmail), scene.RoundtableId);
            await cy.InvokeAsync("StartRoundtable", scene.RoundtableId);
            return new Session(cy, await RoomClient.JoinAsync(server, await server.TokenAsync(scene.AnaEmail), scene.RoundtableId));
        }

        public async ValueTask DisposeAsync()
        {
            await Ana.DisposeAsync();
            await Cy.DisposeAsync();
        }
    }

    private static async Task<HttpStatusCode> TranscriptStatusAsync(RoundtableFactory server, string email, string roomId)
    {
        using var client = await server.ClientAsAsync(email);
        using var response = await client.GetAsync($"/api/roundtables/{roomId}/transcript?format=json");
        return response.StatusCode;
    }

    [Fact]
    public async Task ALearnerFindsWhatWasSaidInTheirCohortsEndedRoundtableAtTheMessageAndNobodyElseDoes()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var token = Guid.NewGuid().ToString("N")[..10];
        await using var session = await Session.StartAsync(Server, scene);
        var (cy, ana) = session;
        var said = await ana.PostAsync($"Lead with the customer's **pricing** heron{token}");

        // Live: the transcript can be read, but search waits for the end.
        Assert.Equal(0, (await SearchAsync(Server, scene.AnaEmail, $"heron{token}")).Total);

        await cy.InvokeAsync("EndRoundtable", scene.RoundtableId);
        var found = await SearchAsync(Server, scene.AnaEmail, $"pricing heron{token}");
        var hit = Assert.Single(found.Results);
        Assert.Equal(("transcript", scene.CohortId), (hit.Kind, hit.CohortId));
        var at = (await LogReader.RoomEventsAsync(Server, scene.RoundtableId)).Single(e => e.Seq == said.Seq).At;
        Assert.Equal($"Discovery practice · {at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}", hit.Title);
        Assert.Equal($"/api/roundtables/{scene.RoundtableId}/transcript?format=html#message-{said.Seq}", hit.Link);
        Assert.Equal(["pricing", $"heron{token}"], hit.Snippet.Where(s => s.Hit).Select(s => s.Text));

        // The anchor is there in the transcript the link opens.
        using var anaHttp = await Server.ClientAsAsync(scene.AnaEmail);
        var page = await anaHttp.GetStringAsync(hit.Link.Split('#')[0]);
        Assert.Contains($"<li class=\"message\" id=\"message-{said.Seq}\">", page);

        foreach (var email in new[] { scene.BoEmail, scene.CyEmail, scene.OzEmail, RoundtableFactory.AdminEmail })
        {
            Assert.Equal(1, (await SearchAsync(Server, email, $"heron{token}")).Total);
        }
        Assert.Equal(0, (await SearchAsync(Server, scene.OlaEmail, $"heron{token}")).Total);
    }

    [Fact]
    public async Task HiddenMessagesAreFoundByNobodyEditsByTheirLatestTextAndAHideAfterTheEndTakesAMessageOut()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var token = Guid.NewGuid().ToString("N")[..10];
        await using var session = await Session.StartAsync(Server, scene);
        var (cy, ana) = session;
        var hidden = await ana.PostAsync($"Something rude about otter{token}");
        await cy.InvokeAsync("HideMessage", scene.RoundtableId, hidden.Seq);
        var edited = await ana.PostAsync($"first draft{token}");
        await ana.InvokeAsync("EditMessage", scene.RoundtableId, edited.Seq, $"final wording{token}");
        var later = await ana.PostAsync($"Kept for now badger{token}");
        await cy.InvokeAsync("EndRoundtable", scene.RoundtableId);

        Assert.Equal(0, (await SearchAsync(Server, scene.AnaEmail, $"otter{token}")).Total);
        Assert.Equal(0, (await SearchAsync(Server, scene.CyEmail, $"otter{token}")).Total);
        Assert.Equal(0, (await SearchAsync(Server, scene.AnaEmail, $"draft{token}")).Total);
        var final = Assert.Single((await SearchAsync(Server, scene.BoEmail, $"wording{token}")).Results);
        Assert.EndsWith($"#message-{edited.Seq}", final.Link, StringComparison.Ordinal);
        Assert.Equal(1, (await SearchAsync(Server, scene.BoEmail, $"badger{token}")).Total);

        // The coach tidies the transcript after the end.
        await cy.InvokeAsync("HideMessage", scene.RoundtableId, later.Seq);
        Assert.Equal(0, (await SearchAsync(Server, scene.BoEmail, $"badger{token}")).Total);
        await cy.InvokeAsync("UnhideMessage", scene.RoundtableId, later.Seq);
        Assert.Equal(1, (await SearchAsync(Server, scene.BoEmail, $"badger{token}")).Total);
    }

    [Fact]
    public async Task SomeoneTheTranscriptRefusesDoesNotFindItAndTheCountLeavesItOut()
    {
        var scene = await WikiScene.CreateAsync(Server);
        var token = Guid.NewGuid().ToString("N")[..10];
        await scene.CreateAsync(Server, scene.AnaEmail, $"Notes {token}", $"A page about lynx{token}");
        await using var session = await Session.StartAsync(Server, scene);
        var (cy, ana) = session;
        await using var bo = await RoomClient.JoinAsync(Server, await Server.TokenAsync(scene.BoEmail), scene.RoundtableId);
        await ana.PostAsync($"What the lynx{token} taught us");
        await cy.InvokeAsync("RemoveParticipant", scene.RoundtableId, bo.UserId);
        await cy.InvokeAsync("EndRoundtable", scene.RoundtableId);

        // Bo is a learner of the cohort, but the coach removed him: the transcript is not his to read, so neither is the hit.
        Assert.Equal(HttpStatusCode.Forbidden, await TranscriptStatusAsync(Server, scene.BoEmail, scene.RoundtableId));
        var bos = await SearchAsync(Server, scene.BoEmail, $"lynx{token}");
        Assert.Equal((1, "wiki"), (bos.Total, Assert.Single(bos.Results).Kind));

        Assert.Equal(HttpStatusCode.OK, await TranscriptStatusAsync(Server, scene.AnaEmail, scene.RoundtableId));
        Assert.Equal(["transcript", "wiki"], (await SearchAsync(Server, scene.AnaEmail, $"lynx{token}")).Results.Select(r => r.Kind).Order());
    }

    [Fact]
    public async Task ARebuiltIndexFindsEndedRoundtablesAgainWithoutHiddenMessages()
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        await WithIndexRebuiltAsync(async first =>
        {
            var scene = await WikiScene.CreateAsync(first);
            await using var session = await Session.StartAsync(first, scene);
            var (cy, ana) = session;
            await ana.PostAsync($"Worth keeping: falcon{token}");
            var hidden = await ana.PostAsync($"Not for the record: falcon{token} gossip");
            await cy.InvokeAsync("EndRoundtable", scene.RoundtableId);
            await cy.InvokeAsync("HideMessage", scene.RoundtableId, hidden.Seq);
            Assert.Equal(1, (await SearchAsync(first, scene.AnaEmail, $"falcon{token}")).Total);
            return scene;
        }, async (second, scene) =>
        {
            var found = await SearchAsync(second, scene.AnaEmail, $"falcon{token}");
            Assert.Equal(("transcript", 1), (Assert.Single(found.Results).Kind, found.Total));
            Assert.Equal(0, (await SearchAsync(second, scene.AnaEmail, $"gossip falcon{token}")).Total);
            Assert.Equal(0, (await SearchAsync(second, scene.OlaEmail, $"falcon{token}")).Total);
        });
    }
}
