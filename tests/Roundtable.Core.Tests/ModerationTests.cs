using Roundtable.Core.Events;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.RoomStateTests;

namespace Roundtable.Core.Tests;

public sealed class ModerationTests
{
    private const string RoomId = "room1";
    private static readonly Actor Coach = new("coach", "Cora", RoomRole.Coach);
    private static readonly Actor Admin = new("admin", "Ada", RoomRole.Admin);
    private static readonly Actor Lena = new("lena", "Lena", RoomRole.Learner);
    private static readonly Actor Liam = new("liam", "Liam", RoomRole.Learner);
    private static readonly Actor Max = new("max", "Max", RoomRole.Manager);
    private static readonly Viewer Learners = new(RoomAudience.Participants, "liam");

    private readonly RoomDecider _decider = new(new MarkdownRenderer());

    private static DomainEvent Joined(Actor a) => new ParticipantJoined(a.UserId, a.DisplayName, a.Role);

    /// <summary>A live room with the coach, Lena and Max present, and Lena's message at seq 5.</summary>
    private static List<DomainEvent> Room() =>
        [new RoundtableStarted("coach"), Joined(Coach), Joined(Lena), Joined(Max), new MessagePosted("lena", "Lena", "**secret**", "<p><strong>secret</strong></p>", null)];

    private static RoomState StateOf(IEnumerable<DomainEvent> events) => RoomState.Fold(RoomId, Numbered([.. events]));

    private Decision Decide(IEnumerable<DomainEvent> events, Actor actor, RoomCommand command) => _decider.Decide(StateOf(events), actor, command);

    private static T Single<T>(Decision decision) where T : DomainEvent
    {
        Assert.True(decision.Accepted, decision.Reason);
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    private static void AssertRejected(Decision decision, Rejection rejection, string? reason = null)
    {
        Assert.False(decision.Accepted);
        Assert.Equal(rejection, decision.Rejection);
        Assert.Empty(decision.Events);
        if (reason is not null)
        {
            Assert.Equal(reason, decision.Reason);
        }
    }

    public static TheoryData<RoomCommand> StaffCommands => new()
    {
        new MuteParticipant("lena"), new UnmuteParticipant("lena"), new RemoveParticipant("lena"), new ReadmitParticipant("lena"),
        new HideMessage(5), new UnhideMessage(5), new PinMessage(5), new UnpinMessage(5), new LockRoom(), new UnlockRoom(),
        new AdmitParticipant("liam"), new DeclineParticipant("liam"), new SetLearnerChat(false), new SetNotesEditing(false),
    };

    [Theory]
    [MemberData(nameof(StaffCommands))]
    public void LearnersAndManagersCannotModerate(RoomCommand command)
    {
        AssertRejected(Decide(Room(), Lena, command), Rejection.NotAllowed);
        AssertRejected(Decide(Room(), Max, command), Rejection.NotAllowed);
    }

    [Fact]
    public void MutedLearnerCannotPostUntilUnmuted()
    {
        var events = Room();
        events.Add(Single<ParticipantMuted>(Decide(events, Coach, new MuteParticipant("lena"))));
        Assert.True(StateOf(events).Feature<ModerationState>().IsMuted("lena"));
        AssertRejected(Decide(events, Lena, new PostMessage("hi", null)), Rejection.NotAllowed, ModerationFeature.MutedMessage);
        Assert.True(Decide(events, Max, new PostMessage("hi", null)).Accepted);
        Assert.Empty(Decide(events, Admin, new MuteParticipant("lena")).Events);

        events.Add(Single<ParticipantUnmuted>(Decide(events, Admin, new UnmuteParticipant("lena"))));
        Assert.True(Decide(events, Lena, new PostMessage("hi", null)).Accepted);
    }

    [Fact]
    public void StaffAndAbsentPeopleCannotBeMutedOrRemoved()
    {
        AssertRejected(Decide(Room(), Coach, new MuteParticipant("coach")), Rejection.NotAllowed);
        AssertRejected(Decide([.. Room(), Joined(Admin)], Coach, new RemoveParticipant("admin")), Rejection.NotAllowed);
        AssertRejected(Decide(Room(), Coach, new MuteParticipant("liam")), Rejection.InvalidArgument);
        AssertRejected(Decide(Room(), Coach, new RemoveParticipant("nobody")), Rejection.InvalidArgument);
    }

    [Fact]
    public void RemovedLearnerLeavesAndEveryCommandOfTheirsIsRefusedUntilReadmitted()
    {
        var events = Room();
        var decision = Decide(events, Coach, new RemoveParticipant("lena"));
        Assert.Collection(decision.Events, e => Assert.IsType<ParticipantRemoved>(e), e => Assert.IsType<ParticipantLeft>(e));
        events.AddRange(decision.Events);
        var state = StateOf(events);
        Assert.True(state.Feature<ModerationState>().IsRemoved("lena"));
        Assert.False(state.IsPresent("lena"));
        AssertRejected(_decider.Decide(state, Lena, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.RemovedMessage);
        AssertRejected(_decider.Decide(state, Lena, new PostMessage("back", null)), Rejection.NotAllowed, ModerationFeature.RemovedMessage);
        AssertRejected(_decider.Decide(state, Lena, new AskToJoin()), Rejection.NotAllowed, ModerationFeature.RemovedMessage);
        Assert.True(_decider.Decide(state, Lena, new LeaveRoom(LeaveReason.Left)).Accepted);

        events.Add(Single<ParticipantReadmitted>(Decide(events, Coach, new ReadmitParticipant("lena"))));
        Single<ParticipantJoined>(Decide(events, Lena, new JoinRoom()));
    }

    [Fact]
    public void HiddenMessageIsEmptyForLearnersInEventsAndSnapshotsButWholeForStaff()
    {
        var events = Room();
        events.Add(Single<MessageHidden>(Decide(events, Coach, new HideMessage(5))));
        var state = StateOf(events);
        var posted = Numbered([.. events])[4];

        var learnerView = Assert.IsType<MessagePosted>(state.View(posted, Learners));
        Assert.Equal(("", ""), (learnerView.Markdown, learnerView.Html));
        Assert.Equal("**secret**", Assert.IsType<MessagePosted>(state.View(posted, Viewer.Staff)).Markdown);

        var learnerSnapshot = state.ToSnapshot(200, Learners);
        Assert.Equal("", Assert.Single(learnerSnapshot.RecentMessages).Html);
        Assert.Equal([5L], learnerSnapshot.Part<ModerationSnapshot>()!.Moderation!.Hidden);
        Assert.Equal("**secret**", Assert.Single(state.ToSnapshot(200, Viewer.Staff).RecentMessages).Markdown);
        Assert.Empty(Decide(events, Coach, new HideMessage(5)).Events);
    }

    [Fact]
    public void UnhidingCarriesTheMessageBackToLearners()
    {
        var events = Room();
        events.Add(new MessageHidden(5, "coach"));
        events.Add(Single<MessageUnhidden>(Decide(events, Coach, new UnhideMessage(5))));
        var state = StateOf(events);
        var stored = Numbered([.. events]);
        Assert.Equal("<p><strong>secret</strong></p>", Assert.IsType<MessageUnhidden>(state.View(stored[^1], Learners)).Html);
        Assert.Equal("**secret**", Assert.IsType<MessagePosted>(state.View(stored[4], Learners)).Markdown);
    }

    [Fact]
    public void HideAndPinNeedAnExistingMessage()
    {
        AssertRejected(Decide(Room(), Coach, new HideMessage(3)), Rejection.InvalidArgument);
        AssertRejected(Decide(Room(), Coach, new PinMessage(99)), Rejection.InvalidArgument);
    }

    [Fact]
    public void PinnedMessagesAreInEverySnapshotInPinOrder()
    {
        var events = Room();
        events.Add(new MessagePosted("coach", "Cora", "agenda", "<p>agenda</p>", null));
        events.Add(Single<MessagePinned>(Decide(events, Coach, new PinMessage(6))));
        events.Add(Single<MessagePinned>(Decide(events, Coach, new PinMessage(5))));
        Assert.Equal([6L, 5L], StateOf(events).ToSnapshot(200, Learners).Part<ModerationSnapshot>()!.Moderation!.Pinned.Select(m => m.Seq));
        events.Add(Single<MessageUnpinned>(Decide(events, Coach, new UnpinMessage(6))));
        Assert.Equal([5L], StateOf(events).ToSnapshot(200, Learners).Part<ModerationSnapshot>()!.Moderation!.Pinned.Select(m => m.Seq));
    }

    [Fact]
    public void LockedRoomKeepsNewLearnersWaitingUntilAdmitted()
    {
        var events = Room();
        events.Add(Single<RoomLocked>(Decide(events, Coach, new LockRoom())));
        AssertRejected(Decide(events, Liam, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.WaitingMessage);
        // Present when locked: in; staff: in.
        Assert.True(Decide(events, Lena, new JoinRoom()).Accepted);
        Single<ParticipantJoined>(Decide(events, Admin, new JoinRoom()));

        events.Add(Single<ParticipantWaiting>(Decide(events, Liam, new AskToJoin())));
        Assert.Empty(Decide(events, Liam, new AskToJoin()).Events);
        Assert.Equal(["liam"], StateOf(events).ToSnapshot(200, Viewer.Staff).Part<ModerationSnapshot>()!.Moderation!.Waiting.Select(p => p.UserId));
        Assert.Empty(StateOf(events).ToSnapshot(200, Learners).Part<ModerationSnapshot>()!.Moderation!.Waiting);

        events.Add(Single<ParticipantAdmitted>(Decide(events, Coach, new AdmitParticipant("liam"))));
        Single<ParticipantJoined>(Decide(events, Liam, new JoinRoom()));
        AssertRejected(Decide(events, Coach, new AdmitParticipant("liam")), Rejection.InvalidArgument);
    }

    [Fact]
    public void DeclinedPersonLeavesTheWaitingListAndUnlockingLetsEveryoneIn()
    {
        var events = Room();
        events.Add(new RoomLocked("coach"));
        events.Add(new ParticipantWaiting("liam", "Liam"));
        events.Add(Single<ParticipantDeclined>(Decide(events, Coach, new DeclineParticipant("liam"))));
        Assert.Empty(StateOf(events).Feature<ModerationState>().Waiting);
        AssertRejected(Decide(events, Liam, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.WaitingMessage);

        events.Add(new ParticipantWaiting("liam", "Liam"));
        var unlock = Decide(events, Coach, new UnlockRoom());
        Assert.Collection(unlock.Events, e => Assert.IsType<ParticipantAdmitted>(e), e => Assert.IsType<RoomUnlocked>(e));
        events.AddRange(unlock.Events);
        Assert.False(StateOf(events).Feature<ModerationState>().IsLocked);
        Single<ParticipantJoined>(Decide(events, Liam, new JoinRoom()));
    }

    [Fact]
    public void LearnersChatOffRefusesLearnersAndManagersButNotCoaches()
    {
        var events = Room();
        events.Add(Single<LearnerChatChanged>(Decide(events, Coach, new SetLearnerChat(false))));
        AssertRejected(Decide(events, Lena, new PostMessage("hi", null)), Rejection.NotAllowed, ModerationFeature.LearnerChatOffMessage);
        AssertRejected(Decide(events, Max, new PostMessage("hi", null)), Rejection.NotAllowed);
        Assert.True(Decide(events, Coach, new PostMessage("hi", null)).Accepted);
        Assert.Empty(Decide(events, Coach, new SetLearnerChat(false)).Events);
        Assert.True(StateOf(events).ToSnapshot(200, Learners).Part<ModerationSnapshot>()!.Moderation!.LearnerChatLocked);
    }

    [Fact]
    public void NotesEditingSettingIsFoldedAndExposed()
    {
        var events = Room();
        events.Add(Single<NotesEditingChanged>(Decide(events, Coach, new SetNotesEditing(false))));
        Assert.True(StateOf(events).Feature<ModerationState>().NotesLocked);
        events.Add(Single<NotesEditingChanged>(Decide(events, Coach, new SetNotesEditing(true))));
        Assert.False(StateOf(events).Feature<ModerationState>().NotesLocked);
    }

    [Fact]
    public void AfterTheEndOnlyHidingIsLeft()
    {
        var events = Room();
        events.Add(new RoundtableEnded("coach"));
        AssertRejected(Decide(events, Coach, new LockRoom()), Rejection.RoomEnded);
        Single<MessageHidden>(Decide(events, Coach, new HideMessage(5)));
    }

    [Fact]
    public void LockHoldsAgainstALearnerAdmittedEarlierInTheSessionWhoHasLeft()
    {
        var events = Room();
        events.Add(new RoomLocked("coach"));
        events.Add(new ParticipantWaiting("liam", "Liam"));
        events.Add(Single<ParticipantAdmitted>(Decide(events, Coach, new AdmitParticipant("liam"))));
        events.Add(Single<ParticipantJoined>(Decide(events, Liam, new JoinRoom())));
        events.AddRange(Decide(events, Coach, new UnlockRoom()).Events);
        events.Add(Single<ParticipantLeft>(Decide(events, Liam, new LeaveRoom(LeaveReason.Left))));

        events.Add(Single<RoomLocked>(Decide(events, Coach, new LockRoom())));

        Assert.True(RoomEntry.MustWait(StateOf(events), Liam));
        AssertRejected(Decide(events, Liam, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.WaitingMessage);
        Single<ParticipantWaiting>(Decide(events, Liam, new AskToJoin()));
    }

    [Fact]
    public void LeavingALockedRoomUsesUpTheLettingInWhileStayingKeepsIt()
    {
        var events = Room();
        events.Add(Single<RoomLocked>(Decide(events, Coach, new LockRoom())));
        // Present when it locked (a dropped connection that comes back within the grace period never left): still in.
        Assert.Empty(Decide(events, Lena, new JoinRoom()).Events);
        Assert.True(Decide(events, Lena, new PostMessage("still here", null)).Accepted);

        events.Add(Single<ParticipantLeft>(Decide(events, Lena, new LeaveRoom(LeaveReason.Left))));
        AssertRejected(Decide(events, Lena, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.WaitingMessage);

        // Admitted once: in once; gone again, waits again.
        events.Add(new ParticipantWaiting("lena", "Lena"));
        events.Add(Single<ParticipantAdmitted>(Decide(events, Coach, new AdmitParticipant("lena"))));
        events.Add(Single<ParticipantJoined>(Decide(events, Lena, new JoinRoom())));
        events.Add(new ParticipantLeft("lena", "Lena", LeaveReason.Disconnected));
        AssertRejected(Decide(events, Lena, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.WaitingMessage);
    }

    [Fact]
    public void ReadmittedBeforeTheLockWaitsLikeEveryoneNotInTheRoom()
    {
        var events = Room();
        events.AddRange(Decide(events, Coach, new RemoveParticipant("lena")).Events);
        events.Add(Single<ParticipantReadmitted>(Decide(events, Coach, new ReadmitParticipant("lena"))));
        events.Add(Single<RoomLocked>(Decide(events, Coach, new LockRoom())));
        AssertRejected(Decide(events, Lena, new JoinRoom()), Rejection.NotAllowed, ModerationFeature.WaitingMessage);

        // Readmitted while locked: the coach wants them back, so they come straight in.
        events.Add(new ParticipantRemoved("lena", "Lena", "coach"));
        events.Add(Single<ParticipantReadmitted>(Decide(events, Coach, new ReadmitParticipant("lena"))));
        Single<ParticipantJoined>(Decide(events, Lena, new JoinRoom()));
    }

    [Fact]
    public void MutedLearnerCannotAskQuestionsButMayStillUpvote()
    {
        var events = Room();
        events.Add(Single<QuestionAsked>(Decide(events, Max, new AskQuestion("Why?", false))));
        var questionId = events.Count;
        events.Add(Single<ParticipantMuted>(Decide(events, Coach, new MuteParticipant("lena"))));

        AssertRejected(Decide(events, Lena, new AskQuestion("Me too?", false)), Rejection.NotAllowed, ModerationFeature.MutedQuestionMessage);
        Single<QuestionUpvoted>(Decide(events, Lena, new UpvoteQuestion(questionId, true)));
        Assert.True(Decide(events, Max, new AskQuestion("And?", false)).Accepted);

        events.Add(Single<ParticipantUnmuted>(Decide(events, Coach, new UnmuteParticipant("lena"))));
        Assert.True(Decide(events, Lena, new AskQuestion("Me too?", false)).Accepted);
    }

    [Fact]
    public void WhatHappensToOnePersonIsForStaffAndThatPersonOnly()
    {
        var events = Room();
        events.Add(Single<ParticipantMuted>(Decide(events, Coach, new MuteParticipant("lena"))));
        events.Add(Single<ParticipantUnmuted>(Decide(events, Coach, new UnmuteParticipant("lena"))));
        events.Add(Single<ParticipantMuted>(Decide(events, Coach, new MuteParticipant("lena"))));
        events.AddRange(Decide(events, Coach, new RemoveParticipant("max")).Events);
        events.Add(Single<ParticipantReadmitted>(Decide(events, Coach, new ReadmitParticipant("max"))));
        var stored = Numbered([.. events]);
        var state = StateOf(events);
        var lena = new Viewer(RoomAudience.Participants, "lena");
        var max = new Viewer(RoomAudience.Participants, "max");

        foreach (var notice in stored.Skip(5).Where(e => e.Event is not ParticipantLeft))
        {
            var concerned = state.ConcernedPerson(notice);
            Assert.True(concerned is "lena" or "max");
            var other = concerned == "lena" ? max : lena;
            Assert.Same(notice.Event, state.View(notice, Viewer.Staff));
            Assert.Same(notice.Event, state.View(notice, new Viewer(RoomAudience.Participants, concerned)));
            foreach (var outsider in new[] { other, Viewer.Participants })
            {
                var view = state.View(notice, outsider);
                Assert.Equal(notice.Event.GetType(), view.GetType());
                Assert.DoesNotContain(concerned == "lena" ? "Lena" : "Max", EventSerializer.Serialize(view), StringComparison.Ordinal);
                Assert.DoesNotContain($"\"{concerned}\"", EventSerializer.Serialize(view), StringComparison.Ordinal);
            }
        }
        Assert.Null(state.ConcernedPerson(stored[0]));

        Assert.Equal(["lena"], state.ToSnapshot(200, Viewer.Staff).Part<ModerationSnapshot>()!.Moderation.Muted);
        Assert.Equal(["lena"], state.ToSnapshot(200, lena).Part<ModerationSnapshot>()!.Moderation.Muted);
        Assert.Empty(state.ToSnapshot(200, max).Part<ModerationSnapshot>()!.Moderation.Muted);
    }
}
