namespace Roundtable.Core.Markdown;

/// <summary>
/// A cheap, linear estimate of how deeply Markdown nests, taken before Markdig parses it: block quotes, list markers
/// and indentation per line, plus the emphasis delimiters and brackets left open within a paragraph. It errs high
/// (a run of <c>***</c> counts 3, an indented line one level per 2 columns) so that anything Markdig would count
/// 128 deep is far past the limit; Markdig throws at 128, and a list nested by indentation costs it time
/// quadratic in the depth before it gets there (1,000 levels: 2.5 s).
/// </summary>
internal static class MarkdownNesting
{
    /// <summary>True when some point of <paramref name="text"/> nests deeper than <paramref name="limit"/>; stops there.</summary>
    public static bool IsDeeperThan(string text, int limit)
    {
        var brackets = 0;
        var emphasis = 0;
        var fence = "";
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.AsSpan().TrimEnd('\r');
            var (blocks, i, newItem) = ContainerPrefix(line);
            var rest = line[i..];

            if (IsFence(rest, out var marker))
            {
                if (fence.Length == 0)
                {
                    fence = marker;
                }
                else if (marker[0] == fence[0] && marker.Length >= fence.Length)
                {
                    fence = "";
                }
                brackets = emphasis = 0;
                if (blocks > limit)
                {
                    return true;
                }
                continue;
            }
            if (fence.Length > 0)
            {
                continue; // code: nothing in it nests
            }
            if (rest.IsWhiteSpace() || newItem || rest.StartsWith("#"))
            {
                // A new paragraph (or list item, or heading) starts with nothing open.
                brackets = emphasis = 0;
            }
            if (blocks > limit)
            {
                return true;
            }
            for (var k = 0; k < rest.Length; k++)
            {
                var c = rest[k];
                switch (c)
                {
                    case '\\':
                        k++;
                        break;
                    case '`':
                        k = SkipCodeSpan(rest, k);
                        break;
                    case '[':
                        brackets++;
                        break;
                    case ']':
                        brackets = Math.Max(0, brackets - 1);
                        break;
                    case '*' or '_' or '~' or '^' or '=' or '+':
                        var end = k;
                        while (end < rest.Length && rest[end] == c)
                        {
                            end++;
                        }
                        emphasis = AfterDelimiterRun(emphasis, end - k, k == 0 ? ' ' : rest[k - 1], end == rest.Length ? ' ' : rest[end]);
                        k = end - 1;
                        break;
                }
                if (blocks + brackets + emphasis > limit)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Block quote markers, list markers and indentation at the start of a line: the containers it is in (one per marker,
    /// one per 2 columns of indentation), where its content starts, and whether it starts a list item.
    /// </summary>
    private static (int Depth, int ContentStart, bool NewItem) ContainerPrefix(ReadOnlySpan<char> line)
    {
        var depth = 0;
        var i = 0;
        var newItem = false;
        while (true)
        {
            var columns = 0;
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                columns += line[i] == '\t' ? 4 : 1;
                i++;
            }
            depth += columns / 2;
            if (i >= line.Length)
            {
                return (depth, i, newItem);
            }
            if (line[i] == '>')
            {
                depth++;
                i++;
                continue;
            }
            if (line[i] is '-' or '+' or '*' && EndsMarker(line, i + 1))
            {
                depth++;
                newItem = true;
                i++;
                continue;
            }
            var digits = i;
            while (digits < line.Length && digits - i < 9 && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }
            if (digits > i && digits < line.Length && line[digits] is '.' or ')' && EndsMarker(line, digits + 1))
            {
                depth++;
                newItem = true;
                i = digits + 1;
                continue;
            }
            return (depth, i, newItem);
        }
    }

    private static bool EndsMarker(ReadOnlySpan<char> line, int at) => at >= line.Length || line[at] is ' ' or '\t';

    /// <summary>A line opening or closing a fenced code block: its run of three or more backticks or tildes.</summary>
    private static bool IsFence(ReadOnlySpan<char> rest, out string marker)
    {
        var trimmed = rest.TrimStart(' ');
        var run = 0;
        if (trimmed.Length > 0 && trimmed[0] is '`' or '~')
        {
            while (run < trimmed.Length && trimmed[run] == trimmed[0])
            {
                run++;
            }
        }
        marker = run >= 3 ? new string(trimmed[0], run) : "";
        return run >= 3;
    }

    private static int SkipCodeSpan(ReadOnlySpan<char> rest, int start)
    {
        var run = 0;
        while (start + run < rest.Length && rest[start + run] == '`')
        {
            run++;
        }
        var ticks = rest.Slice(start, run);
        var close = rest[(start + run)..].IndexOf(ticks);
        // Without a closing run the backticks are literal text.
        return close < 0 ? start + run - 1 : start + run + close + run - 1;
    }

    /// <summary>
    /// CommonMark's flanking rules, roughly: a run before a word opens, after a word closes, inside a word does
    /// whichever it can.
    /// </summary>
    private static int AfterDelimiterRun(int open, int length, char before, char after)
    {
        var leftFlanking = !char.IsWhiteSpace(after) && (!char.IsPunctuation(after) && !char.IsSymbol(after) || IsSpaceOrPunctuation(before));
        var rightFlanking = !char.IsWhiteSpace(before) && (!char.IsPunctuation(before) && !char.IsSymbol(before) || IsSpaceOrPunctuation(after));
        return (leftFlanking, rightFlanking) switch
        {
            (true, false) => open + length,
            (false, true) => Math.Max(0, open - length),
            (true, true) => open > 0 ? Math.Max(0, open - length) : length,
            _ => open,
        };
    }

    private static bool IsSpaceOrPunctuation(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c);
}
