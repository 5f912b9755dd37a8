using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Roundtable.Core.Wiki;

namespace Roundtable.Server.Wiki;

/// <summary>
/// Turns the <c>[[Page name]]</c> left as text in a page's sanitised HTML into links, against the cohort's pages as they
/// are now: to the page when it exists, else to "create this page". Works on the parsed HTML's text nodes (never inside
/// code or an existing link) and builds the links as elements with the name as text, so a name cannot inject markup.
/// </summary>
public static class WikiLinks
{
    public const string LinkClass = "wiki-link";
    public const string MissingClass = "wiki-link wiki-link-missing";

    public static string Resolve(string html, string cohortId, Func<string, string?> pageIdOfKey)
    {
        if (!html.Contains("[[", StringComparison.Ordinal))
        {
            return html;
        }
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><body></body>");
        var body = document.Body!;
        body.InnerHtml = html;
        foreach (var text in TextNodes(body).ToList())
        {
            var matches = WikiTitles.LinkPattern().Matches(text.Data);
            if (matches.Count == 0)
            {
                continue;
            }
            var parent = text.Parent!;
            var at = 0;
            foreach (System.Text.RegularExpressions.Match match in matches)
            {
                if (match.Index > at)
                {
                    parent.InsertBefore(document.CreateTextNode(text.Data[at..match.Index]), text);
                }
                var name = WikiTitles.Tidy(match.Groups[1].Value);
                var link = document.CreateElement("a");
                var pageId = name.Length == 0 ? null : pageIdOfKey(WikiTitles.KeyOf(name));
                if (pageId is not null)
                {
                    link.SetAttribute("href", $"/wiki.html?cohort={Uri.EscapeDataString(cohortId)}&page={Uri.EscapeDataString(pageId)}");
                    link.SetAttribute("class", LinkClass);
                }
                else
                {
                    link.SetAttribute("href", $"/wiki.html?cohort={Uri.EscapeDataString(cohortId)}&create={Uri.EscapeDataString(name)}");
                    link.SetAttribute("class", MissingClass);
                    link.SetAttribute("title", $"Create the page “{name}”");
                }
                link.TextContent = pageId is null ? $"{name} (not written yet)" : name;
                parent.InsertBefore(link, text);
                at = match.Index + match.Length;
            }
            if (at < text.Data.Length)
            {
                parent.InsertBefore(document.CreateTextNode(text.Data[at..]), text);
            }
            parent.RemoveChild(text);
        }
        return body.InnerHtml;
    }

    private static IEnumerable<IText> TextNodes(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                yield return text;
            }
            else if (child is IElement element && element.LocalName is not ("code" or "pre" or "a"))
            {
                foreach (var inner in TextNodes(element))
                {
                    yield return inner;
                }
            }
        }
    }
}
