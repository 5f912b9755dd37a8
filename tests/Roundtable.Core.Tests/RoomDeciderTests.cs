using Roundtable.Core.Events;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.RoomStateTests;

namespace Roundtable.Core.Tests;

public sealed class RoomDeciderTests
{
    private const string RoomId = "room1";
    private static readonly Actor Coach = new("coach", "Cora", RoomRole.Coach);
    private static readonly Actor Admin = new("admin", "Ada", RoomRole.Admin);
    private static readonly Actor Lena = new("lena", "Lena", RoomRole.Learner);
    private static readonly Actor Max = new("max", "Max", RoomRole.Manager);

    private readonly RoomDecider _decider = new(new MarkdownRenderer());

    private static RoomState StateOf(params DomainEvent[] events) => RoomState.Fold(RoomId, Numbered(events));

    private static RoomState LiveRoomWith(params Actor[] present) =>
        StateOf([new RoundtableStarted(Coach.UserId), .. present.Select(a => new ParticipantJoined(a.UserId, a.DisplayName, a.Role))]);

    private static RoomState EndedRoom() => StateOf(
        new RoundtableStarted(Coach.UserId),
        new ParticipantJoined(Lena.UserId, Lena.DisplayName, Lena.Role),
        new RoundtableEnded(Coach.UserId));

    private static void AssertRejected(Decision decision, Rejection expected)
    {
        Assert.False(decision.Accepted);
        Assert.Equal(expected, decision.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void PresentParticipantCanPostAndTheEventCarriesSourceAndSanitisedHtml()
    {
        var decision = _decider.Decide(LiveRoomWith(Lena), Lena, new PostMessage("hello **all**", "c1"));

        Assert.True(decision.Accepted);
        var posted = Assert.IsType<MessagePosted>(Assert.Single(decision.Events));
        Assert.Equal(("lena", "Lena", "hello **all**", "c1"), (posted.UserId, posted.DisplayName, posted.Markdown, posted.ClientMessageId));
        Assert.Equal("<p>hello <strong>all</strong></p>", posted.Html);
    }

    [Fact]
    public void PostingRequiresPresence()
    {
        AssertRejected(_decider.Decide(LiveRoomWith(Coach), Lena, new PostMessage("hi", null)), Rejection.NotInRoom);
    }

    [Fact]
    public void PostingAfterLeavingIsRefused()
    {
        var state = StateOf(
            new RoundtableStarted(Coach.UserId),
            new ParticipantJoined(Lena.UserId, Lena.DisplayName, Lena.Role),
            new ParticipantLeft(Lena.UserId, Lena.DisplayName, LeaveReason.Left));
        AssertRejected(_decider.Decide(state, Lena, new PostMessage("hi", null)), Rejection.NotInRoom);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t\r\n ")]
    [InlineData("\u00a0\u2003")]
    public void EmptyOrWhitespaceOnlyMessagesAreRejected(string markdown)
    {
        AssertRejected(_decider.Decide(LiveRoomWith(Lena), Lena, new PostMessage(markdown, null)), Rejection.EmptyMessage);
    }

    [Fact]
    public void AMessageOfExactlyTheLimitIsAcceptedAndOneByteMoreIsRejected()
    {
        var state = LiveRoomWith(Lena);
        Assert.True(_decider.Decide(state, Lena, new PostMessage(new string('a', RoomLimits.MaxMessageBytes), null)).Accepted);
        AssertRejected(_decider.Decide(state, Lena, new PostMessage(new string('a', RoomLimits.MaxMessageBytes + 1), null)), Rejection.MessageTooLarge);
    }

    [Fact]
    public void TheSizeLimitCountsUtf8BytesNotCharacters()
    {
        // 3,000 characters of "é" are 6,000 bytes (accepted); 3,000 of "€" are 9,000 bytes (rejected) though fewer than 8,192 characters.
        var state = LiveRoomWith(Lena);
        Assert.True(_decider.Decide(state, Lena, new PostMessage(new string('é', 3000), null)).Accepted);

        var decision = _decider.Decide(state, Lena, new PostMessage(new string('€', 3000), null));
        AssertRejected(decision, Rejection.MessageTooLarge);
        Assert.Contains("8 KB", decision.Reason);
    }

    [Fact]
    public void AnOverlongClientMessageIdIsRejected()
    {
        var id = new string('x', RoomLimits.MaxClientMessageIdLength + 1);
        AssertRejected(_decider.Decide(LiveRoomWith(Lena), Lena, new PostMessage("hi", id)), Rejection.InvalidArgument);
    }

    [Fact]
    public void AnEndedRoomRejectsPosts()
    {
        // Even a participant who was present (the fold clears them at the end) or a coach.
        AssertRejected(_decider.Decide(EndedRoom(), Lena, new PostMessage("hi", null)), Rejection.RoomEnded);
        AssertRejected(_decider.Decide(EndedRoom(), Coach, new PostMessage("hi", null)), Rejection.RoomEnded);
    }

    [Theory]
    [InlineData(RoomRole.Learner)]
    [InlineData(RoomRole.Manager)]
    public void OnlyCoachOrAdminCanStartOrEnd(RoomRole role)
    {
        var someone = new Actor("someone", "Someone", role);
        var scheduled = StateOf(new ParticipantJoined("someone", "Someone", role));
        AssertRejected(_decider.Decide(scheduled, someone, new StartRoundtable()), Rejection.NotAllowed);
        AssertRejected(_decider.Decide(LiveRoomWith(someone), someone, new EndRoundtable()), Rejection.NotAllowed);
    }

    [Fact]
    public void CoachStartsAndAdminEnds()
    {
        var start = _decider.Decide(new RoomState(RoomId), Coach, new StartRoundtable());
        Assert.Equal(new RoundtableStarted("coach"), Assert.Single(start.Events));

        var end = _decider.Decide(LiveRoomWith(Lena), Admin, new EndRoundtable());
        Assert.Equal(new RoundtableEnded("admin"), Assert.Single(end.Events));
    }

    [Fact]
    public void ARecurringRoomStartsItsNextMeetingAfterItEnded()
    {
        var ended = EndedRoom();
        var next = _decider.Decide(ended, Coach, new StartRoundtable(Recurring: true));
        Assert.Equal(new RoundtableStarted("coach"), Assert.Single(next.Events));
        ended.Apply(new Roundtable.Core.Log.StoredEvent(RoomId, ended.Version + 1, 0, DateTimeOffset.UnixEpoch, Assert.Single(next.Events)));
        Assert.Equal(RoomStatus.Live, ended.Status);
        Assert.Single(_decider.Decide(ended, Lena, new JoinRoom()).Events);
        Assert.Empty(_decider.Decide(ended, Coach, new StartRoundtable(Recurring: true)).Events);
        AssertRejected(_decider.Decide(EndedRoom(), Lena, new StartRoundtable(Recurring: true)), Rejection.NotAllowed);
    }

    [Fact]
    public void StartingALiveRoomIsAlreadyDoneAndAnEndedRoomCannotRestart()
    {
        var again = _decider.Decide(LiveRoomWith(), Coach, new StartRoundtable());
        Assert.True(again.Accepted);
        Assert.Empty(again.Events);

        AssertRejected(_decider.Decide(EndedRoom(), Coach, new StartRoundtable()), Rejection.RoomEnded);

        var endAgain = _decider.Decide(EndedRoom(), Admin, new EndRoundtable());
        Assert.True(endAgain.Accepted);
        Assert.Empty(endAgain.Events);
    }

    [Fact]
    public void ARepeatedClientMessageIdIsAlreadyDoneWithTheExistingSeq()
    {
        var state = StateOf(
            new RoundtableStarted(Coach.UserId),
            new ParticipantJoined(Lena.UserId, Lena.DisplayName, Lena.Role),
            new MessagePosted(Lena.UserId, Lena.DisplayName, "first", "<p>first</p>", "retry-me"),
            new ParticipantJoined(Max.UserId, Max.DisplayName, Max.Role));

        var retry = _decider.Decide(state, Lena, new PostMessage("first", "retry-me"));

        Assert.True(retry.Accepted);
        Assert.Empty(retry.Events);
        Assert.Equal(3, retry.ExistingSeq);
    }

    [Fact]
    public void AClientMessageIdIsPerUser()
    {
        var state = StateOf(
            new RoundtableStarted(Coach.UserId),
            new ParticipantJoined(Lena.UserId, Lena.DisplayName, Lena.Role),
            new ParticipantJoined(Max.UserId, Max.DisplayName, Max.Role),
            new MessagePosted(Lena.UserId, Lena.DisplayName, "first", "<p>first</p>", "same-id"));

        var decision = _decider.Decide(state, Max, new PostMessage("mine", "same-id"));
        Assert.IsType<MessagePosted>(Assert.Single(decision.Events));
    }

    [Fact]
    public void JoiningAppendsAParticipantJoined()
    {
        var decision = _decider.Decide(LiveRoomWith(Coach), Lena, new JoinRoom());
        Assert.Equal(new ParticipantJoined("lena", "Lena", RoomRole.Learner), Assert.Single(decision.Events));
    }

    [Fact]
    public void JoinOfAnAlreadyPresentParticipantAppendsNothing()
    {
        var decision = _decider.Decide(LiveRoomWith(Lena), Lena, new JoinRoom());
        Assert.True(decision.Accepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void JoinOfAnEndedRoomAppendsNothing()
    {
        var decision = _decider.Decide(EndedRoom(), Lena, new JoinRoom());
        Assert.True(decision.Accepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void LeavingWhenPresentAppendsParticipantLeftAndWhenAbsentNothing()
    {
        var leave = _decider.Decide(LiveRoomWith(Lena), Lena, new LeaveRoom(LeaveReason.Disconnected));
        Assert.Equal(new ParticipantLeft("lena", "Lena", LeaveReason.Disconnected), Assert.Single(leave.Events));

        var again = _decider.Decide(LiveRoomWith(Coach), Lena, new LeaveRoom(LeaveReason.Left));
        Assert.True(again.Accepted);
        Assert.Empty(again.Events);
    }
}
