using AngleSharp.Html.Parser;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

public sealed class TranscriptRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NamesInTheMarkdownTranscriptStayTextEvenWhereRawHtmlIsRendered()
    {
        const string name = "<img src=x onerror=alert(1)> [link](javascript:alert(2)) **bold**";
        var events = new List<StoredEvent>
        {
            new("room-r", 1, 1, At, new ParticipantJoined("u1", name, RoomRole.Learner)),
            new("room-r", 2, 2, At, new MessagePosted("u1", name, "hello", "<p>hello</p>", null)),
        };

        var markdown = new TranscriptRenderer([]).ToMarkdown("<script>alert(3)</script>", events);

        // A reader that renders the transcript with raw HTML on is the worst case.
        var html = Markdig.Markdown.ToHtml(markdown);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("img, script, a"));
        // The author line is bold; the name inside it is exactly the name, with nothing of it turned into markup.
        var author = Assert.Single(document.QuerySelectorAll("strong"));
        Assert.Equal(name, author.TextContent);
        Assert.Contains("<script>alert(3)</script>", document.QuerySelector("h1")!.TextContent);
        Assert.Contains("> hello", markdown);
    }
}
