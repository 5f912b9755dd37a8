namespace Roundtable.Core.Rooms;

/// <summary>The entry rules as a feature: no state and no commands of its own, only its veto on everyone else's.</summary>
public sealed class EntryFeature : RoomFeature<EntryFeature.None, RoomCommand>
{
    /// <summary>The entry rules keep nothing of their own: they read moderation's and breakouts' state.</summary>
    public sealed class None
    {
        internal static readonly None Instance = new();
    }

    protected override None NewState(RoomState room) => None.Instance;

    /// <summary>What an observer is told when they try to take part.</summary>
    public const string ObserverRefusal = "You are observing this cohort: you can watch and read, but not take part.";

    /// <summary>
    /// <see cref="RoomEntry"/> for every command, under the room's gate: only leaving is always allowed; someone
    /// waiting may still ask to join; and the server's own bookkeeping in a group's room (recording a learner's move
    /// into it) is not a visit.
    /// </summary>
    public override Decision? Veto(RoomState room, Actor actor, RoomCommand command)
    {
        // The one rule for observers: they join, watch and read (catch-up is not a command); they change nothing.
        if (actor.Role == RoomRole.Observer && command is not (JoinRoom or LeaveRoom))
        {
            return Decision.Reject(Rejection.NotAllowed, ObserverRefusal);
        }
        if (command is LeaveRoom || RoomEntry.Check(room, actor) is not { } refusal)
        {
            return null;
        }
        var exempt = refusal.Bar switch
        {
            EntryBar.MustWait => command is AskToJoin or OpenBreakoutRoom or FollowBreakoutParent or CloseBreakoutRoom,
            EntryBar.OtherGroup => command is OpenBreakoutRoom or FollowBreakoutParent or CloseBreakoutRoom,
            _ => false,
        };
        return exempt ? null : Decision.Reject(Rejection.NotAllowed, refusal.Reason);
    }
}
