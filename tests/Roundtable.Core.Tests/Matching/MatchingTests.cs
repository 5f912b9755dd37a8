using System.Diagnostics;
using Roundtable.Core.Matching;
using Xunit.Abstractions;

namespace Roundtable.Core.Tests.Matching;

public sealed class MatchingTests(ITestOutputHelper output)
{
    private const int SmallCases = 300;

    // ---- Mentor assignment ----

    [Fact]
    public void MentorAssignmentOnTwoHundredPeopleKeepsEveryRuleAndMatchesAlmostEveryoneWhoCanBeMatched()
    {
        var org = new SyntheticOrganisation(seed: 2026, people: 200);
        var watch = Stopwatch.StartNew();
        var result = MentorAssignment.Assign(org.Pool(), org.Learners, org.Mentors);
        watch.Stop();

        var load = new Dictionary<string, int>();
        foreach (var m in result.Mentorships)
        {
            Assert.NotEqual(m.MentorId, m.LearnerId);
            Assert.False(org.Lines.Related(m.MentorId, m.LearnerId));
            Assert.Equal(org.Points(m.MentorId, m.LearnerId), m.Score.Points);
            load[m.MentorId] = load.GetValueOrDefault(m.MentorId) + 1;
        }
        Assert.All(load, l => Assert.True(l.Value <= org.Profile(l.Key).MentorCapacity));
        Assert.Equal(result.Mentorships.Count, result.Mentorships.Select(m => m.LearnerId).Distinct().Count());
        Assert.Equal(org.Learners.Count, result.Mentorships.Count + result.LeftOut.Count);
        Assert.All(result.LeftOut, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));

        // The most learners any assignment can match, by plain augmenting paths (each mentor place a separate slot).
        var maximum = MaximumMatching(org);
        var greedy = GreedyMatched(org);
        output.WriteLine($"mentor assignment: {result.Mentorships.Count}/{result.Learners} matched ({result.MatchedShare:P1}), " +
                         $"maximum possible {maximum}, greedy {greedy}, mean score {result.MeanScore:F2}, {watch.ElapsedMilliseconds} ms");
        Assert.Equal(maximum, result.Mentorships.Count);
        Assert.True(result.Mentorships.Count >= greedy);
        // In this organisation fewer than half the people offer a skill, and a want matches only a mentor above the
        // learner's level outside their reporting line; the maximum is 114 of 200. The floor guards against a
        // generator that stops producing matches.
        Assert.True(result.MatchedShare >= 0.5, $"{result.MatchedShare:P1}");
    }

    private static int MaximumMatching(SyntheticOrganisation org)
    {
        var slots = org.Mentors.SelectMany(m => Enumerable.Repeat(m, org.Profile(m).MentorCapacity)).ToList();
        var holder = new int[slots.Count];
        Array.Fill(holder, -1);
        var learners = org.Learners;
        bool Augment(int learner, bool[] seen)
        {
            for (var s = 0; s < slots.Count; s++)
            {
                if (!seen[s] && org.Points(slots[s], learners[learner]) is not null)
                {
                    seen[s] = true;
                    if (holder[s] < 0 || Augment(holder[s], seen))
                    {
                        holder[s] = learner;
                        return true;
                    }
                }
            }
            return false;
        }
        return Enumerable.Range(0, learners.Count).Count(l => Augment(l, new bool[slots.Count]));
    }

    private static int GreedyMatched(SyntheticOrganisation org)
    {
        var left = org.Mentors.ToDictionary(m => m, m => org.Profile(m).MentorCapacity);
        return org.Learners.Count(l =>
        {
            var best = left.Where(m => m.Value > 0 && org.Points(m.Key, l) is not null).OrderByDescending(m => org.Points(m.Key, l)).Select(m => m.Key).FirstOrDefault();
            if (best is not null)
            {
                left[best]--;
            }
            return best is not null;
        });
    }

    [Fact]
    public void MentorAssignmentEqualsTheBruteForceOptimumOnSmallCases()
    {
        for (var seed = 0; seed < SmallCases; seed++)
        {
            var random = new Random(seed);
            var org = new SyntheticOrganisation(seed, people: random.Next(2, 9), skillCount: 4, mentorShare: 0.5, maxCapacity: 2);
            var result = MentorAssignment.Assign(org.Pool(), org.Learners, org.Mentors);
            var (matched, score) = BruteForceMentors(org);
            Assert.True((matched, score) == (result.Mentorships.Count, result.TotalScore),
                $"seed {seed}: brute force {matched}/{score}, flow {result.Mentorships.Count}/{result.TotalScore}");
        }
    }

    private static (int Matched, int Score) BruteForceMentors(SyntheticOrganisation org)
    {
        var learners = org.Learners;
        var load = org.Mentors.ToDictionary(m => m, _ => 0);
        var best = (Matched: 0, Score: 0);
        void Go(int i, int matched, int score)
        {
            if (i == learners.Count)
            {
                if (matched > best.Matched || (matched == best.Matched && score > best.Score))
                {
                    best = (matched, score);
                }
                return;
            }
            Go(i + 1, matched, score);
            foreach (var mentor in org.Mentors)
            {
                if (org.Points(mentor, learners[i]) is { } points && load[mentor] < org.Profile(mentor).MentorCapacity)
                {
                    load[mentor]++;
                    Go(i + 1, matched + 1, score + points);
                    load[mentor]--;
                }
            }
        }
        Go(0, 0, 0);
        return best;
    }

    [Fact]
    public void WithoutTheReportingLineRuleAManagerMayMentorTheirReport()
    {
        var boss = new Profile("boss", [new SkillTag("Negotiation", 4)], [], "", [], 1);
        var report = new Profile("report", [], [new SkillTag("Negotiation", 1)], "", [], 0);
        var names = new Dictionary<string, string> { ["boss"] = "Ana", ["report"] = "Ben" };
        var lines = new ReportingLines(new Dictionary<string, string> { ["report"] = "boss" });

        var kept = MentorAssignment.Assign(new MatchingPool([boss, report], names, lines, true), ["report"], ["boss"]);
        var allowed = MentorAssignment.Assign(new MatchingPool([boss, report], names, lines, false), ["report"], ["boss"]);

        Assert.Empty(kept.Mentorships);
        Assert.Contains("reporting line", Assert.Single(kept.LeftOut).Reason);
        Assert.Equal("boss", Assert.Single(allowed.Mentorships).MentorId);
    }

    [Fact]
    public void SuggestionsAreRankedAndExplainedInTheLearnersWords()
    {
        var ana = new Profile("ana", [new SkillTag("Negotiation", 4)], [], "", [new AvailabilitySlot(DayOfWeek.Monday, DayPart.Morning)], 2);
        var bo = new Profile("bo", [new SkillTag("negotiation", 2)], [], "", [], 2);
        var cy = new Profile("cy", [new SkillTag("Hiring", 4)], [], "", [], 2);
        var me = new Profile("me", [], [new SkillTag("NEGOTIATION", 1)], "", [new AvailabilitySlot(DayOfWeek.Monday, DayPart.Morning)], 0);
        var names = new Dictionary<string, string> { ["ana"] = "Ana", ["bo"] = "Bo", ["cy"] = "Cy", ["me"] = "Me" };
        var pool = new MatchingPool([ana, bo, cy, me], names, ReportingLines.None, true);

        var suggestions = MentorAssignment.Suggest(pool, "me", ["cy", "bo", "ana", "me"], _ => 1);

        Assert.Equal(["ana", "bo"], suggestions.Select(s => s.MentorId));
        Assert.Equal("Ana offers Negotiation (expert); you want Negotiation (now beginner)", suggestions[0].Score.Reasons[0]);
        Assert.Equal("Both free on Monday morning", suggestions[0].Score.Reasons[1]);
        Assert.Empty(MentorAssignment.Suggest(pool, "me", ["ana"], _ => 0));
    }

    // ---- Circles ----

    [Fact]
    public void CirclesOnTwoHundredPeopleKeepEveryRuleAndAreBalanced()
    {
        var org = new SyntheticOrganisation(seed: 2026, people: 200);
        var options = new CircleOptions(MinSize: 3, MaxSize: 6);
        var watch = Stopwatch.StartNew();
        var result = CircleFormation.Form(org.Pool(), org.Learners, org.Mentors, options);
        watch.Stop();

        Assert.Equal(result.Circles.Count, result.Circles.Select(c => c.MentorId).Distinct().Count());
        var members = result.Circles.SelectMany(c => c.Members.Select(m => m.LearnerId)).ToList();
        Assert.Equal(members.Count, members.Distinct().Count());
        foreach (var circle in result.Circles)
        {
            Assert.InRange(circle.Members.Count, options.MinSize, options.MaxSize);
            Assert.True(org.Profile(circle.MentorId).MentorCapacity > 0);
            foreach (var member in circle.Members)
            {
                Assert.Equal(org.Points(circle.MentorId, member.LearnerId, circle.Focus), member.Points);
                Assert.Contains(member.Reasons, r => r.Contains(circle.Focus));
            }
        }
        // Balanced: nobody could move to a circle at least two smaller that they suit (that would even the sizes out).
        foreach (var big in result.Circles)
        {
            foreach (var small in result.Circles.Where(s => s.Members.Count <= big.Members.Count - 2))
            {
                Assert.DoesNotContain(big.Members, m => org.Points(small.MentorId, m.LearnerId, small.Focus) is not null);
            }
        }
        Assert.Equal(org.Learners.Count, members.Count + result.LeftOut.Count);
        output.WriteLine($"circles ({result.Method}): {result.Circles.Count} circles, {result.Matched}/{result.Learners} placed " +
                         $"({result.MatchedShare:P1}), sizes {string.Join(",", result.Circles.Select(c => c.Members.Count).Order())}, " +
                         $"mean score {result.MeanScore:F2}, {watch.ElapsedMilliseconds} ms");
        // About 80 mentors may each lead a circle of up to 6, room for everyone: only learners whose wants no allowed
        // mentor offers above their level, or too few others share, stay out (4 of 200 here). 90% is the floor.
        Assert.True(result.MatchedShare >= 0.9, $"{result.MatchedShare:P1}");
    }

    [Fact]
    public void CirclesEqualTheBruteForceOptimumOnSmallCases()
    {
        var options = new CircleOptions(MinSize: 2, MaxSize: 3);
        for (var seed = 0; seed < SmallCases; seed++)
        {
            var random = new Random(seed);
            var org = new SyntheticOrganisation(seed, people: random.Next(3, 9), skillCount: 3, mentorShare: 0.5);
            var result = CircleFormation.Form(org.Pool(), org.Learners, org.Mentors, options);
            Assert.Equal(CircleMethod.Exact, result.Method);
            var best = BruteForceCircles(org, options);
            Assert.True(best == (result.Matched, result.SumOfSquares, result.TotalScore),
                $"seed {seed}: brute force {best}, formed {(result.Matched, result.SumOfSquares, result.TotalScore)}");
        }
    }

    private static (int Matched, int Squares, int Score) BruteForceCircles(SyntheticOrganisation org, CircleOptions options)
    {
        var learners = org.Learners;
        var choices = org.Mentors
            .SelectMany(m => org.Profile(m).Offers.Select(o => (Mentor: m, Focus: o.Name)))
            .ToList();
        var pick = new int[learners.Count];
        var best = (Matched: 0, Squares: 0, Score: 0);
        void Go(int i)
        {
            if (i == learners.Count)
            {
                var used = pick.Where(p => p >= 0).GroupBy(p => p).ToList();
                if (used.Any(g => g.Count() < options.MinSize || g.Count() > options.MaxSize)
                    || used.Select(g => choices[g.Key].Mentor).Distinct().Count() != used.Count)
                {
                    return;
                }
                var matched = used.Sum(g => g.Count());
                var squares = used.Sum(g => g.Count() * g.Count());
                var score = pick.Select((p, l) => p < 0 ? 0 : org.Points(choices[p].Mentor, learners[l], choices[p].Focus)!.Value).Sum();
                if (matched > best.Matched || (matched == best.Matched && (squares < best.Squares || (squares == best.Squares && score > best.Score))))
                {
                    best = (matched, squares, score);
                }
                return;
            }
            pick[i] = -1;
            Go(i + 1);
            for (var c = 0; c < choices.Count; c++)
            {
                if (org.Points(choices[c].Mentor, learners[i], choices[c].Focus) is not null)
                {
                    pick[i] = c;
                    Go(i + 1);
                }
            }
        }
        Go(0);
        return best;
    }

    // ---- Peer groups ----

    [Fact]
    public void PeerGroupsOfTwoHundredAreBalancedHoldEveryoneOnceAndAreALocalOptimum()
    {
        var org = new SyntheticOrganisation(seed: 2026, people: 200);
        foreach (var goal in new[] { PeerGroupingGoal.Complementary, PeerGroupingGoal.SharedWants })
        {
            var watch = Stopwatch.StartNew();
            var result = PeerGrouping.Form(org.Profiles, org.Ids, groupCount: 40, goal, id => org.Names[id]);
            watch.Stop();

            Assert.Equal(PeerGroupingMethod.LocalSearch, result.Method);
            Assert.Equal(40, result.Groups.Count);
            Assert.All(result.Groups, g => Assert.Equal(5, g.MemberIds.Count));
            Assert.Equal(org.Ids.Order(), result.Groups.SelectMany(g => g.MemberIds).Order());
            int Pair(string a, string b) => PeerGrouping.PairScore(org.Profile(a), org.Profile(b), goal);
            int Fit(string person, IEnumerable<string> group) => group.Where(x => x != person).Sum(x => Pair(person, x));
            for (var g = 0; g < result.Groups.Count; g++)
            {
                for (var h = g + 1; h < result.Groups.Count; h++)
                {
                    foreach (var a in result.Groups[g].MemberIds)
                    {
                        foreach (var b in result.Groups[h].MemberIds)
                        {
                            var gain = Fit(b, result.Groups[g].MemberIds) - Pair(a, b) - Fit(a, result.Groups[g].MemberIds)
                                     + Fit(a, result.Groups[h].MemberIds) - Pair(a, b) - Fit(b, result.Groups[h].MemberIds);
                            Assert.True(gain <= 0, $"swapping {a} and {b} would gain {gain}");
                        }
                    }
                }
            }
            var random = new Random(7);
            var shuffled = org.Ids.OrderBy(_ => random.Next()).ToList();
            var randomScore = shuffled.Chunk(5).Sum(group => group.Sum(a => Fit(a, group)) / 2);
            output.WriteLine($"peer groups ({goal}): score {result.TotalScore} against {randomScore} for a random split, " +
                             $"{result.Groups.Count(g => g.Score > 0)} of 40 groups with a match, {watch.ElapsedMilliseconds} ms");
            Assert.True(result.TotalScore > 2 * randomScore);
        }
    }

    [Fact]
    public void ExactPeerGroupsEqualTheBruteForceOptimumOnSmallCases()
    {
        for (var seed = 0; seed < SmallCases; seed++)
        {
            var random = new Random(seed);
            var org = new SyntheticOrganisation(seed, people: random.Next(1, 9), skillCount: 4);
            var k = random.Next(1, Math.Min(4, org.Ids.Count) + 1);
            var goal = seed % 2 == 0 ? PeerGroupingGoal.Complementary : PeerGroupingGoal.SharedWants;
            var result = PeerGrouping.Form(org.Profiles, org.Ids, k, goal);

            Assert.Equal(PeerGroupingMethod.Exact, result.Method);
            var sizes = result.Groups.Select(g => g.MemberIds.Count).ToList();
            Assert.Equal(k, sizes.Count);
            Assert.True(sizes.Max() - sizes.Min() <= 1);
            Assert.Equal(org.Ids.Order(), result.Groups.SelectMany(g => g.MemberIds).Order());
            var recomputed = result.Groups.Sum(g => g.MemberIds.SelectMany((a, i) => g.MemberIds.Skip(i + 1).Select(b => PeerGrouping.PairScore(org.Profile(a), org.Profile(b), goal))).Sum());
            Assert.Equal(recomputed, result.TotalScore);
            Assert.True(BruteForcePeers(org, k, goal) == result.TotalScore, $"seed {seed}");
        }
    }

    private static int BruteForcePeers(SyntheticOrganisation org, int k, PeerGroupingGoal goal)
    {
        var ids = org.Ids;
        var n = ids.Count;
        var label = new int[n];
        var best = int.MinValue;
        void Go(int i)
        {
            if (i == n)
            {
                var sizes = Enumerable.Range(0, k).Select(g => label.Count(l => l == g)).ToList();
                if (sizes.Max() - sizes.Min() > 1)
                {
                    return;
                }
                var score = 0;
                for (var a = 0; a < n; a++)
                {
                    for (var b = a + 1; b < n; b++)
                    {
                        if (label[a] == label[b])
                        {
                            score += PeerGrouping.PairScore(org.Profile(ids[a]), org.Profile(ids[b]), goal);
                        }
                    }
                }
                best = Math.Max(best, score);
                return;
            }
            for (var g = 0; g < k; g++)
            {
                label[i] = g;
                Go(i + 1);
            }
        }
        Go(0);
        return best;
    }

    [Fact]
    public void PeerGroupReasonsNameTheSkillsThatMatch()
    {
        var ana = new Profile("ana", [new SkillTag("Negotiation", 4)], [new SkillTag("Hiring", 1)], "", [], 0);
        var ben = new Profile("ben", [new SkillTag("Hiring", 3)], [new SkillTag("Negotiation", 2)], "", [], 0);
        var cy = new Profile("cy", [], [new SkillTag("Writing", 1)], "", [], 0);
        var dee = new Profile("dee", [new SkillTag("Writing", 3)], [], "", [], 0);

        var result = PeerGrouping.Form([ana, ben, cy, dee], ["ana", "cy", "ben", "dee"], 2, PeerGroupingGoal.Complementary);

        var anaBen = Assert.Single(result.Groups, g => g.MemberIds.Contains("ana"));
        Assert.Equal(["ana", "ben"], anaBen.MemberIds.Order());
        Assert.Contains("ana offers Negotiation; ben wants Negotiation", anaBen.Reasons);
        Assert.Contains("ben offers Hiring; ana wants Hiring", anaBen.Reasons);
        Assert.Equal("Writing", Assert.Single(result.Groups, g => g.MemberIds.Contains("cy")).Focus);
        var explained = PeerGrouping.Explain([ana, ben, cy, dee], ["ana", "dee"], PeerGroupingGoal.Complementary);
        Assert.Equal((0, null), (explained.Score, explained.Focus));
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerGrouping.Form([ana], ["ana"], 2, PeerGroupingGoal.SharedWants));
    }

    // ---- Profiles ----

    [Fact]
    public void ProfileRulesNormaliseTagsAndRefuseDuplicatesBadLevelsAndTooMany()
    {
        var (profile, errors) = ProfileRules.Validate(
            new ProfileDraft([new SkillTagDraft("  Public   speaking ", 3)], [new SkillTagDraft("Hiring", 1)], "Grow", [new AvailabilitySlot(DayOfWeek.Tuesday, DayPart.Afternoon), new AvailabilitySlot(DayOfWeek.Monday, DayPart.Morning)], 2),
            "u1");
        Assert.Empty(errors);
        Assert.Equal("Public speaking", profile!.Offers[0].Name);
        Assert.Equal(DayOfWeek.Monday, profile.Availability[0].Day);

        var (bad, badErrors) = ProfileRules.Validate(
            new ProfileDraft([new SkillTagDraft("Hiring", 2), new SkillTagDraft("HIRING", 3), new SkillTagDraft("", 5)], null, null, null, 11),
            "u1");
        Assert.Null(bad);
        Assert.Equal(["mentorCapacity", "offers[1].name", "offers[2].level", "offers[2].name"], badErrors.Keys.Order());

        var tooMany = Enumerable.Range(0, ProfileLimits.MaxTags + 1).Select(i => (SkillTagDraft?)new SkillTagDraft($"S{i}", 1)).ToList();
        Assert.Equal(["wants"], ProfileRules.Validate(new ProfileDraft(null, tooMany, null, null, 0), "u1").Errors.Keys);
    }
}

public sealed class CircleCadenceTests
{
    [Fact]
    public void TheNextMeetingIsThisWeeksUntilItEndsThenNextWeeks()
    {
        var cadence = new CircleCadence(DayOfWeek.Wednesday, new TimeOnly(15, 0), 60);
        var monday = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 15, 0, 0, TimeSpan.Zero), cadence.NextMeeting(monday));
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 15, 0, 0, TimeSpan.Zero), cadence.NextMeeting(monday.AddDays(2).AddHours(6.5)));
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 15, 0, 0, TimeSpan.Zero), cadence.NextMeeting(monday.AddDays(2).AddHours(7)));
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 15, 0, 0, TimeSpan.Zero), cadence.NextMeeting(monday.AddDays(3)));
    }

    [Fact]
    public void AFortnightlyCadenceCountsItsWeeksFromItsFirstDateAndNeverMeetsBeforeIt()
    {
        var cadence = new CircleCadence(DayOfWeek.Tuesday, new TimeOnly(9, 30), 60, "UTC", 2, new DateOnly(2027, 1, 5));
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 9, 30, 0, TimeSpan.Zero), cadence.NextMeeting(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2027, 1, 19, 9, 30, 0, TimeSpan.Zero), cadence.NextMeeting(new DateTimeOffset(2027, 1, 6, 0, 0, 0, TimeSpan.Zero)));
        // Months later, still on the fortnight counted from 5 January.
        Assert.Equal(new DateTimeOffset(2027, 6, 8, 9, 30, 0, TimeSpan.Zero), cadence.NextMeeting(new DateTimeOffset(2027, 6, 1, 10, 31, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ACadenceInAZoneKeepsItsWallClockTimeAcrossAChangeOfTheClocks()
    {
        var cadence = new CircleCadence(DayOfWeek.Monday, new TimeOnly(18, 0), 45, "America/New_York");
        var meetings = cadence.MeetingsFrom(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)).Take(3).ToList();
        // New York moves to summer time on 14 March 2027: 18:00 is 23:00 UTC before, 22:00 UTC after.
        Assert.Equal(
            [new(2027, 3, 1, 23, 0, 0, TimeSpan.Zero), new(2027, 3, 8, 23, 0, 0, TimeSpan.Zero), new(2027, 3, 15, 22, 0, 0, TimeSpan.Zero)],
            meetings);
    }

    [Fact]
    public void ACircleFormedBeforeCadencesHadAZoneStillLoadsAsUtcWeekly()
    {
        const string Stored = """{"type":"CircleFormed","circleId":"c1","cohortId":"k1","mentorId":null,"memberIds":["a","b"],"focus":"F","kind":"Peer","cadence":{"day":"Wednesday","timeUtc":"15:00:00","durationMinutes":60},"roomId":"r1","reasons":[],"formedBy":"u"}""";
        var formed = Assert.IsType<CircleFormed>(Roundtable.Core.Events.EventSerializer.Deserialize(Stored));
        Assert.Equal(new CircleCadence(DayOfWeek.Wednesday, new TimeOnly(15, 0), 60, "UTC", 1, null), formed.Cadence);
        Assert.Contains("\"timeUtc\":\"15:00:00\"", Roundtable.Core.Events.EventSerializer.Serialize(formed));
    }
}
