namespace Roundtable.Core.Rooms;

public static class SpeakingQueueRejections
{
    public static readonly Rejection NotInQueue = new(nameof(NotInQueue));
}

/// <summary>The speaking queue: hands raised in order, and the floor a coach gives and takes back.</summary>
public sealed class SpeakingQueueFeature : RoomFeature<SpeakingQueueState, SpeakingQueueCommand, SpeakingQueueSnapshot>
{
    public SpeakingQueueFeature()
    {
        On<HandRaised>((room, s, e, stored) =>
        {
            s.Hands.RemoveAll(h => h.Hand.UserId == e.UserId);
            if (room.PresenceOf(e.UserId) is { } presence)
            {
                s.Hands.Add((new RaisedHand(e.UserId, e.DisplayName, stored.At), presence));
            }
        });
        On<HandLowered>((s, e, _) => s.Hands.RemoveAll(h => h.Hand.UserId == e.UserId));
        On<FloorGiven>((room, s, e, stored) =>
        {
            s.Hands.RemoveAll(h => h.Hand.UserId == e.UserId);
            s.Floor = room.PresenceOf(e.UserId) is { } speaker ? (new RaisedHand(e.UserId, e.DisplayName, stored.At), speaker) : null;
        });
        On<FloorTaken>((s, _, _) => s.Floor = null);
        On<QueueCleared>((s, _, _) => s.Hands.Clear());
    }

    protected override SpeakingQueueState NewState(RoomState room) => new(room);

    protected override SpeakingQueueSnapshot Snapshot(RoomState room, SpeakingQueueState state, Viewer viewer) =>
        new(new SpeakingQueueView(state.Queue, state.Speaker));

    protected override Decision Decide(RoomState room, SpeakingQueueState state, Actor actor, SpeakingQueueCommand command, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its speaking queue is closed.");
        }
        return command switch
        {
            RaiseHand => Raise(room, state, actor),
            LowerHand => state.HasRaisedHand(actor.UserId)
                ? Decision.Accept(new HandLowered(actor.UserId, actor.DisplayName))
                : Decision.AlreadyDone(),
            GiveFloor give => Give(state, actor, give),
            TakeFloor => !actor.CanFacilitate
                ? Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can take back the floor.")
                : state.Speaker is { } speaker
                    ? Decision.Accept(new FloorTaken(speaker.UserId, speaker.DisplayName, actor.UserId))
                    : Decision.AlreadyDone(),
            ClearQueue => !actor.CanFacilitate
                ? Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can clear the speaking queue.")
                : state.Queue.Count > 0
                    ? Decision.Accept(new QueueCleared(actor.UserId))
                    : Decision.AlreadyDone(),
            _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
        };
    }

    private static Decision Raise(RoomState room, SpeakingQueueState state, Actor actor)
    {
        if (!room.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before raising your hand.");
        }
        return state.HasRaisedHand(actor.UserId)
            ? Decision.AlreadyDone()
            : Decision.Accept(new HandRaised(actor.UserId, actor.DisplayName));
    }

    private static Decision Give(SpeakingQueueState state, Actor actor, GiveFloor give)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can give the floor.");
        }
        var queue = state.Queue;
        if (queue.Count == 0)
        {
            return Decision.Reject(SpeakingQueueRejections.NotInQueue, "Nobody is waiting to speak.");
        }
        var next = give.UserId is null ? queue[0] : queue.FirstOrDefault(h => h.UserId == give.UserId);
        return next is null
            ? Decision.Reject(SpeakingQueueRejections.NotInQueue, "That person is not in the speaking queue (any more).")
            : Decision.Accept(new FloorGiven(next.UserId, next.DisplayName, actor.UserId));
    }
}
