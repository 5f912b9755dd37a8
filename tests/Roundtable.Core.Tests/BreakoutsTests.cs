using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Matching;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class BreakoutsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly BreakoutMember LenaM = new(Lena.UserId, Lena.DisplayName);
    private static readonly BreakoutMember LiamM = new(Liam.UserId, Liam.DisplayName);
    private static readonly BreakoutMember NoorM = new(Noor.UserId, Noor.DisplayName);

    private static IReadOnlyList<BreakoutGroup> TwoGroups() =>
    [
        new("room-a", "Group 1", [LenaM, LiamM], null),
        new("room-b", "Group 2", [NoorM], "Noor offers Negotiation; Group 2 wants it."),
    ];

    private static (FeatureTestRoom Room, FakeTimeProvider Clock) Opened(BreakoutStrategy strategy = BreakoutStrategy.Manual, IReadOnlyList<BreakoutGroup>? groups = null)
    {
        var clock = new FakeTimeProvider(T0);
        var room = new FeatureTestRoom(clock, Coach, Lena, Liam, Noor, Max);
        room.Run(Coach, new OpenBreakouts(strategy, groups ?? TwoGroups(), 10));
        return (room, clock);
    }

    [Fact]
    public void TheCoachOpensGroupsThatEndAfterTheirMinutes()
    {
        var (room, _) = Opened();
        var opened = Assert.IsType<BreakoutsOpened>(room.Log[^1].Event);
        Assert.Equal(T0.AddMinutes(10), opened.EndsAt);
        var view = room.State.Feature<BreakoutsState>().Breakouts!;
        Assert.Equal(["Group 1", "Group 2"], view.Groups.Select(g => g.Name));
        Assert.Equal("room-b", view.GroupOf(Noor.UserId)!.RoomId);
        Assert.Equal("Noor offers Negotiation; Group 2 wants it.", view.Group("room-b")!.Explanation);
    }

    [Fact]
    public void PeopleAreTakenToTheirGroupAfterTenSecondsUnlessTheCoachSetsAnotherCountdown()
    {
        var (room, _) = Opened();
        var opened = Assert.IsType<BreakoutsOpened>(room.Log[^1].Event);
        Assert.Equal(10, opened.CountdownSeconds);
        Assert.Equal(10, room.State.Feature<BreakoutsState>().Breakouts!.CountdownSeconds);
        // Stored before the countdown was recorded: the default.
        var stored = EventSerializer.Serialize(opened).Replace(",\"countdownSeconds\":10", "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("countdown", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(10, Assert.IsType<BreakoutsOpened>(EventSerializer.Deserialize(stored)).CountdownSeconds);

        var other = new FeatureTestRoom(Coach, Lena, Liam, Noor);
        AssertRejected(other.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 10, CountdownSeconds: 4)), Rejection.InvalidArgument);
        AssertRejected(other.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 10, CountdownSeconds: 121)), Rejection.InvalidArgument);
        other.Run(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 10, CountdownSeconds: 30));
        Assert.Equal(30, other.Replayed().Feature<BreakoutsState>().Breakouts!.CountdownSeconds);

        var group = new BreakoutRoomTest(new FakeTimeProvider(T0));
        group.Run(Coach, new OpenBreakoutRoom("main", "Week 1", TwoGroups()[0], T0.AddMinutes(10), CountdownSeconds: 30));
        Assert.Equal(30, group.State.Feature<BreakoutsState>().BreakoutRoom!.CountdownSeconds);
    }

    [Fact]
    public void GroupsMustBeTwoOrMoreNonEmptyAndHoldEachPersonOnce()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, [new("a", "Group 1", [LenaM], null)], 10)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Random,
            [new("a", "Group 1", [LenaM, LiamM], null), new("b", "Group 2", [], null)], 10)), Rejection.InvalidArgument);
        var twice = room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual,
            [new("a", "Group 1", [LenaM], null), new("b", "Group 2", [LenaM, LiamM], null)], 10));
        AssertRejected(twice, Rejection.InvalidArgument);
        Assert.Contains("Lena is in two groups", twice.Reason);
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual,
            [new("a", "Group 1", [LenaM], null), new("a", "Group 2", [LiamM], null)], 10)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual,
            [new("a", "Same", [LenaM], null), new("b", "same", [LiamM], null)], 10)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 0)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 121)), Rejection.InvalidArgument);
    }

    [Fact]
    public void ChoosingOpensEmptyGroupsThatLearnersPickFrom()
    {
        var (room, _) = Opened(BreakoutStrategy.Choose, [new("room-a", "Group 1", [], null), new("room-b", "Group 2", [], null)]);
        room.Run(Lena, new ChooseBreakoutGroup("room-b"));
        room.Run(Lena, new ChooseBreakoutGroup("room-a"));
        AssertAlreadyDone(room.Decide(Lena, new ChooseBreakoutGroup("room-a")));
        AssertRejected(room.Decide(Max, new ChooseBreakoutGroup("room-a")), Rejection.NotAllowed);
        AssertRejected(room.Decide(Lena, new ChooseBreakoutGroup("room-x")), BreakoutRejections.UnknownGroup);
        Assert.Equal(["Lena"], room.State.Feature<BreakoutsState>().Breakouts!.Group("room-a")!.Members.Select(m => m.DisplayName));
        Assert.Empty(room.State.Feature<BreakoutsState>().Breakouts!.Group("room-b")!.Members);
    }

    [Fact]
    public void LearnersCannotChooseWhenTheCoachFormedTheGroups()
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Lena, new ChooseBreakoutGroup("room-b")), Rejection.NotAllowed);
    }

    [Fact]
    public void OnlyStaffRunBreakouts()
    {
        var (room, _) = Opened();
        foreach (var command in new RoomCommand[]
        {
            new OpenBreakouts(BreakoutStrategy.Random, TwoGroups(), 5), new BroadcastToBreakouts("hi"),
            new MoveBreakoutMember(Lena.UserId, Lena.DisplayName, "room-b"), new ExtendBreakouts(5), new CloseBreakouts([], false),
        })
        {
            AssertRejected(room.Decide(Lena, command), Rejection.NotAllowed);
            AssertRejected(room.Decide(Max, command), Rejection.NotAllowed);
        }
        room.Run(Admin, new ExtendBreakouts(1));
    }

    [Fact]
    public void OneSetOfBreakoutsAtATimeAndTheRoomCannotEndMeanwhile()
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 5)), BreakoutRejections.BreakoutsOpen);
        AssertRejected(room.Decide(Coach, new EndRoundtable()), BreakoutRejections.BreakoutsOpen);
        room.Run(Coach, new CloseBreakouts([], false));
        room.Run(Coach, new OpenBreakouts(BreakoutStrategy.Manual, [new("c", "Group 1", [LenaM], null), new("d", "Group 2", [LiamM], null)], 5));
    }

    [Fact]
    public void ABroadcastIsRenderedAndSizeLimited()
    {
        var (room, _) = Opened();
        var sent = Assert.IsType<BreakoutBroadcastSent>(Assert.Single(room.Run(Coach, new BroadcastToBreakouts("Five **minutes** left")).Events));
        Assert.Equal("<p>Five <strong>minutes</strong> left</p>", sent.Html.Trim());
        AssertRejected(room.Decide(Coach, new BroadcastToBreakouts("  ")), Rejection.EmptyMessage);
        AssertRejected(room.Decide(Coach, new BroadcastToBreakouts(new string('x', BreakoutLimits.MaxBroadcastBytes + 1))), Rejection.MessageTooLarge);
        Assert.Single(room.State.Feature<BreakoutsState>().Breakouts!.Broadcasts);
    }

    [Fact]
    public void MovingSomeoneLeavesTheOtherGroupsAsTheyAre()
    {
        var (room, _) = Opened();
        var moved = Assert.IsType<BreakoutMemberMoved>(Assert.Single(room.Run(Coach, new MoveBreakoutMember(Liam.UserId, "Liam", "room-b")).Events));
        Assert.Equal(("room-a", "room-b", "Group 2"), (moved.FromRoomId, moved.ToRoomId, moved.ToGroupName));
        Assert.Equal(["Lena"], room.State.Feature<BreakoutsState>().Breakouts!.Group("room-a")!.Members.Select(m => m.DisplayName));
        Assert.Equal(["Noor", "Liam"], room.State.Feature<BreakoutsState>().Breakouts!.Group("room-b")!.Members.Select(m => m.DisplayName));
        AssertAlreadyDone(room.Decide(Coach, new MoveBreakoutMember(Liam.UserId, "Liam", "room-b")));
        AssertRejected(room.Decide(Coach, new MoveBreakoutMember(Liam.UserId, "Liam", "nowhere")), BreakoutRejections.UnknownGroup);
    }

    [Fact]
    public void ExtendingAddsToTheEndUpToTheLimit()
    {
        var (room, clock) = Opened();
        room.Run(Coach, new ExtendBreakouts(5));
        Assert.Equal(T0.AddMinutes(15), room.State.Feature<BreakoutsState>().Breakouts!.EndsAt);
        clock.Advance(TimeSpan.FromMinutes(20));
        room.Run(Coach, new ExtendBreakouts(5));
        Assert.Equal(T0.AddMinutes(25), room.State.Feature<BreakoutsState>().Breakouts!.EndsAt);
        room.Run(Coach, new ExtendBreakouts(120));
        AssertRejected(room.Decide(Coach, new ExtendBreakouts(120)), Rejection.InvalidArgument);
    }

    [Fact]
    public void ClosingBringsEachGroupsNotesBackAndTheDeadlineCloseWaitsForTheEnd()
    {
        var (room, clock) = Opened();
        var notes = new[] { new BreakoutGroupNotes("room-b", "ignored", "- idea", "<ul><li>idea</li></ul>") };
        AssertAlreadyDone(room.Decide(Coach, new CloseBreakouts(notes, AtDeadline: true)));
        clock.Advance(TimeSpan.FromMinutes(10));
        var closed = Assert.IsType<BreakoutsClosed>(Assert.Single(room.Run(Coach, new CloseBreakouts(notes, AtDeadline: true)).Events));
        Assert.True(closed.AtDeadline);
        Assert.Equal([("Group 1", ""), ("Group 2", "- idea")], closed.Notes.Select(n => (n.Name, n.Markdown)));
        Assert.Null(room.State.Feature<BreakoutsState>().Breakouts);
        Assert.Equal("<ul><li>idea</li></ul>", room.State.Feature<BreakoutsState>().BreakoutNotes.Single().Notes[1].Html);
        AssertAlreadyDone(room.Decide(Coach, new CloseBreakouts([], AtDeadline: true)));
        AssertRejected(room.Decide(Coach, new CloseBreakouts([], AtDeadline: false)), BreakoutRejections.NoBreakouts);
        AssertRejected(room.Decide(Coach, new BroadcastToBreakouts("late")), BreakoutRejections.NoBreakouts);
    }

    [Fact]
    public void BreakoutsOpenOnlyInALiveMainRoom()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        room.Run(Coach, new EndRoundtable());
        AssertRejected(room.Decide(Coach, new OpenBreakouts(BreakoutStrategy.Manual, TwoGroups(), 5)), Rejection.NotLive);
    }

    [Fact]
    public void AGroupsRoomRecordsItsSideAndLetsInOnlyItsOwnLearners()
    {
        var clock = new FakeTimeProvider(T0);
        var group = new BreakoutRoomTest(clock);
        group.Run(Coach, new OpenBreakoutRoom("main", "Week 1", TwoGroups()[0], T0.AddMinutes(10)));
        Assert.Equal(RoomStatus.Live, group.State.Status);
        AssertRejected(group.Decide(Coach, new OpenBreakoutRoom("other", "Other", TwoGroups()[1], T0)), Rejection.NotAllowed);
        AssertRejected(group.Decide(Noor, new JoinRoom()), Rejection.NotAllowed);
        group.Run(Lena, new JoinRoom());
        group.Run(Max, new JoinRoom());

        group.Run(Coach, new FollowBreakoutParent(new BreakoutBroadcastSent("coach", "Cora", "Wrap up", "<p>Wrap up</p>")));
        group.Run(Coach, new FollowBreakoutParent(new BreakoutsExtended("coach", T0.AddMinutes(15))));
        group.Run(Coach, new FollowBreakoutParent(new BreakoutMemberMoved(Noor.UserId, "Noor", "room-b", "room1", "Group 1", "coach")));
        group.Run(Noor, new JoinRoom());
        AssertRejected(group.Decide(Coach, new FollowBreakoutParent(new BreakoutMemberMoved("x", "X", "room-b", "room-c", "Group 3", "coach"))), Rejection.InvalidArgument);
        AssertRejected(group.Decide(Lena, new CloseBreakoutRoom()), Rejection.NotAllowed);
        AssertRejected(group.Decide(Coach, new EndRoundtable()), BreakoutRejections.BreakoutsOpen);

        var own = group.State.Feature<BreakoutsState>().BreakoutRoom!;
        Assert.Equal(("main", "Week 1", "Group 1", T0.AddMinutes(15)), (own.ParentId, own.ParentTitle, own.GroupName, own.EndsAt));
        Assert.Equal(["Lena", "Liam", "Noor"], own.Members.Select(m => m.DisplayName));
        Assert.Equal("<p>Wrap up</p>", Assert.Single(own.Broadcasts).Html);

        group.Run(Coach, new CloseBreakoutRoom());
        Assert.Equal(RoomStatus.Ended, group.State.Status);
        Assert.True(group.State.Feature<BreakoutsState>().BreakoutRoom!.Closed);
        AssertAlreadyDone(group.Decide(Coach, new CloseBreakoutRoom()));
        AssertAlreadyDone(group.Decide(Coach, new FollowBreakoutParent(new BreakoutsExtended("coach", T0))));
    }

    [Fact]
    public void AGroupsMemberAsksTheCoachForHelpCancelsAndTheCoachHandlesIt()
    {
        var (room, clock) = Opened();
        var asked = Assert.IsType<BreakoutHelpAsked>(Assert.Single(room.Run(Lena, new AskBreakoutHelp("room-a")).Events));
        Assert.Equal(("room-a", "Group 1", Lena.UserId, "Lena"), (asked.GroupRoomId, asked.GroupName, asked.ByUserId, asked.ByName));
        AssertAlreadyDone(room.Decide(Liam, new AskBreakoutHelp("room-a")));
        AssertRejected(room.Decide(Noor, new AskBreakoutHelp("room-a")), Rejection.NotAllowed);
        AssertRejected(room.Decide(Noor, new CancelBreakoutHelp("room-a")), Rejection.NotAllowed);
        AssertRejected(room.Decide(Lena, new AskBreakoutHelp("nowhere")), BreakoutRejections.UnknownGroup);
        AssertRejected(room.Decide(Lena, new HandleBreakoutHelp("room-a")), Rejection.NotAllowed);
        var help = Assert.Single(room.State.Feature<BreakoutsState>().Breakouts!.Help);
        Assert.Equal(("room-a", "Lena", T0), (help.GroupRoomId, help.ByName, help.At));

        Assert.IsType<BreakoutHelpCancelled>(Assert.Single(room.Run(Liam, new CancelBreakoutHelp("room-a")).Events));
        Assert.Empty(room.State.Feature<BreakoutsState>().Breakouts!.Help);
        AssertAlreadyDone(room.Decide(Lena, new CancelBreakoutHelp("room-a")));

        clock.Advance(TimeSpan.FromMinutes(1));
        room.Run(Noor, new AskBreakoutHelp("room-b"));
        room.Run(Lena, new AskBreakoutHelp("room-a"));
        Assert.Equal(["room-b", "room-a"], room.State.Feature<BreakoutsState>().Breakouts!.Help.Select(h => h.GroupRoomId));
        Assert.IsType<BreakoutHelpHandled>(Assert.Single(room.Run(Coach, new HandleBreakoutHelp("room-b")).Events));
        AssertAlreadyDone(room.Decide(Coach, new HandleBreakoutHelp("room-b")));
        Assert.Equal(["room-a"], room.State.Feature<BreakoutsState>().Breakouts!.Help.Select(h => h.GroupRoomId));

        var replayed = room.Replayed().ToSnapshot(10, Viewer.Participants).Part<BreakoutsSnapshot>()!.Breakouts!;
        Assert.Equal(["room-a"], replayed.Help.Select(h => h.GroupRoomId));
        room.Run(Coach, new CloseBreakouts([], false));
        AssertRejected(room.Decide(Lena, new AskBreakoutHelp("room-a")), BreakoutRejections.NoBreakouts);
    }

    [Fact]
    public void AGroupsRoomRecordsItsOwnCallForHelpUnderTheNameOfWhoeverMadeIt()
    {
        var clock = new FakeTimeProvider(T0);
        var group = new BreakoutRoomTest(clock);
        group.Run(Coach, new OpenBreakoutRoom("main", "Week 1", TwoGroups()[0], T0.AddMinutes(10)));
        var asked = new BreakoutHelpAsked("room1", "Group 1", Lena.UserId, "Lena");
        AssertRejected(group.Decide(Liam, new FollowBreakoutParent(asked)), Rejection.NotAllowed);
        AssertRejected(group.Decide(Coach, new FollowBreakoutParent(asked with { GroupRoomId = "room-b" })), Rejection.InvalidArgument);
        group.Run(Lena, new FollowBreakoutParent(asked));
        Assert.Equal("Lena", group.State.Feature<BreakoutsState>().BreakoutRoom!.Help!.ByName);
        group.Run(Coach, new FollowBreakoutParent(new BreakoutHelpHandled("room1", Coach.UserId)));
        Assert.Null(group.State.Feature<BreakoutsState>().BreakoutRoom!.Help);
        group.Run(Lena, new FollowBreakoutParent(asked));
        group.Run(Lena, new FollowBreakoutParent(new BreakoutHelpCancelled("room1", Lena.UserId)));
        Assert.Null(group.State.Feature<BreakoutsState>().BreakoutRoom!.Help);
    }

    [Fact]
    public void ReplayGivesTheSameStateAndSnapshot()
    {
        var (room, _) = Opened();
        room.Run(Coach, new BroadcastToBreakouts("Hello groups"));
        room.Run(Coach, new MoveBreakoutMember(Lena.UserId, "Lena", "room-b"));
        room.Run(Coach, new ExtendBreakouts(3));
        var live = room.State.ToSnapshot(10, Viewer.Participants);
        var replayed = room.Replayed().ToSnapshot(10, Viewer.Participants);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(live), System.Text.Json.JsonSerializer.Serialize(replayed));
        Assert.Equal(room.State.Feature<BreakoutsState>().Breakouts!.EndsAt, replayed.Part<BreakoutsSnapshot>()!.Breakouts!.EndsAt);
        Assert.Equal(["Noor", "Lena"], replayed.Part<BreakoutsSnapshot>()!.Breakouts!.Groups[1].Members.Select(m => m.DisplayName));
    }

    [Fact]
    public void RandomGroupsAreBalancedAndHoldEveryoneOnce()
    {
        var people = Enumerable.Range(0, 11).Select(i => new BreakoutMember($"u{i}", $"U{i}")).ToList();
        var groups = GroupForming.Random(people, 3, new Random(7));
        Assert.Equal([3, 4, 4], groups.Select(g => g.Count).Order());
        Assert.Equal(people.Select(p => p.UserId).Order(), groups.SelectMany(g => g).Select(p => p.UserId).Order());
    }

    [Fact]
    public void ManualGroupsFollowTheAssignment()
    {
        var groups = GroupForming.Manual([LenaM, LiamM, NoorM], new Dictionary<string, int> { ["lena"] = 1, ["liam"] = 0 }, 2);
        Assert.Equal(["Liam"], groups[0].Select(m => m.DisplayName));
        Assert.Equal(["Lena"], groups[1].Select(m => m.DisplayName));
    }

    [Fact]
    public void MatchedGroupsSayWhoHasNoSkillsListedAndWhenNothingMatches()
    {
        Profile P(string id, SkillTag[] offers, SkillTag[] wants) => new(id, offers, wants, "", [], 0);
        var people = new[] { "ana", "ben", "cy", "di", "ed" }.Select(id => new BreakoutMember(id, char.ToUpperInvariant(id[0]) + id[1..])).ToList();
        var profiles = new[] { P("ana", [new("Negotiation", 4)], []), P("ben", [], [new("Negotiation", 2)]), P("cy", [new("Hiring", 2)], []) };

        var groups = GroupForming.ByMatching(people, profiles, 2, PeerGroupingGoal.Complementary);

        var anaBen = Assert.Single(groups, g => g.Members.Any(m => m.UserId == "ana"));
        Assert.Contains(anaBen.Members, m => m.UserId == "ben");
        Assert.StartsWith("Ana offers Negotiation; Ben wants Negotiation.", anaBen.Explanation);
        var rest = Assert.Single(groups, g => g != anaBen);
        var placedWithoutSkills = anaBen.Members.Concat(rest.Members).Where(m => m.UserId is "di" or "ed").ToList();
        Assert.Equal(2, placedWithoutSkills.Count);
        Assert.Equal([2, 3], groups.Select(g => g.Members.Count).Order());
        Assert.Contains("no skills on their profile", rest.Explanation);

        var nobodyMatches = GroupForming.ByMatching(people[2..4], [profiles[2], P("di", [new("Hiring", 1)], [])], 2, PeerGroupingGoal.SharedWants);
        Assert.All(nobodyMatches, g => Assert.Equal("No skills match within this group; placed to keep the groups balanced.", g.Explanation));
        var bothWithout = GroupForming.ByMatching(people[3..5], [], 1, PeerGroupingGoal.Complementary);
        Assert.Equal("Di and Ed have no skills on their profiles yet, so were placed to keep the groups balanced.", bothWithout.Single().Explanation);
    }

    [Fact]
    public void AMatchedGroupsExplanationFitsTheLimitHoweverManyMatches()
    {
        var skills = Enumerable.Range(0, 15).Select(i => $"A rather long skill name number {i:D2}").ToArray();
        var people = Enumerable.Range(0, 4).Select(i => new BreakoutMember($"u{i}", $"Someone with a long display name {i}")).ToList();
        var profiles = people.Select(p => new Profile(p.UserId, [.. skills.Select(s => new SkillTag(s, 4))], [.. skills.Select(s => new SkillTag(s, 1))], "", [], 0));

        var group = GroupForming.ByMatching(people, profiles, 1, PeerGroupingGoal.Complementary).Single();

        Assert.InRange(group.Explanation!.Length, 100, BreakoutLimits.MaxExplanationLength);
        Assert.EndsWith("And more matches.", group.Explanation);
    }

    /// <summary>A new (scheduled, empty) room, the way a breakout group's room starts.</summary>
    private sealed class BreakoutRoomTest(TimeProvider time)
    {
        private readonly RoomDecider _decider = new(new Markdown.MarkdownRenderer(), time);
        private readonly List<Log.StoredEvent> _log = [];

        public RoomState State { get; } = new("room1");

        public Decision Decide(Actor actor, RoomCommand command) => _decider.Decide(State, actor, command);

        public void Run(Actor actor, RoomCommand command)
        {
            var decision = Decide(actor, command);
            Assert.True(decision.Accepted, decision.Reason);
            foreach (var e in decision.Events)
            {
                var stored = RoomStateTests.Stored(_log.Count + 1, e) with { At = time.GetUtcNow() };
                _log.Add(stored);
                State.Apply(stored);
            }
        }
    }
}
