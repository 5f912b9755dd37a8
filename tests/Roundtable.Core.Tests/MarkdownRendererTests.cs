using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Roundtable.Core.Markdown;

namespace Roundtable.Core.Tests;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    private IDocument RenderAndParse(string markdown)
    {
        var html = _renderer.Render(markdown);
        return new HtmlParser().ParseDocument("<!doctype html><html><body>" + html + "</body></html>");
    }

    private static IEnumerable<IAttr> AllAttributes(IDocument doc) =>
        doc.Body!.QuerySelectorAll("*").SelectMany(e => e.Attributes);

    private static void AssertNoEventHandlers(IDocument doc) =>
        Assert.DoesNotContain(AllAttributes(doc), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));

    private static void AssertOnlySafeHrefs(IDocument doc)
    {
        foreach (var link in doc.Body!.QuerySelectorAll("[href]"))
        {
            var href = link.GetAttribute("href")!.Trim();
            Assert.True(
                href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase),
                $"unsafe href '{href}'");
        }
    }

    [Fact]
    public void RawScriptHtmlIsNotAnElement()
    {
        var doc = RenderAndParse("before <script>alert(1)</script> after\n\n<script>alert(2)</script>");
        Assert.Empty(doc.Body!.QuerySelectorAll("script"));
        Assert.Contains("before", doc.Body.TextContent);
    }

    [Fact]
    public void JavascriptLinkHasNoJavascriptHref()
    {
        var doc = RenderAndParse("[x](javascript:alert(1)) and [y](JaVaScRiPt:alert(1)) and <javascript:alert(1)>");
        Assert.DoesNotContain(doc.Body!.QuerySelectorAll("[href]"),
            e => e.GetAttribute("href")!.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        AssertOnlySafeHrefs(doc);
    }

    [Fact]
    public void DataUrlLinkIsNeutralised()
    {
        var doc = RenderAndParse("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)");
        Assert.DoesNotContain(doc.Body!.QuerySelectorAll("[href]"),
            e => e.GetAttribute("href")!.Contains("data:", StringComparison.OrdinalIgnoreCase));
        AssertOnlySafeHrefs(doc);
    }

    [Fact]
    public void RawImgWithOnErrorProducesNoImageAndNoHandler()
    {
        var doc = RenderAndParse("<img src=x onerror=alert(1)>");
        Assert.Empty(doc.Body!.QuerySelectorAll("img"));
        AssertNoEventHandlers(doc);
    }

    [Fact]
    public void MarkdownImageIsNotRenderedAsAnImage()
    {
        var doc = RenderAndParse("![alt](https://example.com/x.png \"t\")");
        Assert.Empty(doc.Body!.QuerySelectorAll("img"));
        AssertNoEventHandlers(doc);
    }

    [Fact]
    public void RawAnchorWithOnClickHasNoHandler()
    {
        var doc = RenderAndParse("<a href=\"#\" onclick=\"alert(1)\">click</a>");
        AssertNoEventHandlers(doc);
        AssertOnlySafeHrefs(doc);
    }

    [Fact]
    public void OtherRawHtmlIsInertText()
    {
        var doc = RenderAndParse("<iframe src=\"https://evil.example\"></iframe><svg onload=alert(1)></svg><style>body{}</style><div style=\"x\">d</div>");
        Assert.Empty(doc.Body!.QuerySelectorAll("iframe, svg, style, div, [style]"));
        AssertNoEventHandlers(doc);
    }

    [Fact]
    public void NormalMarkdownRenders()
    {
        var doc = RenderAndParse("**bold** and *em* and ~~gone~~\n\n- one\n- two\n\n1. first\n2. second\n\n`inline`\n\n```\nblock code\n```\n\n> quoted\n\n## Heading");
        var body = doc.Body!;
        Assert.Equal("bold", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("em", body.QuerySelector("em")!.TextContent);
        Assert.Equal("gone", body.QuerySelector("del")!.TextContent);
        Assert.Equal(["one", "two"], body.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        Assert.Equal(["first", "second"], body.QuerySelectorAll("ol > li").Select(li => li.TextContent));
        Assert.Equal("inline", body.QuerySelector("p > code")!.TextContent);
        Assert.Equal("block code\n", body.QuerySelector("pre > code")!.TextContent);
        Assert.Equal("quoted", body.QuerySelector("blockquote")!.TextContent.Trim());
        Assert.Equal("Heading", body.QuerySelector("h2")!.TextContent);
    }

    [Fact]
    public void TablesRender()
    {
        var doc = RenderAndParse("| a | b |\n|---|---|\n| 1 | 2 |");
        Assert.Equal(["a", "b"], doc.Body!.QuerySelectorAll("table thead th").Select(th => th.TextContent));
        Assert.Equal(["1", "2"], doc.Body.QuerySelectorAll("table tbody td").Select(td => td.TextContent));
    }

    [Fact]
    public void HttpsLinksAndMailtoKeepTheirHrefAndGetSafeRel()
    {
        var doc = RenderAndParse("[docs](https://example.com/a?b=c) and <mailto:someone@example.com> and https://auto.example.com/x");
        var links = doc.Body!.QuerySelectorAll("a").ToList();

        Assert.Equal(
            ["https://example.com/a?b=c", "mailto:someone@example.com", "https://auto.example.com/x"],
            links.Select(a => a.GetAttribute("href")));
        Assert.Equal("docs", links[0].TextContent);
        Assert.All(links, a => Assert.Equal("nofollow noopener noreferrer", a.GetAttribute("rel")));
    }

    [Fact]
    public void RenderingLeavesTheSourceUntouched()
    {
        const string source = "<script>alert(1)</script> **x** [y](javascript:alert(1))";
        var copy = new string(source.AsSpan());
        _ = _renderer.Render(copy);
        Assert.Equal(source, copy);
    }

    [Fact]
    public void RenderingIsDeterministic()
    {
        const string source = "a [link](https://example.com) and `code`";
        Assert.Equal(_renderer.Render(source), _renderer.Render(source));
    }

    [Theory]
    [InlineData("Hello")]
    [InlineData("I'm here, ready!")]
    [InlineData("Is that so?  Yes.")]
    [InlineData("lt 123 45 1234567890123")]
    [InlineData("Grüße aus Köln, Đorđe и друзья 你好")]
    [InlineData("x.y")]
    public void PlainTextTakesTheShortPathAndGivesWhatTheFullPathGives(string text)
    {
        Assert.True(MarkdownRenderer.IsPlainText(text));
        Assert.Equal(_renderer.RenderMarkdown(text), _renderer.Render(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1. a list")]
    [InlineData("see www.example.com")]
    [InlineData("**bold**")]
    [InlineData("a <b>tag</b>")]
    [InlineData("Tom & Jerry")]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("two\nlines")]
    [InlineData("a - b")]
    public void AnythingMarkdownMightChangeTakesTheFullPath(string text) =>
        Assert.False(MarkdownRenderer.IsPlainText(text));

    [Fact]
    public void TheShortPathAgreesWithTheFullPathOnRandomText()
    {
        const string alphabet = "abcXYZ019 .,!?'éßКж你-*_<>&#[]():/@\n";
        var random = new Random(2026);
        var plain = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            if (MarkdownRenderer.IsPlainText(text))
            {
                plain++;
                Assert.Equal(_renderer.RenderMarkdown(text), _renderer.Render(text));
            }
        }
        Assert.True(plain > 500, $"only {plain} plain texts were tried");
    }
}
