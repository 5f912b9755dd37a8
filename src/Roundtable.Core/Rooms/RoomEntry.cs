namespace Roundtable.Core.Rooms;

/// <summary>What keeps someone out of a room who is otherwise allowed in (a member of its cohort, or an admin).</summary>
public enum EntryBar
{
    /// <summary>The coach removed them; until readmitted, nothing of the room is theirs.</summary>
    Removed,

    /// <summary>A learner of another breakout group, while the groups are open.</summary>
    OtherGroup,

    /// <summary>New to a locked room and not let in: they may only ask to join, and wait.</summary>
    MustWait,
}

public sealed record EntryRefusal(EntryBar Bar, string Reason);

/// <summary>
/// The room's own part of "may this person see and act in this room now?". Join, catch-up, every command (through
/// <see cref="RoomDecider"/>), the transcript, the notes and the summary all ask here, so a person kept out at the door
/// is kept out of every other way in. Staff are never kept out, so a coach may visit every group.
/// </summary>
public static class RoomEntry
{
    public static EntryRefusal? Check(RoomState state, Actor actor)
    {
        if (state.IsRemoved(actor.UserId))
        {
            return new EntryRefusal(EntryBar.Removed, RoomDecider.RemovedMessage);
        }
        if (state.BreakoutRoom is { Closed: false } group && actor.Role == RoomRole.Learner && !group.IsMember(actor.UserId))
        {
            return new EntryRefusal(EntryBar.OtherGroup, $"You are not in {group.GroupName}; the main roundtable shows your group.");
        }
        return MustWait(state, actor) ? new EntryRefusal(EntryBar.MustWait, RoomDecider.WaitingMessage) : null;
    }

    /// <summary>Locked, still running, and the caller is neither staff, nor present, nor let in since the lock.</summary>
    public static bool MustWait(RoomState state, Actor actor) =>
        state.IsLocked && state.Status != RoomStatus.Ended && !actor.CanFacilitate && !state.IsPresent(actor.UserId) && !state.IsAdmitted(actor.UserId);
}

public sealed partial class RoomDecider
{
    /// <summary>
    /// <see cref="RoomEntry"/> for every command, under the room's gate: only leaving is always allowed; someone
    /// waiting may still ask to join; and the server's own bookkeeping in a group's room (recording a learner's move
    /// into it) is not a visit.
    /// </summary>
    private static Decision? CheckEntryRules(RoomState state, Actor actor, RoomCommand command)
    {
        if (command is LeaveRoom || RoomEntry.Check(state, actor) is not { } refusal)
        {
            return null;
        }
        var exempt = refusal.Bar switch
        {
            EntryBar.MustWait => command is Rooms.AskToJoin or OpenBreakoutRoom or FollowBreakoutParent or CloseBreakoutRoom,
            EntryBar.OtherGroup => command is OpenBreakoutRoom or FollowBreakoutParent or CloseBreakoutRoom,
            _ => false,
        };
        return exempt ? null : Decision.Reject(Rejection.NotAllowed, refusal.Reason);
    }
}
