using Roundtable.Core.Events;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using static Roundtable.Core.Tests.RoomStateTests;

namespace Roundtable.Core.Tests;

/// <summary>Whom a room keeps out is kept out of every command, not only the join; staff are never kept out.</summary>
public sealed class RoomEntryTests
{
    private const string RoomId = "room1";
    private static readonly Actor Coach = new("coach", "Cora", RoomRole.Coach);
    private static readonly Actor Lena = new("lena", "Lena", RoomRole.Learner);
    private static readonly Actor Liam = new("liam", "Liam", RoomRole.Learner);
    private static readonly Actor Max = new("max", "Max", RoomRole.Manager);

    private readonly RoomDecider _decider = new(new MarkdownRenderer());

    private static DomainEvent Joined(Actor a) => new ParticipantJoined(a.UserId, a.DisplayName, a.Role);

    private static RoomState StateOf(params DomainEvent[] events) => RoomState.Fold(RoomId, Numbered(events));

    /// <summary>Commands a learner may give in a room they are allowed in (one per feature that has one).</summary>
    public static TheoryData<RoomCommand> LearnerCommands => new()
    {
        new JoinRoom(), new PostMessage("hi", null), new EditSharedNote(0, "notes"), new RaiseHand(), new AskQuestion("why?", false),
        new VoteInPoll(1, [0]), new RateSession(5, null), new ChooseBreakoutGroup("group"),
    };

    [Theory]
    [MemberData(nameof(LearnerCommands))]
    public void ANewcomerToALockedRoomCanOnlyAskToJoin(RoomCommand command)
    {
        var state = StateOf(new RoundtableStarted("coach"), Joined(Coach), Joined(Lena), new RoomLocked("coach"));

        Assert.Equal(ModerationFeature.WaitingMessage, _decider.Decide(state, Liam, command).Reason);
        Assert.Equal(ModerationFeature.WaitingMessage, _decider.Decide(state, Max, command).Reason);
        Assert.Equal(EntryBar.MustWait, RoomEntry.Check(state, Liam)!.Bar);
        Assert.True(_decider.Decide(state, Liam, new AskToJoin()).Accepted);
        Assert.Null(RoomEntry.Check(state, Lena));
        Assert.Null(RoomEntry.Check(state, Coach));
    }

    [Theory]
    [MemberData(nameof(LearnerCommands))]
    public void ALearnerOfAnotherGroupIsKeptOutOfThisGroupsRoom(RoomCommand command)
    {
        var state = StateOf(
            new RoundtableStarted("coach"),
            new BreakoutRoomOpened("main", "Week 1", "Group 1", [new BreakoutMember("lena", "Lena")], null, DateTimeOffset.UnixEpoch.AddHours(1)));

        var refused = _decider.Decide(state, Liam, command);
        Assert.Equal("You are not in Group 1; the main roundtable shows your group.", refused.Reason);
        Assert.Null(RoomEntry.Check(state, Lena));
        Assert.Null(RoomEntry.Check(state, Coach));
        Assert.Null(RoomEntry.Check(state, Max));
    }

    [Theory]
    [MemberData(nameof(LearnerCommands))]
    public void SomeoneRemovedIsKeptOutOfEverythingButLeaving(RoomCommand command)
    {
        var state = StateOf(new RoundtableStarted("coach"), Joined(Coach), Joined(Liam),
            new ParticipantRemoved("liam", "Liam", "coach"), new ParticipantLeft("liam", "Liam", LeaveReason.Left));

        Assert.Equal(ModerationFeature.RemovedMessage, _decider.Decide(state, Liam, command).Reason);
        Assert.Equal(ModerationFeature.RemovedMessage, _decider.Decide(state, Liam, new AskToJoin()).Reason);
        Assert.False(_decider.Decide(state, Liam, new LeaveRoom(LeaveReason.Left)).Rejection.HasValue);
    }
}
