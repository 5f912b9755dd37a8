using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Roundtable.Core.Discussions;

/// <summary>A person who may be mentioned: by <c>@Display Name</c> or by <c>@handle</c> (<see cref="Mentions.HandleOf"/>).</summary>
public sealed record Mentionable(string UserId, string DisplayName);

/// <summary>
/// Finds <c>@Display Name</c> and <c>@handle</c> in a post's sanitised HTML, among the people who may be mentioned there,
/// and marks each as a mention. It works on the HTML's text nodes (never inside links or code), after sanitising, and
/// builds the marks as DOM nodes, so nothing a person wrote can become markup.
/// </summary>
public static class Mentions
{
    private static readonly HtmlParser Parser = new();

    /// <summary>A name's handle: its letters and digits, lower case ("Lena Fischer" is <c>@lenafischer</c>).</summary>
    public static string HandleOf(string displayName)
    {
        var handle = new StringBuilder(displayName.Length);
        foreach (var c in displayName)
        {
            if (char.IsLetterOrDigit(c))
            {
                handle.Append(char.ToLowerInvariant(c));
            }
        }
        return handle.ToString();
    }

    /// <summary>The HTML with each mention marked (<c>&lt;span class="mention" data-user-id="…"&gt;</c>), and who was mentioned.</summary>
    public static (string Html, IReadOnlyList<string> MentionedIds) Mark(string html, IReadOnlyCollection<Mentionable> people)
    {
        if (!html.Contains('@', StringComparison.Ordinal) || people.Count == 0)
        {
            return (html, []);
        }
        // Longest names first, so "@Ana Lima" is not taken as "@Ana".
        var byName = people.Where(p => p.DisplayName.Length > 0).OrderByDescending(p => p.DisplayName.Length).ToList();
        var byHandle = people.GroupBy(p => HandleOf(p.DisplayName)).Where(g => g.Key.Length > 0 && g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = html;
        var mentioned = new List<string>();
        foreach (var text in TextNodes(body).ToList())
        {
            var data = text.Data;
            var pieces = new List<INode>();
            var start = 0;
            for (var at = data.IndexOf('@', StringComparison.Ordinal); at >= 0; at = data.IndexOf('@', at + 1))
            {
                if (at > 0 && char.IsLetterOrDigit(data[at - 1]))
                {
                    continue; // an email address, not a mention
                }
                var (person, length) = Match(data, at + 1, byName, byHandle);
                if (person is null)
                {
                    continue;
                }
                if (at > start)
                {
                    pieces.Add(document.CreateTextNode(data[start..at]));
                }
                var mark = document.CreateElement("span");
                mark.ClassName = "mention";
                mark.SetAttribute("data-user-id", person.UserId);
                mark.TextContent = "@" + person.DisplayName;
                pieces.Add(mark);
                if (!mentioned.Contains(person.UserId))
                {
                    mentioned.Add(person.UserId);
                }
                start = at + 1 + length;
                at = start - 1;
            }
            if (pieces.Count == 0)
            {
                continue;
            }
            if (start < data.Length)
            {
                pieces.Add(document.CreateTextNode(data[start..]));
            }
            text.ReplaceWith([.. pieces]);
        }
        return mentioned.Count == 0 ? (html, []) : (body.InnerHtml, mentioned);
    }

    private static (Mentionable? Person, int Length) Match(string text, int from, List<Mentionable> byName, Dictionary<string, Mentionable> byHandle)
    {
        foreach (var person in byName)
        {
            var name = person.DisplayName;
            if (string.Compare(text, from, name, 0, name.Length, StringComparison.CurrentCultureIgnoreCase) == 0
                && text.Length >= from + name.Length && EndsWord(text, from + name.Length))
            {
                return (person, name.Length);
            }
        }
        var end = from;
        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }
        return end > from && byHandle.TryGetValue(text[from..end].ToLowerInvariant(), out var handled) ? (handled, end - from) : (null, 0);
    }

    private static bool EndsWord(string text, int at) => at >= text.Length || !char.IsLetterOrDigit(text[at]);

    private static IEnumerable<IText> TextNodes(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                yield return text;
            }
            else if (child is IElement { LocalName: not ("a" or "code" or "pre") })
            {
                foreach (var inner in TextNodes(child))
                {
                    yield return inner;
                }
            }
        }
    }
}
