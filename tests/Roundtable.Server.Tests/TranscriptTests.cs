using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class TranscriptTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static readonly string[] Said =
    [
        "Hello **everyone**",
        "<script>alert('x')</script> is not code here",
        "[click](javascript:alert(1)) and [docs](https://example.com)",
        "line one\nline two\n# not a heading of the transcript",
    ];

    /// <summary>A room where the coach, Lena and a member with a hostile display name have spoken, then the coach ended it.</summary>
    private async Task<string> RoomWithConversationAsync()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var roomId = await Server.NewRoundtableAsync("Transcript <test> & co");
        var hostileEmail = $"hostile-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(hostileEmail, cohortId, displayName: "<img src=x onerror=alert(1)>");

        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await coach.Connection.InvokeAsync("StartRoundtable", roomId);
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var hostile = await RoomClient.JoinAsync(Server, await Server.TokenAsync(hostileEmail), roomId);
        await coach.PostAsync(Said[0]);
        await lena.PostAsync(Said[1]);
        await hostile.PostAsync(Said[2]);
        await lena.PostAsync(Said[3]);
        await coach.Connection.InvokeAsync("EndRoundtable", roomId);
        return roomId;
    }

    [Fact]
    public async Task JsonTranscriptHoldsExactlyTheLogInOrder()
    {
        var roomId = await RoomWithConversationAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);

        var transcript = await lena.GetFromJsonAsync<TranscriptDto>($"/api/roundtables/{roomId}/transcript?format=json", Json.Options);

        var log = await LogReader.RoomEventsAsync(Server, roomId);
        Assert.Equal(log.Select(e => (e.RoomId, e.Seq, e.At, e.Event)), transcript!.Events.Select(e => (e.RoomId, e.Seq, e.At, e.Event)));
        Assert.Equal(Said, transcript.Events.Of<MessagePosted>().Select(m => m.Markdown));
        Assert.Equal(RoomStatus.Ended, transcript.Roundtable.Status);
        Assert.Equal("Transcript <test> & co", transcript.Roundtable.Title);
    }

    [Fact]
    public async Task MarkdownTranscriptQuotesEveryMessageInOrder()
    {
        var roomId = await RoomWithConversationAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);

        using var response = await lena.GetAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal("# Transcript \\<test\\> & co", lines[0]);
        var quoted = lines.Where(l => l.StartsWith("> ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        Assert.Equal(Said.SelectMany(s => s.Split('\n')), quoted);
        // Nothing a participant wrote stands outside a quote.
        Assert.DoesNotContain(lines, l => l.StartsWith("# not a heading", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("The roundtable ended"));
        Assert.Equal(quoted, (await (await lena.GetAsync($"/api/roundtables/{roomId}/transcript")).Content.ReadAsStringAsync())
            .Split('\n').Where(l => l.StartsWith("> ", StringComparison.Ordinal)).Select(l => l[2..]));
    }

    [Fact]
    public async Task HtmlTranscriptHoldsTheSanitisedMessagesAndNoScript()
    {
        var roomId = await RoomWithConversationAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);

        using var response = await lena.GetAsync($"/api/roundtables/{roomId}/transcript?format=html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        var posted = (await LogReader.RoomEventsAsync(Server, roomId)).Of<MessagePosted>().ToList();
        var bodies = doc.QuerySelectorAll("li.message .body").ToList();
        Assert.Equal(posted.Select(m => m.Html), bodies.Select(b => b.InnerHtml));
        Assert.Equal(posted.Select(m => m.DisplayName), doc.QuerySelectorAll("li.message .meta strong").Select(s => s.TextContent));
        Assert.Empty(doc.QuerySelectorAll("script, img, iframe"));
        Assert.DoesNotContain(doc.QuerySelectorAll("*").SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(doc.QuerySelectorAll("[href]"), a => a.GetAttribute("href")!.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Transcript <test> & co", doc.QuerySelector("h1")!.TextContent);
        Assert.Contains("<script>alert('x')</script> is not code here", bodies[1].TextContent);
    }

    [Fact]
    public async Task ANonMemberGetsNotFound()
    {
        var roomId = await Server.NewRoundtableAsync();
        var email = $"outsider-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(email);
        using var outsider = await Server.ClientAsAsync(email);

        using var response = await outsider.GetAsync($"/api/roundtables/{roomId}/transcript?format=json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var missing = await outsider.GetAsync("/api/roundtables/0123456789abcdef0123456789abcdef/transcript");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The same answer for "not yours" and "not there".
        Assert.Equal(
            (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Title,
            (await missing.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Title);
    }

    [Fact]
    public async Task AnUnauthenticatedRequestGetsUnauthorized()
    {
        var roomId = await Server.NewRoundtableAsync();
        using var anonymous = Server.CreateClient();
        using var response = await anonymous.GetAsync($"/api/roundtables/{roomId}/transcript?format=json");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownFormatIsABadRequestWithProblemDetails()
    {
        var roomId = await Server.NewRoundtableAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);

        using var response = await lena.GetAsync($"/api/roundtables/{roomId}/transcript?format=pdf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal(400, problem!.Status);
        Assert.Contains("markdown, html or json", problem.Detail);
    }
}
