namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    private static Decision? DecideSpeakingQueue(RoomState state, Actor actor, RoomCommand command)
    {
        if (command is not (RaiseHand or LowerHand or GiveFloor or TakeFloor or ClearQueue))
        {
            return null;
        }
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its speaking queue is closed.");
        }
        return command switch
        {
            RaiseHand => Raise(state, actor),
            LowerHand => state.HasRaisedHand(actor.UserId)
                ? Decision.Accept(new HandLowered(actor.UserId, actor.DisplayName))
                : Decision.AlreadyDone(),
            GiveFloor give => Give(state, actor, give),
            TakeFloor => !actor.CanFacilitate
                ? Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can take back the floor.")
                : state.Speaker is { } speaker
                    ? Decision.Accept(new FloorTaken(speaker.UserId, speaker.DisplayName, actor.UserId))
                    : Decision.AlreadyDone(),
            _ => !actor.CanFacilitate
                ? Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can clear the speaking queue.")
                : state.SpeakingQueue.Count > 0
                    ? Decision.Accept(new QueueCleared(actor.UserId))
                    : Decision.AlreadyDone(),
        };
    }

    private static Decision Raise(RoomState state, Actor actor)
    {
        if (!state.IsPresent(actor.UserId))
        {
            return Decision.Reject(Rejection.NotInRoom, "Join the roundtable before raising your hand.");
        }
        return state.HasRaisedHand(actor.UserId)
            ? Decision.AlreadyDone()
            : Decision.Accept(new HandRaised(actor.UserId, actor.DisplayName));
    }

    private static Decision Give(RoomState state, Actor actor, GiveFloor give)
    {
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can give the floor.");
        }
        var queue = state.SpeakingQueue;
        if (queue.Count == 0)
        {
            return Decision.Reject(Rejection.NotInQueue, "Nobody is waiting to speak.");
        }
        var next = give.UserId is null ? queue[0] : queue.FirstOrDefault(h => h.UserId == give.UserId);
        return next is null
            ? Decision.Reject(Rejection.NotInQueue, "That person is not in the speaking queue (any more).")
            : Decision.Accept(new FloorGiven(next.UserId, next.DisplayName, actor.UserId));
    }
}
