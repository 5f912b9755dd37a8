using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class SpeakingQueueTests
{
    private static string[] QueueOf(RoomState state) => state.Feature<SpeakingQueueState>().Queue.Select(h => h.UserId).ToArray();

    [Fact]
    public void HandsQueueInOrderOfRaisingAndLoweringLeavesTheQueue()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam, Noor);
        room.Run(Liam, new RaiseHand());
        room.Run(Lena, new RaiseHand());
        room.Run(Noor, new RaiseHand());
        Assert.Equal(["liam", "lena", "noor"], QueueOf(room.State));

        room.Run(Lena, new LowerHand());
        room.Run(Lena, new RaiseHand());
        Assert.Equal(["liam", "noor", "lena"], QueueOf(room.State));
        Assert.Equal(QueueOf(room.State), QueueOf(room.Replayed()));
    }

    [Fact]
    public void RaisingTwiceOrLoweringWithoutAHandChangesNothing()
    {
        var room = new FeatureTestRoom(Lena);
        room.Run(Lena, new RaiseHand());
        AssertAlreadyDone(room.Decide(Lena, new RaiseHand()));
        room.Run(Lena, new LowerHand());
        AssertAlreadyDone(room.Decide(Lena, new LowerHand()));
    }

    [Fact]
    public void OnlyPresentParticipantsRaiseHands()
    {
        var room = new FeatureTestRoom(Coach);
        AssertRejected(room.Decide(Lena, new RaiseHand()), Rejection.NotInRoom);
    }

    [Fact]
    public void CoachGivesTheFloorToTheNextThenToAnyoneQueuedAndTheyLeaveTheQueue()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam, Noor);
        room.Run(Lena, new RaiseHand());
        room.Run(Liam, new RaiseHand());
        room.Run(Noor, new RaiseHand());

        var next = Assert.IsType<FloorGiven>(Assert.Single(room.Run(Coach, new GiveFloor(null)).Events));
        Assert.Equal(("lena", "Lena", "coach"), (next.UserId, next.DisplayName, next.ByUserId));
        Assert.Equal("lena", room.State.Feature<SpeakingQueueState>().Speaker?.UserId);
        Assert.Equal(["liam", "noor"], QueueOf(room.State));

        room.Run(Coach, new GiveFloor("noor"));
        Assert.Equal("noor", room.State.Feature<SpeakingQueueState>().Speaker?.UserId);
        Assert.Equal(["liam"], QueueOf(room.State));

        room.Run(Admin, new TakeFloor());
        Assert.Null(room.State.Feature<SpeakingQueueState>().Speaker);
        AssertAlreadyDone(room.Decide(Coach, new TakeFloor()));

        room.Run(Coach, new ClearQueue());
        Assert.Empty(room.State.Feature<SpeakingQueueState>().Queue);
        AssertAlreadyDone(room.Decide(Coach, new ClearQueue()));
        Assert.Null(room.Replayed().Feature<SpeakingQueueState>().Speaker);
    }

    [Fact]
    public void GivingTheFloorNeedsSomeoneInTheQueue()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        AssertRejected(room.Decide(Coach, new GiveFloor(null)), SpeakingQueueRejections.NotInQueue);
        room.Run(Lena, new RaiseHand());
        AssertRejected(room.Decide(Coach, new GiveFloor("liam")), SpeakingQueueRejections.NotInQueue);
    }

    [Theory]
    [InlineData("learner")]
    [InlineData("manager")]
    public void ParticipantsCannotRunTheQueue(string who)
    {
        var actor = who == "learner" ? Lena : Max;
        var room = new FeatureTestRoom(Coach, Lena, Max);
        room.Run(Lena, new RaiseHand());
        room.Run(Coach, new GiveFloor(null));
        room.Run(Lena, new RaiseHand());
        AssertRejected(room.Decide(actor, new GiveFloor(null)), Rejection.NotAllowed);
        AssertRejected(room.Decide(actor, new GiveFloor("lena")), Rejection.NotAllowed);
        AssertRejected(room.Decide(actor, new TakeFloor()), Rejection.NotAllowed);
        AssertRejected(room.Decide(actor, new ClearQueue()), Rejection.NotAllowed);
    }

    [Fact]
    public void LeavingTheRoomLeavesTheQueueAndTheFloorAndComingBackDoesNotRestoreThem()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam, Noor);
        room.Run(Lena, new RaiseHand());
        room.Run(Liam, new RaiseHand());
        room.Run(Noor, new RaiseHand());
        room.Run(Coach, new GiveFloor("noor"));

        room.Append(new ParticipantLeft("lena", "Lena", LeaveReason.Disconnected));
        room.Append(new ParticipantLeft("noor", "Noor", LeaveReason.Left));
        Assert.Equal(["liam"], QueueOf(room.State));
        Assert.Null(room.State.Feature<SpeakingQueueState>().Speaker);
        Assert.Equal("liam", room.Decide(Coach, new GiveFloor(null)).Events.OfType<FloorGiven>().Single().UserId);

        room.Append(new ParticipantJoined("lena", "Lena", RoomRole.Learner));
        room.Append(new ParticipantJoined("noor", "Noor", RoomRole.Learner));
        Assert.Equal(["liam"], QueueOf(room.State));
        Assert.Null(room.State.Feature<SpeakingQueueState>().Speaker);
        Assert.False(room.State.Feature<SpeakingQueueState>().HasRaisedHand("lena"));
        room.Run(Lena, new RaiseHand());
        Assert.Equal(["liam", "lena"], QueueOf(room.State));
        Assert.Equal(QueueOf(room.State), QueueOf(room.Replayed()));
    }

    [Fact]
    public void SnapshotCarriesTheQueueAndTheSpeaker()
    {
        var room = new FeatureTestRoom(Coach, Lena, Liam);
        room.Run(Lena, new RaiseHand());
        room.Run(Liam, new RaiseHand());
        room.Run(Coach, new GiveFloor(null));

        var snapshot = room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "liam"));
        Assert.Equal(["liam"], snapshot.Part<SpeakingQueueSnapshot>()!.SpeakingQueue!.Queue.Select(h => h.UserId));
        Assert.Equal("Lena", snapshot.Part<SpeakingQueueSnapshot>()!.SpeakingQueue.Speaker?.DisplayName);
    }

    [Fact]
    public void AnEndedRoomRefusesQueueCommands()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        room.Run(Lena, new RaiseHand());
        room.Append(new RoundtableEnded("coach"));
        Assert.Empty(room.State.Feature<SpeakingQueueState>().Queue);
        AssertRejected(room.Decide(Lena, new RaiseHand()), Rejection.RoomEnded);
        AssertRejected(room.Decide(Coach, new GiveFloor(null)), Rejection.RoomEnded);
    }
}
