using Roundtable.Core.Matching;

namespace Roundtable.Core.Rooms;

/// <summary>One formed group: its people and, when the strategy has one, why they belong together (shown to everyone).</summary>
public sealed record FormedGroup(IReadOnlyList<BreakoutMember> Members, string? Explanation = null);

/// <summary>Forms breakout groups from people: at random in balanced sizes, as the coach assigned them, or by matching their profiles.</summary>
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

    /// <summary>
    /// Groups of balanced sizes that fit best by <paramref name="goal"/> (<see cref="PeerGrouping.Form"/>), each explained
    /// by its matches in words. People with no skills on their profile are still placed; their group says so.
    /// </summary>
    /// <param name="people">At least <paramref name="groupCount"/> people.</param>
    public static IReadOnlyList<FormedGroup> ByMatching(IReadOnlyList<BreakoutMember> people, IEnumerable<Profile> profiles, int groupCount, PeerGroupingGoal goal)
    {
        var byId = profiles.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Last());
        var names = people.DistinctBy(p => p.UserId).ToDictionary(p => p.UserId, p => p.DisplayName);
        var formed = PeerGrouping.Form(byId.Values, [.. people.Select(p => p.UserId)], groupCount, goal, id => names.GetValueOrDefault(id, id));
        return [.. formed.Groups.Select(g =>
        {
            var without = g.MemberIds.Where(id => byId.GetValueOrDefault(id) is not { Offers.Count: > 0 } and not { Wants.Count: > 0 }).Select(id => names[id]).ToList();
            return new FormedGroup([.. g.MemberIds.Select(id => new BreakoutMember(id, names[id]))], Explain(g.Reasons, without));
        })];
    }

    /// <summary>The reasons as sentences, as many as fit in an explanation, then who has no skills listed.</summary>
    private static string Explain(IReadOnlyList<string> reasons, IReadOnlyList<string> withoutSkills)
    {
        var tail = withoutSkills.Count switch
        {
            0 => "",
            1 => $"{withoutSkills[0]} has no skills on their profile yet, so was placed to keep the groups balanced.",
            _ => $"{string.Join(", ", withoutSkills.SkipLast(1))} and {withoutSkills[^1]} have no skills on their profiles yet, so were placed to keep the groups balanced.",
        };
        if (reasons.Count == 0)
        {
            tail = tail.Length > 0 ? tail : "No skills match within this group; placed to keep the groups balanced.";
        }
        var sentences = new List<string>();
        foreach (var reason in reasons)
        {
            var sentence = Sentence(reason);
            if (string.Join(" ", [.. sentences, sentence, tail]).Length > BreakoutLimits.MaxExplanationLength - 20)
            {
                sentences.Add("And more matches.");
                break;
            }
            sentences.Add(sentence);
        }
        var text = string.Join(" ", sentences.Append(tail).Where(s => s.Length > 0));
        return text.Length <= BreakoutLimits.MaxExplanationLength ? text : text[..(BreakoutLimits.MaxExplanationLength - 1)] + "…";
    }

    private static string Sentence(string reason) => reason.Length > 0 && char.IsLower(reason[0]) ? char.ToUpperInvariant(reason[0]) + reason[1..] + "." : reason + ".";

    /// <summary>"Group 1", "Group 2", ...</summary>
    public static string NameOf(int index) => $"Group {index + 1}";
}
