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
/// <see cref="EntryFeature"/>), the transcript, the notes and the summary all ask here, so a person kept out at the door
/// is kept out of every other way in. Staff are never kept out, so a coach may visit every group.
/// </summary>
public static class RoomEntry
{
    public static EntryRefusal? Check(RoomState state, Actor actor)
    {
        if (state.Feature<ModerationState>().IsRemoved(actor.UserId))
        {
            return new EntryRefusal(EntryBar.Removed, ModerationFeature.RemovedMessage);
        }
        if (state.Feature<BreakoutsState>().BreakoutRoom is { Closed: false } group && actor.Role == RoomRole.Learner && !group.IsMember(actor.UserId))
        {
            return new EntryRefusal(EntryBar.OtherGroup, $"You are not in {group.GroupName}; the main roundtable shows your group.");
        }
        return MustWait(state, actor) ? new EntryRefusal(EntryBar.MustWait, ModerationFeature.WaitingMessage) : null;
    }

    /// <summary>Locked, still running, and the caller is neither staff, nor present, nor let in since the lock.</summary>
    public static bool MustWait(RoomState state, Actor actor)
    {
        var moderation = state.Feature<ModerationState>();
        return moderation.IsLocked && state.Status != RoomStatus.Ended && !actor.CanFacilitate && !state.IsPresent(actor.UserId)
            && !moderation.IsAdmitted(actor.UserId);
    }
}
