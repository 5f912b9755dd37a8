using Roundtable.Core.Events;
using Roundtable.Core.Matching;

namespace Roundtable.Core.Rooms;

public sealed record BreakoutMember(string UserId, string DisplayName);

/// <summary>One breakout group: its own room, a name, its people, and, when the grouping gave one, why these people.</summary>
public sealed record BreakoutGroup(string RoomId, string Name, IReadOnlyList<BreakoutMember> Members, string? Explanation);

/// <summary>A group's shared notes as they stood when everyone came back: source as written and its sanitised HTML.</summary>
public sealed record BreakoutGroupNotes(string RoomId, string Name, string Markdown, string Html);

// On the main room's log.

/// <summary>The main room splits into groups, each in its own (already started) room, until <see cref="EndsAt"/>.</summary>
/// <param name="Goal">Set when the groups were formed by matching: what for.</param>
/// <param name="CountdownSeconds">How long pages count down before taking people to their group and back.</param>
public sealed record BreakoutsOpened(
    string ByUserId, BreakoutStrategy Strategy, IReadOnlyList<BreakoutGroup> Groups, DateTimeOffset EndsAt, PeerGroupingGoal? Goal = null,
    int CountdownSeconds = BreakoutLimits.DefaultCountdownSeconds) : RoomEvent;

/// <summary>Everyone is back: each group's shared notes come with it. <see cref="AtDeadline"/> when the timer closed them.</summary>
public sealed record BreakoutsClosed(string ByUserId, IReadOnlyList<BreakoutGroupNotes> Notes, bool AtDeadline) : RoomEvent;

// On both logs: the main room's and each group's room it concerns.

/// <summary>A message from the coach to every group (Markdown as written and its sanitised HTML).</summary>
public sealed record BreakoutBroadcastSent(string ByUserId, string ByName, string Markdown, string Html) : RoomEvent;

/// <summary>
/// Someone goes to another group (or, with no <see cref="FromRoomId"/>, into a group for the first time: a late
/// joiner placed by the coach, or a learner choosing). On the main room's log and on both groups' rooms.
/// </summary>
public sealed record BreakoutMemberMoved(string UserId, string DisplayName, string? FromRoomId, string ToRoomId, string ToGroupName, string ByUserId) : RoomEvent;

public sealed record BreakoutsExtended(string ByUserId, DateTimeOffset EndsAt) : RoomEvent;

/// <summary>A group asks the coach for help; the coach sees it in the main room, the group in its own room.</summary>
public sealed record BreakoutHelpAsked(string GroupRoomId, string GroupName, string ByUserId, string ByName) : RoomEvent;

/// <summary>The group no longer needs the help it asked for.</summary>
public sealed record BreakoutHelpCancelled(string GroupRoomId, string ByUserId) : RoomEvent;

/// <summary>The coach marked the group's call for help as handled.</summary>
public sealed record BreakoutHelpHandled(string GroupRoomId, string ByUserId) : RoomEvent;

// On a group's own log.

/// <summary>This room is a breakout group of <see cref="ParentId"/>: its name, its people and when it ends.</summary>
public sealed record BreakoutRoomOpened(
    string ParentId, string ParentTitle, string GroupName, IReadOnlyList<BreakoutMember> Members, string? Explanation, DateTimeOffset EndsAt,
    int CountdownSeconds = BreakoutLimits.DefaultCountdownSeconds) : RoomEvent;

/// <summary>The coach brought everyone back to the main room; the room ends with it.</summary>
public sealed record BreakoutRoomClosed(string ParentId, string ByUserId) : RoomEvent;
