namespace Roundtable.Core.Rooms.Notes;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>One line of a diff: kept, removed from the old text, or added in the new one.</summary>
public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// A line diff by longest common subsequence. Common leading and trailing lines are set aside first (an edit
/// usually touches a few lines), and the table is only built for what lies between.
/// </summary>
public static class LineDiff
{
    /// <summary>Beyond this many table cells the middle is treated as replaced wholesale: still correct, just coarser.</summary>
    public const long MaxTableCells = 4_000_000;

    public static IReadOnlyList<string> SplitLines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');

    public static string JoinLines(IEnumerable<string> lines) => string.Join('\n', lines);

    public static IReadOnlyList<DiffLine> Diff(IReadOnlyList<string> from, IReadOnlyList<string> to)
    {
        var matches = Match(from, to);
        var diff = new List<DiffLine>(from.Count + to.Count);
        int i = 0, j = 0;
        foreach (var (a, b) in matches.Append((from.Count, to.Count)))
        {
            for (; i < a; i++)
            {
                diff.Add(new DiffLine(DiffKind.Removed, from[i]));
            }
            for (; j < b; j++)
            {
                diff.Add(new DiffLine(DiffKind.Added, to[j]));
            }
            if (a < from.Count)
            {
                diff.Add(new DiffLine(DiffKind.Same, from[a]));
                i = a + 1;
                j = b + 1;
            }
        }
        return diff;
    }

    /// <summary>The pairs (index in <paramref name="from"/>, index in <paramref name="to"/>) of a longest common subsequence, in order.</summary>
    public static IReadOnlyList<(int From, int To)> Match(IReadOnlyList<string> from, IReadOnlyList<string> to)
    {
        var prefix = 0;
        while (prefix < from.Count && prefix < to.Count && from[prefix] == to[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < from.Count - prefix && suffix < to.Count - prefix && from[from.Count - 1 - suffix] == to[to.Count - 1 - suffix])
        {
            suffix++;
        }

        var matches = new List<(int, int)>(Math.Min(from.Count, to.Count));
        for (var k = 0; k < prefix; k++)
        {
            matches.Add((k, k));
        }
        MatchMiddle(from, prefix, from.Count - suffix, to, prefix, to.Count - suffix, matches);
        for (var k = suffix; k > 0; k--)
        {
            matches.Add((from.Count - k, to.Count - k));
        }
        return matches;
    }

    private static void MatchMiddle(IReadOnlyList<string> from, int fromStart, int fromEnd, IReadOnlyList<string> to, int toStart, int toEnd, List<(int, int)> matches)
    {
        int n = fromEnd - fromStart, m = toEnd - toStart;
        if (n == 0 || m == 0 || (long)(n + 1) * (m + 1) > MaxTableCells)
        {
            return;
        }
        // lengths[i, j]: the LCS length of from[fromStart + i ..] and to[toStart + j ..]; walked forwards afterwards.
        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[i, j] = from[fromStart + i] == to[toStart + j]
                    ? lengths[i + 1, j + 1] + 1
                    : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        int x = 0, y = 0;
        while (x < n && y < m)
        {
            if (from[fromStart + x] == to[toStart + y])
            {
                matches.Add((fromStart + x, toStart + y));
                x++;
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                x++;
            }
            else
            {
                y++;
            }
        }
    }
}

/// <summary>The outcome of a three-way merge: the merged text, or where the two sides changed the same lines.</summary>
public sealed record MergeResult(string? Merged, IReadOnlyList<MergeConflict> Conflicts)
{
    public bool HasConflicts => Conflicts.Count > 0;
}

/// <summary>Lines of the base (1-based, <see cref="BaseLineCount"/> of them from <see cref="BaseLine"/>) that both sides changed differently.</summary>
public sealed record MergeConflict(int BaseLine, int BaseLineCount, IReadOnlyList<string> Mine, IReadOnlyList<string> Theirs);

/// <summary>
/// A line-based three-way merge in the manner of diff3: both edited texts are diffed against their common base;
/// stretches where only one side differs from the base take that side, stretches where both made the same change
/// take it once, and stretches where both changed the same base lines differently (including inserting different
/// lines at the same place) are conflicts.
/// </summary>
public static class ThreeWayMerge
{
    public static MergeResult Merge(string baseText, string mine, string theirs)
    {
        var o = LineDiff.SplitLines(baseText);
        var a = LineDiff.SplitLines(mine);
        var b = LineDiff.SplitLines(theirs);
        var inMine = MatchOf(o.Count, LineDiff.Match(o, a));
        var inTheirs = MatchOf(o.Count, LineDiff.Match(o, b));

        var merged = new List<string>(Math.Max(a.Count, b.Count));
        var conflicts = new List<MergeConflict>();
        int i = 0, j = 0, k = 0;
        while (i < o.Count || j < a.Count || k < b.Count)
        {
            // The next base line that both sides kept ends the current stretch (or the end of all three texts).
            var next = i;
            while (next < o.Count && (inMine[next] < 0 || inTheirs[next] < 0))
            {
                next++;
            }
            var (nextMine, nextTheirs) = next < o.Count ? (inMine[next], inTheirs[next]) : (a.Count, b.Count);
            if (next == i && nextMine == j && nextTheirs == k)
            {
                merged.Add(o[i]);
                i++;
                j++;
                k++;
                continue;
            }

            var baseChunk = Slice(o, i, next);
            var mineChunk = Slice(a, j, nextMine);
            var theirsChunk = Slice(b, k, nextTheirs);
            if (mineChunk.SequenceEqual(baseChunk))
            {
                merged.AddRange(theirsChunk);
            }
            else if (theirsChunk.SequenceEqual(baseChunk) || mineChunk.SequenceEqual(theirsChunk))
            {
                merged.AddRange(mineChunk);
            }
            else
            {
                conflicts.Add(new MergeConflict(i + 1, next - i, mineChunk, theirsChunk));
            }
            (i, j, k) = (next, nextMine, nextTheirs);
        }
        return conflicts.Count > 0 ? new MergeResult(null, conflicts) : new MergeResult(LineDiff.JoinLines(merged), []);
    }

    private static int[] MatchOf(int count, IReadOnlyList<(int From, int To)> matches)
    {
        var map = new int[count];
        Array.Fill(map, -1);
        foreach (var (from, to) in matches)
        {
            map[from] = to;
        }
        return map;
    }

    private static List<string> Slice(IReadOnlyList<string> lines, int start, int end)
    {
        var slice = new List<string>(end - start);
        for (var x = start; x < end; x++)
        {
            slice.Add(lines[x]);
        }
        return slice;
    }
}
