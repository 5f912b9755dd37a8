using Roundtable.Core.Matching;

namespace Roundtable.Core.Rooms;

/// <summary>The breakouts' commands, to the main room and to a group's room.</summary>
public abstract record BreakoutCommand : RoomCommand;

/// <summary>
/// How the groups were formed. Random, Manual and Matching groups are formed by the server before the command; Choose
/// opens empty groups that learners pick from while the breakouts are open.
/// </summary>
public enum BreakoutStrategy
{
    Random,
    Manual,
    Choose,

    /// <summary>By the learners' profiles, towards a <see cref="PeerGroupingGoal"/>.</summary>
    Matching,
}

// Commands to the main room.

/// <summary>Opens breakouts with groups already formed (and their rooms already created) for <see cref="Minutes"/>.</summary>
/// <param name="Goal">Matching only: what the groups were matched for.</param>
/// <param name="CountdownSeconds">How long pages count down before they take people to their group, and back.</param>
public sealed record OpenBreakouts(
    BreakoutStrategy Strategy, IReadOnlyList<BreakoutGroup> Groups, int Minutes, PeerGroupingGoal? Goal = null,
    int CountdownSeconds = BreakoutLimits.DefaultCountdownSeconds) : BreakoutCommand;

public sealed record BroadcastToBreakouts(string Markdown) : BreakoutCommand;

/// <summary>Moves someone to the group in room <see cref="ToRoomId"/>; the person's display name comes from the directory.</summary>
public sealed record MoveBreakoutMember(string UserId, string DisplayName, string ToRoomId) : BreakoutCommand;

/// <summary>A learner picks (or changes) their group while the breakouts let people choose.</summary>
public sealed record ChooseBreakoutGroup(string RoomId) : BreakoutCommand;

public sealed record ExtendBreakouts(int Minutes) : BreakoutCommand;

/// <summary>A member of the group in room <see cref="GroupRoomId"/> asks the coach to come and help (sent from the group's room).</summary>
public sealed record AskBreakoutHelp(string GroupRoomId) : BreakoutCommand;

/// <summary>A member of the group withdraws its call for help.</summary>
public sealed record CancelBreakoutHelp(string GroupRoomId) : BreakoutCommand;

/// <summary>The coach has dealt with (or is on the way to) the group's call for help.</summary>
public sealed record HandleBreakoutHelp(string GroupRoomId) : BreakoutCommand;

/// <summary>Brings everyone back with each group's notes (read from the groups' rooms). <see cref="AtDeadline"/>: the timer's close, refused as moot before the end.</summary>
public sealed record CloseBreakouts(IReadOnlyList<BreakoutGroupNotes> Notes, bool AtDeadline) : BreakoutCommand;

// Commands to a group's room, sent by the server after the main room recorded the change, as the same staff actor.

/// <summary>Starts this room as a breakout group of the main room.</summary>
public sealed record OpenBreakoutRoom(
    string ParentId, string ParentTitle, BreakoutGroup Group, DateTimeOffset EndsAt, int CountdownSeconds = BreakoutLimits.DefaultCountdownSeconds) : BreakoutCommand;

/// <summary>Records in a group's room what the main room recorded (a broadcast, a move that concerns it, an extension).</summary>
public sealed record FollowBreakoutParent(Events.RoomEvent Event) : BreakoutCommand;

public sealed record CloseBreakoutRoom : BreakoutCommand;

public static class BreakoutLimits
{
    public const int MinGroups = 2;
    public const int MaxGroups = 20;
    public const int MinMinutes = 1;
    public const int MaxMinutes = 120;

    /// <summary>The longest breakouts may run, extensions included.</summary>
    public const int MaxTotalMinutes = 240;

    public const int MaxBroadcastBytes = 2 * 1024;
    public const int MaxExplanationLength = 500;
    public const int MaxNameLength = 60;

    /// <summary>The countdown before people are taken to their group and back, as Zoom's (10 s by default, up to 2 minutes).</summary>
    public const int DefaultCountdownSeconds = 10;
    public const int MinCountdownSeconds = 5;
    public const int MaxCountdownSeconds = 120;
}
