namespace Roundtable.Core.Matching;

public enum PeerGroupingGoal
{
    /// <summary>Put together people who can teach each other: one offers, at a higher level, what another wants.</summary>
    Complementary,

    /// <summary>Put together people who want to develop the same skills.</summary>
    SharedWants,
}

public enum PeerGroupingMethod
{
    /// <summary>Every partition was considered (dynamic programming over subsets): the result is optimal.</summary>
    Exact,

    /// <summary>A greedy start improved by swapping and moving members until no single swap or move helps.</summary>
    LocalSearch,
}

/// <summary>
/// One group; <see cref="Score"/> is the sum of its pairs' scores; <see cref="Reasons"/> names the skills;
/// <see cref="Focus"/> is the skill that most of its matches are about (null when nothing matches).
/// </summary>
public sealed record PeerGroup(IReadOnlyList<string> MemberIds, int Score, IReadOnlyList<string> Reasons, string? Focus);

public sealed record PeerGroupingResult(IReadOnlyList<PeerGroup> Groups, int TotalScore, PeerGroupingMethod Method);

/// <summary>
/// Splits people into groups of balanced sizes (differing by at most one) so that, in total, the pairs inside the groups
/// fit best. A pair scores, for <see cref="PeerGroupingGoal.Complementary"/>, the skill points
/// (<see cref="MatchScorer.SkillPoints"/>) of every skill one offers above the level the other wants it at, both ways;
/// for <see cref="PeerGroupingGoal.SharedWants"/>, 10 for every skill both want. Partitioning is NP-hard in general:
/// up to <see cref="MaxExactMembers"/> people the result is exact, above that it is a local optimum.
/// </summary>
public static class PeerGrouping
{
    public const int MaxExactMembers = 12;

    /// <summary>
    /// Forms <paramref name="groupCount"/> groups of everyone in <paramref name="memberIds"/> (each once; a member with
    /// no profile in <paramref name="profiles"/> still gets a group, it just scores nothing). Groups come out largest
    /// first, members in the order given. <paramref name="nameOf"/> names people in the reasons (the id by default).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="groupCount"/> is not between 1 and the number of members.</exception>
    public static PeerGroupingResult Form(
        IEnumerable<Profile> profiles,
        IReadOnlyList<string> memberIds,
        int groupCount,
        PeerGroupingGoal goal,
        Func<string, string>? nameOf = null)
    {
        var members = memberIds.Distinct().ToList();
        if (groupCount < 1 || groupCount > Math.Max(1, members.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(groupCount), $"Choose between 1 and {Math.Max(1, members.Count)} groups.");
        }
        nameOf ??= id => id;
        var byId = profiles.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Last());
        var people = members.Select(id => byId.GetValueOrDefault(id) ?? Profile.Empty(id)).ToList();
        var n = people.Count;
        var weight = new int[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                weight[i, j] = weight[j, i] = PairScore(people[i], people[j], goal);
            }
        }

        var (groups, method) = n <= MaxExactMembers ? (Exact(weight, n, groupCount), PeerGroupingMethod.Exact) : (LocalSearch(weight, n, groupCount), PeerGroupingMethod.LocalSearch);
        var result = groups
            .Select(g => g.Order().ToList())
            .OrderByDescending(g => g.Count).ThenBy(g => g.Count == 0 ? 0 : g[0])
            .Select(g => Explain(people, g, weight, goal, nameOf))
            .ToList();
        return new PeerGroupingResult(result, result.Sum(g => g.Score), method);
    }

    /// <summary>Scores and explains one group as it stands (e.g. after a reviewer moved people), by the same rules.</summary>
    public static PeerGroup Explain(IEnumerable<Profile> profiles, IReadOnlyList<string> memberIds, PeerGroupingGoal goal, Func<string, string>? nameOf = null)
    {
        var byId = profiles.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Last());
        var people = memberIds.Select(id => byId.GetValueOrDefault(id) ?? Profile.Empty(id)).ToList();
        var weight = new int[people.Count, people.Count];
        for (var i = 0; i < people.Count; i++)
        {
            for (var j = i + 1; j < people.Count; j++)
            {
                weight[i, j] = weight[j, i] = PairScore(people[i], people[j], goal);
            }
        }
        return Explain(people, Enumerable.Range(0, people.Count).ToList(), weight, goal, nameOf ?? (id => id));
    }

    private static PeerGroup Explain(List<Profile> people, List<int> group, int[,] weight, PeerGroupingGoal goal, Func<string, string> nameOf)
    {
        var (reasons, skills) = Reasons(people, group, goal, nameOf);
        var focus = skills.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.First();
        return new PeerGroup(group.Select(i => people[i].UserId).ToList(), GroupScore(weight, group), reasons, focus);
    }

    public static int PairScore(Profile a, Profile b, PeerGroupingGoal goal)
    {
        if (goal == PeerGroupingGoal.SharedWants)
        {
            return MatchScorer.PointsPerSkill * a.Wants.Count(w => b.Wants.Any(x => SkillNames.Same(x.Name, w.Name)));
        }
        return Teaches(a, b).Sum(t => t.Points) + Teaches(b, a).Sum(t => t.Points);
    }

    private static IEnumerable<(string Skill, int Points)> Teaches(Profile teacher, Profile learner) =>
        learner.Wants
            .Select(w => (Want: w, Offer: teacher.Offer(w.Name)))
            .Where(x => x.Offer is not null && MatchScorer.CanTeach(x.Offer, x.Want))
            .Select(x => (x.Offer!.Name, MatchScorer.SkillPoints(x.Offer!, x.Want)));

    private static int GroupScore(int[,] weight, IReadOnlyList<int> group)
    {
        var score = 0;
        for (var a = 0; a < group.Count; a++)
        {
            for (var b = a + 1; b < group.Count; b++)
            {
                score += weight[group[a], group[b]];
            }
        }
        return score;
    }

    private static (List<string> Reasons, List<string> Skills) Reasons(List<Profile> people, List<int> group, PeerGroupingGoal goal, Func<string, string> nameOf)
    {
        var reasons = new List<string>();
        var skillsNamed = new List<string>();
        if (goal == PeerGroupingGoal.SharedWants)
        {
            var skills = group
                .SelectMany(i => people[i].Wants.Select(w => (Person: i, w.Name)))
                .GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1)
                .OrderByDescending(g => g.Count());
            foreach (var skill in skills)
            {
                reasons.Add($"{string.Join(", ", skill.Select(x => nameOf(people[x.Person].UserId)))} all want to develop {skill.First().Name}");
                skillsNamed.AddRange(skill.Skip(1).Select(x => skill.First().Name));
            }
        }
        else
        {
            foreach (var a in group)
            {
                foreach (var b in group.Where(b => b != a))
                {
                    foreach (var (skill, _) in Teaches(people[a], people[b]))
                    {
                        reasons.Add($"{nameOf(people[a].UserId)} offers {skill}; {nameOf(people[b].UserId)} wants {skill}");
                        skillsNamed.Add(skill);
                    }
                }
            }
        }
        return (reasons.Count > 6 ? [.. reasons.Take(6), $"and {reasons.Count - 6} more matches"] : reasons, skillsNamed);
    }

    /// <summary>
    /// Sizes: <c>big</c> groups of q+1 and the rest of q. f(rest, bigLeft) is the best split of the people in the
    /// bitmask <c>rest</c>; the group holding rest's lowest member is chosen first, so each partition is seen once.
    /// </summary>
    private static List<List<int>> Exact(int[,] weight, int n, int k)
    {
        var q = n / k;
        var big = n % k;
        var full = (1 << n) - 1;
        var score = new int[1 << n];
        for (var mask = 1; mask <= full; mask++)
        {
            var low = System.Numerics.BitOperations.TrailingZeroCount(mask);
            var rest = mask & (mask - 1);
            var add = 0;
            for (var m = rest; m != 0; m &= m - 1)
            {
                add += weight[low, System.Numerics.BitOperations.TrailingZeroCount(m)];
            }
            score[mask] = score[rest] + add;
        }
        var memo = new Dictionary<(int, int), (int Score, int Group)>();
        (int Score, int Group) Best(int rest, int bigLeft)
        {
            if (rest == 0)
            {
                return (0, 0);
            }
            if (memo.TryGetValue((rest, bigLeft), out var known))
            {
                return known;
            }
            var best = (Score: int.MinValue, Group: 0);
            var lowBit = rest & -rest;
            var others = rest ^ lowBit;
            var smallLeft = (System.Numerics.BitOperations.PopCount((uint)rest) - bigLeft * (q + 1)) / q;
            foreach (var (size, nextBig) in new[] { (q + 1, bigLeft - 1), (q, bigLeft) })
            {
                if ((size == q + 1 && bigLeft == 0) || (size == q && smallLeft == 0))
                {
                    continue;
                }
                for (var sub = others; ; sub = (sub - 1) & others)
                {
                    if (System.Numerics.BitOperations.PopCount((uint)sub) == size - 1)
                    {
                        var group = sub | lowBit;
                        var tail = Best(rest ^ group, nextBig).Score;
                        if (tail != int.MinValue && score[group] + tail > best.Score)
                        {
                            best = (score[group] + tail, group);
                        }
                    }
                    if (sub == 0)
                    {
                        break;
                    }
                }
            }
            memo[(rest, bigLeft)] = best;
            return best;
        }

        var groups = new List<List<int>>();
        var (remaining, left) = (full, big);
        while (remaining != 0)
        {
            var group = Best(remaining, left).Group;
            groups.Add(Enumerable.Range(0, n).Where(i => (group & (1 << i)) != 0).ToList());
            if (System.Numerics.BitOperations.PopCount((uint)group) == q + 1)
            {
                left--;
            }
            remaining ^= group;
        }
        return groups;
    }

    private static List<List<int>> LocalSearch(int[,] weight, int n, int k)
    {
        var q = n / k;
        var capacity = Enumerable.Range(0, k).Select(g => g < n % k ? q + 1 : q).ToArray();
        var groupOf = new int[n];
        var size = new int[k];
        var fit = new int[n, k];

        // Greedy start: the best-connected people first, each into the group (with room) they fit best.
        var order = Enumerable.Range(0, n).OrderByDescending(i => Enumerable.Range(0, n).Sum(j => weight[i, j])).ThenBy(i => i);
        foreach (var person in order)
        {
            var target = Enumerable.Range(0, k).Where(g => size[g] < capacity[g]).OrderByDescending(g => fit[person, g]).ThenBy(g => size[g]).First();
            Place(person, target, +1);
        }

        void Place(int person, int group, int sign)
        {
            groupOf[person] = sign > 0 ? group : -1;
            size[group] += sign;
            for (var i = 0; i < n; i++)
            {
                fit[i, group] += sign * weight[i, person];
            }
        }

        var improved = true;
        while (improved)
        {
            improved = false;
            for (var a = 0; a < n; a++)
            {
                for (var b = a + 1; b < n; b++)
                {
                    var (ga, gb) = (groupOf[a], groupOf[b]);
                    if (ga == gb)
                    {
                        continue;
                    }
                    var gain = fit[b, ga] - weight[a, b] - fit[a, ga] + fit[a, gb] - weight[a, b] - fit[b, gb];
                    if (gain > 0)
                    {
                        Place(a, ga, -1); Place(b, gb, -1); Place(a, gb, +1); Place(b, ga, +1);
                        improved = true;
                    }
                }
                for (var g = 0; g < k; g++)
                {
                    var from = groupOf[a];
                    // A move keeps sizes balanced only from a group of q+1 to one of q.
                    if (g != from && size[from] == q + 1 && size[g] == q && fit[a, g] - fit[a, from] > 0)
                    {
                        Place(a, from, -1); Place(a, g, +1);
                        improved = true;
                    }
                }
            }
        }
        return Enumerable.Range(0, k).Select(g => Enumerable.Range(0, n).Where(i => groupOf[i] == g).ToList()).ToList();
    }
}
