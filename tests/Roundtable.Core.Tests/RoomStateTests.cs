using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

public sealed class RoomStateTests
{
    private const string RoomId = "room1";
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    internal static StoredEvent Stored(long seq, DomainEvent e) =>
        new(StreamNames.Room(RoomId), seq, 100 + seq, T0.AddSeconds(seq), e);

    internal static List<StoredEvent> Numbered(params DomainEvent[] events) =>
        events.Select((e, i) => Stored(i + 1, e)).ToList();

    [Fact]
    public void FoldTracksParticipantsWithRolesAndJoinOrder()
    {
        var state = RoomState.Fold(RoomId, Numbered(
            new ParticipantJoined("coach", "Cora", RoomRole.Coach),
            new ParticipantJoined("lena", "Lena", RoomRole.Learner),
            new ParticipantJoined("max", "Max", RoomRole.Manager)));

        Assert.Equal(3, state.Version);
        Assert.Equal(
            [("coach", "Cora", RoomRole.Coach), ("lena", "Lena", RoomRole.Learner), ("max", "Max", RoomRole.Manager)],
            state.Participants.Select(p => (p.UserId, p.DisplayName, p.Role)).ToList());
        Assert.Equal(T0.AddSeconds(2), state.Participants[1].JoinedAt);
        Assert.True(state.IsPresent("lena"));
        Assert.False(state.IsPresent("nobody"));
    }

    [Fact]
    public void LeaveRemovesOnlyThatParticipantAndRejoinReplacesTheEntry()
    {
        var state = RoomState.Fold(RoomId, Numbered(
            new ParticipantJoined("coach", "Cora", RoomRole.Coach),
            new ParticipantJoined("lena", "Lena", RoomRole.Learner),
            new ParticipantLeft("coach", "Cora", LeaveReason.Disconnected),
            new ParticipantJoined("lena", "Lena L.", RoomRole.Learner)));

        var only = Assert.Single(state.Participants);
        Assert.Equal(("lena", "Lena L."), (only.UserId, only.DisplayName));
        Assert.False(state.IsPresent("coach"));
    }

    [Fact]
    public void MessagesAreKeptInOrderWithTheirSeqAsId()
    {
        var state = RoomState.Fold(RoomId, Numbered(
            new ParticipantJoined("lena", "Lena", RoomRole.Learner),
            new MessagePosted("lena", "Lena", "hello *there*", "<p>hello <em>there</em></p>", "c-1"),
            new ParticipantJoined("liam", "Liam", RoomRole.Learner),
            new MessagePosted("liam", "Liam", "hi", "<p>hi</p>", null)));

        Assert.Equal(
            [(2L, "lena", "hello *there*", "<p>hello <em>there</em></p>"), (4L, "liam", "hi", "<p>hi</p>")],
            state.Messages.Select(m => (m.Seq, m.UserId, m.Markdown, m.Html)).ToList());
        Assert.Equal(T0.AddSeconds(4), state.Messages[1].At);
        Assert.Equal(2, state.FindClientMessage("lena", "c-1"));
        Assert.Null(state.FindClientMessage("liam", "c-1"));
    }

    [Fact]
    public void StatusGoesFromScheduledToLiveToEndedAndEndingClearsParticipants()
    {
        var state = new RoomState(RoomId);
        Assert.Equal(RoomStatus.Scheduled, state.Status);

        var events = Numbered(
            new ParticipantJoined("coach", "Cora", RoomRole.Coach),
            new RoundtableStarted("coach"),
            new ParticipantJoined("lena", "Lena", RoomRole.Learner),
            new RoundtableEnded("coach"));
        state.Apply(events[0]);
        state.Apply(events[1]);
        Assert.Equal(RoomStatus.Live, state.Status);
        state.Apply(events[2]);
        Assert.Equal(2, state.Participants.Count);
        state.Apply(events[3]);

        Assert.Equal(RoomStatus.Ended, state.Status);
        Assert.Empty(state.Participants);
        Assert.Equal(4, state.Version);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(1)]
    [InlineData(0)]
    public void ApplyingASeqOtherThanTheNextOneThrowsAndChangesNothing(long seq)
    {
        var state = new RoomState(RoomId);
        state.Apply(Stored(1, new ParticipantJoined("lena", "Lena", RoomRole.Learner)));

        Assert.Throws<InvalidOperationException>(() => state.Apply(Stored(seq, new ParticipantLeft("lena", "Lena", LeaveReason.Left))));

        Assert.Equal(1, state.Version);
        Assert.True(state.IsPresent("lena"));
    }

    [Fact]
    public void FoldingAGappedSequenceThrows()
    {
        var events = new[]
        {
            Stored(1, new ParticipantJoined("lena", "Lena", RoomRole.Learner)),
            Stored(3, new MessagePosted("lena", "Lena", "x", "<p>x</p>", null)),
        };
        Assert.Throws<InvalidOperationException>(() => RoomState.Fold(RoomId, events));
    }

    [Fact]
    public void ADirectoryEventIsNotARoomEvent()
    {
        var state = new RoomState(RoomId);
        Assert.Throws<InvalidOperationException>(() =>
            state.Apply(Stored(1, new Directory.ProgramCreated("p", "Program", "", "admin"))));
        Assert.Equal(0, state.Version);
    }

    [Fact]
    public void FoldingTheSameEventsTwiceGivesEqualSnapshots()
    {
        var events = Numbered(
            new ParticipantJoined("coach", "Cora", RoomRole.Coach),
            new RoundtableStarted("coach"),
            new ParticipantJoined("lena", "Lena", RoomRole.Learner),
            new MessagePosted("lena", "Lena", "one", "<p>one</p>", "a"),
            new MessagePosted("coach", "Cora", "two", "<p>two</p>", null),
            new ParticipantLeft("lena", "Lena", LeaveReason.Left),
            new MessagePosted("coach", "Cora", "three", "<p>three</p>", null));

        var first = RoomState.Fold(RoomId, events).ToSnapshot(2, Viewer.Staff);
        var second = RoomState.Fold(RoomId, events).ToSnapshot(2, Viewer.Staff);

        AssertSameSnapshot(first, second);
        Assert.Equal(7, first.Seq);
        Assert.Equal(RoomStatus.Live, first.Status);
        Assert.Equal(["two", "three"], first.RecentMessages.Select(m => m.Markdown));
        Assert.True(first.HasEarlierMessages);
        Assert.False(RoomState.Fold(RoomId, events).ToSnapshot(3, Viewer.Staff).HasEarlierMessages);
    }

    internal static void AssertSameSnapshot(RoomSnapshot expected, RoomSnapshot actual)
    {
        Assert.Equal((expected.RoomId, expected.Seq, expected.Status, expected.HasEarlierMessages),
            (actual.RoomId, actual.Seq, actual.Status, actual.HasEarlierMessages));
        Assert.Equal(expected.Participants, actual.Participants);
        Assert.Equal(expected.RecentMessages, actual.RecentMessages);
    }
}
