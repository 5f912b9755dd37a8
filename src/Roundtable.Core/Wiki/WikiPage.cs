using Roundtable.Core.Events;

namespace Roundtable.Core.Wiki;

/// <summary>One version of a page's text as the fold keeps it.</summary>
public sealed record WikiText(string Title, string Markdown, string Html);

/// <summary>
/// The fold of one page's stream: its version and the text of every version (a revert needs the one it goes back to).
/// </summary>
public sealed class WikiPage
{
    private readonly Dictionary<long, WikiText> _versions = [];

    /// <summary>The seq of the last event on the page's stream: what a client sends back as its base version.</summary>
    public long Version { get; private set; }

    public bool Exists => Version > 0;

    public string CohortId { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Markdown { get; private set; } = "";

    public string Html { get; private set; } = "";

    public WikiText? TextAt(long version) => _versions.GetValueOrDefault(version);

    public WikiPage Apply(DomainEvent e, long version)
    {
        switch (e)
        {
            case WikiPageCreated c:
                CohortId = c.CohortId;
                (Title, Markdown, Html) = (c.Title, c.Markdown, c.Html);
                break;
            case WikiPageEdited d:
                (Markdown, Html) = (d.Markdown, d.Html);
                break;
            case WikiPageRenamed r:
                Title = r.Title;
                break;
            case WikiPageReverted v:
                (Markdown, Html) = (v.Markdown, v.Html);
                break;
            default:
                return this;
        }
        Version = version;
        _versions[version] = new WikiText(Title, Markdown, Html);
        return this;
    }
}

/// <summary>Page titles and the <c>[[Page name]]</c> links between pages.</summary>
public static partial class WikiTitles
{
    /// <summary>How a title is compared: trimmed, inner spaces collapsed, case ignored ("Team  Norms" is "team norms").</summary>
    public static string KeyOf(string title) => string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>A title as stored: trimmed, inner runs of white space made one space.</summary>
    public static string Tidy(string title) => string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The titles a text links to with <c>[[Page name]]</c>, as keys, each once.</summary>
    public static IReadOnlyList<string> LinkedKeys(string markdown) =>
        [.. LinkPattern().Matches(markdown).Select(m => KeyOf(m.Groups[1].Value)).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>A <c>[[name]]</c>: up to 200 characters, no brackets or line breaks inside.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\[\[([^\[\]\r\n]{1,200})\]\]")]
    public static partial System.Text.RegularExpressions.Regex LinkPattern();
}
