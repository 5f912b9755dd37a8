using System.Text.RegularExpressions;

namespace Roundtable.Core.AsyncPresentations;

/// <summary>Markdown slides: one text, slides separated by a line that is only <c>---</c>.</summary>
public static partial class SlideDeck
{
    [GeneratedRegex(@"^[ \t]*---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Separator();

    /// <summary>Each slide's Markdown, in order, blank slides left out.</summary>
    public static IReadOnlyList<string> Split(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown)
            ? []
            : [.. Separator().Split(markdown.Replace("\r\n", "\n")).Select(s => s.Trim('\n', '\r')).Where(s => !string.IsNullOrWhiteSpace(s))];
}
