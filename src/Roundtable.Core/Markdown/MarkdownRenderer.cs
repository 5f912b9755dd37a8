using Ganss.Xss;
using Markdig;

namespace Roundtable.Core.Markdown;

/// <summary>
/// The one way user Markdown becomes HTML: one prebuilt Markdig pipeline with raw HTML disabled, then an
/// allow-list sanitiser, because Markdig alone still emits e.g. <c>javascript:</c> links. Thread-safe.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    ];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    /// <summary>
    /// How deeply quotes, lists, emphasis and links may nest. Markdig itself gives up at 128 with an exception; real
    /// writing stays within a handful of levels, so 32 leaves room for it and refuses the rest early and cheaply.
    /// </summary>
    public const int MaxNestingDepth = 32;

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    private static readonly MarkdownPipeline PlainPipeline = new MarkdownPipelineBuilder().DisableHtml().UseEmphasisExtras().Build();

    /// <summary>
    /// A short label's words without its Markdown, on one line (e.g. an agenda topic on a timeline, shown as text):
    /// "**Warm-up**: what *worked*" is "Warm-up: what worked". Text that Markdown cannot read stays as written.
    /// </summary>
    public static string ToPlainLine(string markdown)
    {
        if (MarkdownNesting.IsDeeperThan(markdown, MaxNestingDepth))
        {
            return markdown;
        }
        var text = Markdig.Markdown.ToPlainText(markdown, PlainPipeline);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The sanitised HTML of <paramref name="markdown"/>.</summary>
    /// <exception cref="MarkdownTooDeepException">It nests deeper than <see cref="MaxNestingDepth"/>.</exception>
    public string Render(string markdown) =>
        IsPlainText(markdown) ? $"<p>{markdown}</p>" : RenderMarkdown(markdown);

    internal string RenderMarkdown(string markdown)
    {
        if (MarkdownNesting.IsDeeperThan(markdown, MaxNestingDepth))
        {
            throw new MarkdownTooDeepException();
        }
        string html;
        try
        {
            html = Markdig.Markdown.ToHtml(markdown, _pipeline);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            // Markdig's own depth limit, for anything the estimate above counted lower than Markdig does.
            throw new MarkdownTooDeepException(e);
        }
        return _sanitizer.Sanitize(html).Trim();
    }

    /// <summary>
    /// Text that Markdown leaves as it is: one paragraph of letters, digits, single spaces and <c>. , ! ? '</c>, not
    /// starting with a digit (a list) and without <c>www.</c> (a link). Most chat is such text, and parsing and
    /// sanitising it cost more than the rest of posting a message; a test checks this gives what the full path gives.
    /// </summary>
    internal static bool IsPlainText(string text)
    {
        if (text.Length == 0 || char.IsDigit(text[0]) || text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c) && c is not (' ' or '.' or ',' or '!' or '?' or '\''))
            {
                return false;
            }
        }
        return !text.Contains("www.", StringComparison.OrdinalIgnoreCase);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title", "align", "start"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        var sanitizer = new HtmlSanitizer(options);
        // Links written by users open elsewhere without handing this page to the target.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
