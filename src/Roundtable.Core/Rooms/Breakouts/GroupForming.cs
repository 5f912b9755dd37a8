namespace Roundtable.Core.Rooms;

/// <summary>Forms breakout groups from people: at random in balanced sizes, or as the coach assigned them.</summary>
public static class GroupForming
{
    /// <summary>Shuffles the people and deals them round the groups, so sizes differ by at most one.</summary>
    public static IReadOnlyList<IReadOnlyList<BreakoutMember>> Random(IReadOnlyList<BreakoutMember> people, int groupCount, Random random)
    {
        var shuffled = people.ToArray();
        random.Shuffle(shuffled);
        return [.. Enumerable.Range(0, groupCount).Select(g => (IReadOnlyList<BreakoutMember>)[.. shuffled.Where((_, i) => i % groupCount == g)])];
    }

    /// <summary>The coach's assignment (person to group number, 0-based); people not assigned stay in the main room.</summary>
    public static IReadOnlyList<IReadOnlyList<BreakoutMember>> Manual(IReadOnlyList<BreakoutMember> people, IReadOnlyDictionary<string, int> assignments, int groupCount) =>
        [.. Enumerable.Range(0, groupCount).Select(g => (IReadOnlyList<BreakoutMember>)[.. people.Where(p => assignments.TryGetValue(p.UserId, out var n) && n == g)])];

    /// <summary>"Group 1", "Group 2", ...</summary>
    public static string NameOf(int index) => $"Group {index + 1}";
}
