using Roundtable.Core.Log;
using Roundtable.Core.Matching;

namespace Roundtable.Core.Rooms;

public sealed record BreakoutBroadcastView(string ByName, string Html, DateTimeOffset At);

/// <summary>A group's call for help, waiting for the coach: which group, who asked and when.</summary>
public sealed record BreakoutHelpRequest(string GroupRoomId, string GroupName, string ByUserId, string ByName, DateTimeOffset At);

/// <summary>The breakouts open in a main room: how they were formed (and, by matching, what for), the groups as they are now, and when they end.</summary>
public sealed record BreakoutsView(
    BreakoutStrategy Strategy, IReadOnlyList<BreakoutGroup> Groups, string OpenedBy, DateTimeOffset OpenedAt, DateTimeOffset EndsAt,
    IReadOnlyList<BreakoutBroadcastView> Broadcasts, PeerGroupingGoal? Goal = null)
{
    public BreakoutGroup? GroupOf(string userId) => Groups.FirstOrDefault(g => g.Members.Any(m => m.UserId == userId));

    public BreakoutGroup? Group(string roomId) => Groups.FirstOrDefault(g => g.RoomId == roomId);

    /// <summary>The groups' calls for help the coach has not handled yet, oldest first.</summary>
    public IReadOnlyList<BreakoutHelpRequest> Help { get; init; } = [];

    /// <summary>How long pages count down before taking people to their group and back.</summary>
    public int CountdownSeconds { get; init; } = BreakoutLimits.DefaultCountdownSeconds;
}

/// <summary>One round of breakouts after everyone came back, with each group's notes.</summary>
public sealed record ReturnedBreakoutNotes(DateTimeOffset ClosedAt, IReadOnlyList<BreakoutGroupNotes> Notes);

/// <summary>A group's own room: whose breakout it is, its people, its end, and what the coach broadcast to it.</summary>
public sealed record BreakoutRoomView(
    string ParentId, string ParentTitle, string GroupName, IReadOnlyList<BreakoutMember> Members, string? Explanation,
    DateTimeOffset EndsAt, bool Closed, IReadOnlyList<BreakoutBroadcastView> Broadcasts)
{
    public bool IsMember(string userId) => Members.Any(m => m.UserId == userId);

    /// <summary>This group's call for help while it waits for the coach.</summary>
    public BreakoutHelpRequest? Help { get; init; }

    /// <summary>How long pages count down before taking people back to the main room.</summary>
    public int CountdownSeconds { get; init; } = BreakoutLimits.DefaultCountdownSeconds;
}

/// <param name="Breakouts">The breakouts open in this (main) room; null when none are.</param>
/// <param name="BreakoutNotes">Every earlier round's notes, oldest first.</param>
/// <param name="BreakoutRoom">Set when this room is a breakout group of another.</param>
public sealed record BreakoutsSnapshot(BreakoutsView? Breakouts, IReadOnlyList<ReturnedBreakoutNotes> BreakoutNotes, BreakoutRoomView? BreakoutRoom);

/// <summary>A main room's open breakouts and earlier rounds' notes; or, in a group's own room, the group.</summary>
public sealed class BreakoutsState(RoomState room)
{
    private readonly List<ReturnedBreakoutNotes> _breakoutNotes = [];

    /// <summary>The breakouts open in this room, if it is a main room that has some.</summary>
    public BreakoutsView? Breakouts { get; private set; }

    /// <summary>Set when this room is a breakout group.</summary>
    public BreakoutRoomView? BreakoutRoom { get; private set; }

    public IReadOnlyList<ReturnedBreakoutNotes> BreakoutNotes => _breakoutNotes;

    /// <summary>Folds one of the breakouts' events (<see cref="BreakoutsFeature"/> routes them here).</summary>
    internal void Apply(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case BreakoutsOpened e:
                Breakouts = new BreakoutsView(e.Strategy, e.Groups, e.ByUserId, stored.At, e.EndsAt, [], e.Goal) { CountdownSeconds = e.CountdownSeconds };
                return;
            case BreakoutsClosed e:
                Breakouts = null;
                _breakoutNotes.Add(new ReturnedBreakoutNotes(stored.At, e.Notes));
                return;
            case BreakoutRoomOpened e:
                BreakoutRoom = new BreakoutRoomView(e.ParentId, e.ParentTitle, e.GroupName, e.Members, e.Explanation, e.EndsAt, false, [])
                {
                    CountdownSeconds = e.CountdownSeconds,
                };
                return;
            case BreakoutRoomClosed:
                BreakoutRoom = BreakoutRoom! with { Closed = true };
                return;
            case BreakoutBroadcastSent e:
                var broadcast = new BreakoutBroadcastView(e.ByName, e.Html, stored.At);
                if (BreakoutRoom is { } own)
                {
                    BreakoutRoom = own with { Broadcasts = [.. own.Broadcasts, broadcast] };
                }
                else
                {
                    Breakouts = Breakouts! with { Broadcasts = [.. Breakouts.Broadcasts, broadcast] };
                }
                return;
            case BreakoutsExtended e:
                if (BreakoutRoom is { } extended)
                {
                    BreakoutRoom = extended with { EndsAt = e.EndsAt };
                }
                else
                {
                    Breakouts = Breakouts! with { EndsAt = e.EndsAt };
                }
                return;
            case BreakoutMemberMoved e:
                ApplyMove(e);
                return;
            case BreakoutHelpAsked e:
                var asked = new BreakoutHelpRequest(e.GroupRoomId, e.GroupName, e.ByUserId, e.ByName, stored.At);
                if (BreakoutRoom is { } asking)
                {
                    BreakoutRoom = asking with { Help = asked };
                }
                else
                {
                    Breakouts = Breakouts! with { Help = [.. Breakouts.Help.Where(h => h.GroupRoomId != e.GroupRoomId), asked] };
                }
                return;
            case BreakoutHelpCancelled e:
                EndHelp(e.GroupRoomId);
                return;
            case BreakoutHelpHandled e:
                EndHelp(e.GroupRoomId);
                return;
        }
    }

    private void EndHelp(string groupRoomId)
    {
        if (BreakoutRoom is { } own)
        {
            BreakoutRoom = own with { Help = null };
        }
        else
        {
            Breakouts = Breakouts! with { Help = [.. Breakouts.Help.Where(h => h.GroupRoomId != groupRoomId)] };
        }
    }

    private void ApplyMove(BreakoutMemberMoved e)
    {
        var member = new BreakoutMember(e.UserId, e.DisplayName);
        if (BreakoutRoom is { } own)
        {
            var members = own.Members.Where(m => m.UserId != e.UserId);
            BreakoutRoom = own with { Members = e.ToRoomId == room.RoomId ? [.. members, member] : [.. members] };
            return;
        }
        Breakouts = Breakouts! with
        {
            Groups = [.. Breakouts.Groups.Select(g => g with
            {
                Members = g.RoomId == e.ToRoomId
                    ? [.. g.Members.Where(m => m.UserId != e.UserId), member]
                    : [.. g.Members.Where(m => m.UserId != e.UserId)],
            })],
        };
    }
}
