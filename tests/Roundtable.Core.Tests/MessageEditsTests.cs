using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class MessageEditsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Viewer Learners = new(RoomAudience.Participants, "liam");

    /// <summary>A live room with the coach, Lena and Liam; Lena's message "first **try**" sent at T0.</summary>
    private static (FeatureTestRoom Room, FakeTimeProvider Clock, long Seq) Posted()
    {
        var clock = new FakeTimeProvider(T0);
        var room = new FeatureTestRoom(clock, Coach, Lena, Liam);
        room.Run(Lena, new PostMessage("first **try**", "c1"));
        return (room, clock, room.LastSeq);
    }

    private static ChatMessage Message(FeatureTestRoom room, long seq) => Message(room.State, seq);

    private static ChatMessage Message(RoomState state, long seq) => state.FindMessage(seq)!;

    [Fact]
    public void AuthorEditsTheirMessageWithinTheWindowAndTheRoomShowsTheLatestTextMarkedEdited()
    {
        var (room, clock, seq) = Posted();
        clock.Advance(TimeSpan.FromMinutes(4));

        var edited = Assert.IsType<MessageEdited>(Assert.Single(room.Run(Lena, new EditMessage(seq, "second **try** [x](javascript:alert(1))")).Events));

        Assert.Equal((seq, "lena"), (edited.MessageSeq, edited.UserId));
        Assert.Contains("<strong>try</strong>", edited.Html);
        Assert.DoesNotContain("javascript", edited.Html);
        var message = Message(room, seq);
        Assert.Equal(("second **try** [x](javascript:alert(1))", edited.Html, T0.AddMinutes(4)), (message.Markdown, message.Html, message.EditedAt));
        var recent = Assert.Single(room.State.ToSnapshot(10, Learners).RecentMessages);
        Assert.Equal((edited.Html, T0.AddMinutes(4)), (recent.Html, recent.EditedAt));
        Assert.Equal(message, Message(room.Replayed(), seq));
    }

    [Fact]
    public void AuthorDeletesTheirMessageAndNobodyGetsItsTextAgain()
    {
        var (room, _, seq) = Posted();
        room.Run(Coach, new PinMessage(seq));

        Assert.IsType<MessageDeleted>(Assert.Single(room.Run(Lena, new DeleteMessage(seq)).Events));

        foreach (var viewer in new[] { Viewer.Staff, Learners })
        {
            var recent = Assert.Single(room.State.ToSnapshot(10, viewer).RecentMessages);
            Assert.Equal((true, "", ""), (recent.Deleted, recent.Markdown, recent.Html));
            var posted = Assert.IsType<MessagePosted>(room.State.View(room.Log[(int)seq - 1], viewer));
            Assert.Equal(("", ""), (posted.Markdown, posted.Html));
            Assert.Empty(room.State.ToSnapshot(10, viewer).Part<ModerationSnapshot>()!.Moderation.Pinned);
        }
        Assert.True(Message(room.Replayed(), seq).Deleted);
    }

    [Fact]
    public void AnEditOfAMessageDeletedSinceReachesNobodyWhoCatchesUp()
    {
        var (room, _, seq) = Posted();
        room.Run(Lena, new EditMessage(seq, "changed"));
        var editSeq = room.LastSeq;
        room.Run(Lena, new DeleteMessage(seq));

        var edit = Assert.IsType<MessageEdited>(room.State.View(room.Log[(int)editSeq - 1], Viewer.Staff));
        Assert.Equal(("", ""), (edit.Markdown, edit.Html));
    }

    [Fact]
    public void AnEditOfAMessageHiddenSinceReachesOnlyStaff()
    {
        var (room, _, seq) = Posted();
        room.Run(Lena, new EditMessage(seq, "changed"));
        var editSeq = room.LastSeq;
        room.Run(Coach, new HideMessage(seq));

        Assert.Equal("", Assert.IsType<MessageEdited>(room.State.View(room.Log[(int)editSeq - 1], Learners)).Markdown);
        Assert.Equal("changed", Assert.IsType<MessageEdited>(room.State.View(room.Log[(int)editSeq - 1], Viewer.Staff)).Markdown);
    }

    [Fact]
    public void ChangesAreRefusedAfterTheWindowWithHowLongItIs()
    {
        var (room, clock, seq) = Posted();
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var edit = room.Decide(Lena, new EditMessage(seq, "too late"));
        AssertRejected(edit, ChatRejections.EditWindowOver);
        Assert.Equal("Messages can be changed only within 5 minutes of sending; this one was sent 5 minutes ago.", edit.Reason);
        AssertRejected(room.Decide(Lena, new DeleteMessage(seq)), ChatRejections.EditWindowOver);
    }

    [Fact]
    public void TheWindowIsTheDeploymentsToSet()
    {
        var (room, clock, seq) = Posted();
        var decider = new RoomDecider(new MarkdownRenderer(), clock, new ChatRules(TimeSpan.FromSeconds(30)));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(decider.Decide(room.State, Lena, new EditMessage(seq, "in time")).Accepted);

        clock.Advance(TimeSpan.FromSeconds(11));
        var late = decider.Decide(room.State, Lena, new EditMessage(seq, "late"));
        AssertRejected(late, ChatRejections.EditWindowOver);
        Assert.Contains("within 30 seconds", late.Reason);
    }

    [Fact]
    public void NobodyChangesSomeoneElsesMessageNotEvenTheCoach()
    {
        var (room, _, seq) = Posted();
        foreach (var other in new[] { Liam, Coach })
        {
            var edit = room.Decide(other, new EditMessage(seq, "mine now"));
            AssertRejected(edit, Rejection.NotAllowed);
            Assert.Equal("You can only edit your own messages.", edit.Reason);
            AssertRejected(room.Decide(other, new DeleteMessage(seq)), Rejection.NotAllowed);
        }
    }

    [Fact]
    public void AHiddenOrDeletedMessageStaysAsItIs()
    {
        var (room, _, seq) = Posted();
        room.Run(Coach, new HideMessage(seq));
        var hidden = room.Decide(Lena, new EditMessage(seq, "let me fix it"));
        AssertRejected(hidden, ChatRejections.MessageHidden);
        Assert.Equal(ModerationFeature.HiddenMessageUnchangeable, hidden.Reason);
        AssertRejected(room.Decide(Lena, new DeleteMessage(seq)), ChatRejections.MessageHidden);

        room.Run(Lena, new PostMessage("another", null));
        var other = room.LastSeq;
        room.Run(Lena, new DeleteMessage(other));
        AssertRejected(room.Decide(Lena, new EditMessage(other, "back")), ChatRejections.MessageDeleted);
        AssertRejected(room.Decide(Lena, new DeleteMessage(other)), ChatRejections.MessageDeleted);
    }

    [Fact]
    public void MutedLearnersAndLearnersWithChatOffCannotChangeTheirMessages()
    {
        var (room, _, seq) = Posted();
        room.Run(Coach, new MuteParticipant(Lena.UserId));
        Assert.Equal(ModerationFeature.MutedMessage, room.Decide(Lena, new EditMessage(seq, "x")).Reason);
        Assert.Equal(ModerationFeature.MutedMessage, room.Decide(Lena, new DeleteMessage(seq)).Reason);

        room.Run(Coach, new UnmuteParticipant(Lena.UserId));
        room.Run(Coach, new SetLearnerChat(false));
        Assert.Equal(ModerationFeature.LearnerChatOffMessage, room.Decide(Lena, new EditMessage(seq, "x")).Reason);
        Assert.Equal(ModerationFeature.LearnerChatOffMessage, room.Decide(Lena, new DeleteMessage(seq)).Reason);
    }

    [Fact]
    public void AnEditIsCheckedAsASentMessageIs()
    {
        var (room, _, seq) = Posted();
        AssertRejected(room.Decide(Lena, new EditMessage(seq, "  ")), Rejection.EmptyMessage);
        var tooLarge = room.Decide(Lena, new EditMessage(seq, new string('a', RoomLimits.MaxMessageBytes + 1)));
        AssertRejected(tooLarge, Rejection.MessageTooLarge);
        Assert.Contains("the limit is 8 KB. Nothing was changed.", tooLarge.Reason);
        AssertRejected(room.Decide(Lena, new EditMessage(999, "x")), Rejection.InvalidArgument);
        AssertAlreadyDone(room.Decide(Lena, new EditMessage(seq, "first **try**")));
    }

    [Fact]
    public void AnEndedRoomsChatStaysAsItWas()
    {
        var (room, _, seq) = Posted();
        room.Run(Coach, new EndRoundtable());
        AssertRejected(room.Decide(Lena, new EditMessage(seq, "after")), Rejection.RoomEnded);
        AssertRejected(room.Decide(Lena, new DeleteMessage(seq)), Rejection.RoomEnded);
    }

    [Fact]
    public void SomeoneWhoLeftCannotChangeWhatTheySaid()
    {
        var (room, _, seq) = Posted();
        room.Run(Lena, new LeaveRoom(LeaveReason.Left));
        AssertRejected(room.Decide(Lena, new EditMessage(seq, "after")), Rejection.NotInRoom);
    }
}
