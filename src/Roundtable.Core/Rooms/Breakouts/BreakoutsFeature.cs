using Roundtable.Core.Matching;

namespace Roundtable.Core.Rooms;

public static class BreakoutRejections
{
    public static readonly Rejection NoBreakouts = new(nameof(NoBreakouts));
    public static readonly Rejection BreakoutsOpen = new(nameof(BreakoutsOpen));
    public static readonly Rejection UnknownGroup = new(nameof(UnknownGroup));
}

/// <summary>
/// Breakout groups: a main room splits into groups, each in a room of its own, and everyone comes back with each
/// group's notes. The main room's log and each group's log record their side; the server carries commands between them.
/// </summary>
public sealed class BreakoutsFeature : RoomFeature<BreakoutsState, BreakoutCommand, BreakoutsSnapshot>
{
    public BreakoutsFeature()
    {
        On<BreakoutsOpened>((s, _, stored) => s.Apply(stored));
        On<BreakoutsClosed>((s, _, stored) => s.Apply(stored));
        On<BreakoutRoomOpened>((s, _, stored) => s.Apply(stored));
        On<BreakoutRoomClosed>((s, _, stored) => s.Apply(stored));
        On<BreakoutBroadcastSent>((s, _, stored) => s.Apply(stored));
        On<BreakoutsExtended>((s, _, stored) => s.Apply(stored));
        On<BreakoutMemberMoved>((s, _, stored) => s.Apply(stored));
        On<BreakoutHelpAsked>((s, _, stored) => s.Apply(stored));
        On<BreakoutHelpCancelled>((s, _, stored) => s.Apply(stored));
        On<BreakoutHelpHandled>((s, _, stored) => s.Apply(stored));
    }

    protected override BreakoutsState NewState(RoomState room) => new(room);

    protected override BreakoutsSnapshot Snapshot(RoomState room, BreakoutsState state, Viewer viewer) =>
        new(state.Breakouts, [.. state.BreakoutNotes], state.BreakoutRoom);

    /// <summary>Ending a room with groups open (another group's learners are kept out by <see cref="RoomEntry"/>).</summary>
    public override Decision? Veto(RoomState room, Actor actor, RoomCommand command)
    {
        if (command is not EndRoundtable)
        {
            return null;
        }
        var state = State(room);
        return state.BreakoutRoom is { Closed: false }
            ? Decision.Reject(BreakoutRejections.BreakoutsOpen, "This is a breakout group; bring everyone back from the main roundtable to end it.")
            : state.Breakouts is not null
            ? Decision.Reject(BreakoutRejections.BreakoutsOpen, "Bring everyone back from the breakout groups before ending the roundtable.")
            : null;
    }

    protected override Decision Decide(RoomState room, BreakoutsState state, Actor actor, BreakoutCommand command, RoomDecider tools)
    {
        // A learner's own choice or call for help, decided by the main room, is recorded in the group's room under their name.
        var ownChoice = command is ChooseBreakoutGroup or AskBreakoutHelp or CancelBreakoutHelp
            || command is FollowBreakoutParent { Event: BreakoutMemberMoved moved } && moved.UserId == actor.UserId && moved.ByUserId == actor.UserId
            || command is FollowBreakoutParent { Event: BreakoutHelpAsked { ByUserId: var asker } } && asker == actor.UserId
            || command is FollowBreakoutParent { Event: BreakoutHelpCancelled { ByUserId: var canceller } } && canceller == actor.UserId;
        if (!ownChoice && !actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can run breakout groups.");
        }
        switch (command)
        {
            case OpenBreakouts open:
                return OpenGroups(room, state, actor, open, tools);
            case OpenBreakoutRoom open:
                return OpenRoom(room, state, actor, open);
            case FollowBreakoutParent follow:
                return Follow(room, state, follow);
            case CloseBreakoutRoom:
                return state.BreakoutRoom is null
                    ? Decision.Reject(BreakoutRejections.NoBreakouts, "This room is not a breakout group.")
                    : state.BreakoutRoom.Closed ? Decision.AlreadyDone()
                    : Decision.Accept(new BreakoutRoomClosed(state.BreakoutRoom.ParentId, actor.UserId), new RoundtableEnded(actor.UserId));
            case CloseBreakouts close:
                return BringBack(state, actor, close, tools);
        }
        if (state.Breakouts is not { } current)
        {
            return Decision.Reject(BreakoutRejections.NoBreakouts, "There are no breakout groups open in this roundtable.");
        }
        return command switch
        {
            BroadcastToBreakouts broadcast => Broadcast(actor, broadcast, tools),
            MoveBreakoutMember move => MoveTo(current, actor, move.UserId, move.DisplayName, move.ToRoomId),
            ChooseBreakoutGroup choose => Choose(current, actor, choose),
            ExtendBreakouts extend => Extend(current, actor, extend, tools),
            AskBreakoutHelp ask => AskHelp(current, actor, ask.GroupRoomId),
            CancelBreakoutHelp cancel => EndHelp(current, actor, cancel.GroupRoomId, byCoach: false),
            HandleBreakoutHelp handle => EndHelp(current, actor, handle.GroupRoomId, byCoach: true),
            _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
        };
    }

    private static Decision OpenGroups(RoomState room, BreakoutsState state, Actor actor, OpenBreakouts open, RoomDecider tools)
    {
        if (state.BreakoutRoom is not null)
        {
            return Decision.Reject(Rejection.NotAllowed, "A breakout group cannot split into breakout groups of its own.");
        }
        if (room.Status != RoomStatus.Live)
        {
            return Decision.Reject(Rejection.NotLive, "Breakout groups open while the roundtable is live.");
        }
        if (state.Breakouts is not null)
        {
            return Decision.Reject(BreakoutRejections.BreakoutsOpen, "Breakout groups are already open; bring everyone back before forming new ones.");
        }
        if (open.Groups.Count is < BreakoutLimits.MinGroups or > BreakoutLimits.MaxGroups)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Form {BreakoutLimits.MinGroups} to {BreakoutLimits.MaxGroups} groups.");
        }
        if (Minutes(open.Minutes) is { } badMinutes)
        {
            return badMinutes;
        }
        if (open.CountdownSeconds is < BreakoutLimits.MinCountdownSeconds or > BreakoutLimits.MaxCountdownSeconds)
        {
            return Decision.Reject(Rejection.InvalidArgument,
                $"Count down {BreakoutLimits.MinCountdownSeconds} to {BreakoutLimits.MaxCountdownSeconds} seconds before taking people to their groups.");
        }
        if (open.Groups.Select(g => g.RoomId).Distinct(StringComparer.Ordinal).Count() != open.Groups.Count)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Each group needs a room of its own.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<BreakoutGroup>(open.Groups.Count);
        foreach (var group in open.Groups)
        {
            var name = group.Name.Trim();
            if (name.Length is 0 or > BreakoutLimits.MaxNameLength)
            {
                return Decision.Reject(Rejection.InvalidArgument, $"Give each group a name of 1 to {BreakoutLimits.MaxNameLength} characters.");
            }
            if (group.Explanation is { Length: > BreakoutLimits.MaxExplanationLength })
            {
                return Decision.Reject(Rejection.InvalidArgument, $"A group's explanation is at most {BreakoutLimits.MaxExplanationLength} characters.");
            }
            if (group.Members.Count == 0 && open.Strategy != BreakoutStrategy.Choose)
            {
                return Decision.Reject(Rejection.InvalidArgument, $"Every group needs at least one person; {name} has nobody.");
            }
            if (group.Members.FirstOrDefault(m => !seen.Add(m.UserId)) is { } twice)
            {
                return Decision.Reject(Rejection.InvalidArgument, $"{twice.DisplayName} is in two groups; put each person in one group only.");
            }
            groups.Add(group with { Name = name, Explanation = string.IsNullOrWhiteSpace(group.Explanation) ? null : group.Explanation.Trim() });
        }
        if (groups.Select(g => g.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != groups.Count)
        {
            return Decision.Reject(Rejection.InvalidArgument, "Two groups have the same name; give each group its own.");
        }
        var goal = open.Strategy == BreakoutStrategy.Matching ? open.Goal ?? PeerGroupingGoal.Complementary : (PeerGroupingGoal?)null;
        return Decision.Accept(new BreakoutsOpened(actor.UserId, open.Strategy, groups, tools.Now.AddMinutes(open.Minutes), goal, open.CountdownSeconds));
    }

    private static Decision? Minutes(int minutes) => minutes is < BreakoutLimits.MinMinutes or > BreakoutLimits.MaxMinutes
        ? Decision.Reject(Rejection.InvalidArgument, $"Give breakout groups {BreakoutLimits.MinMinutes} to {BreakoutLimits.MaxMinutes} minutes.")
        : null;

    private static Decision Broadcast(Actor actor, BroadcastToBreakouts broadcast, RoomDecider tools)
    {
        if (string.IsNullOrWhiteSpace(broadcast.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The broadcast is empty.");
        }
        return Decision.TooLarge(broadcast.Markdown, BreakoutLimits.MaxBroadcastBytes, "The broadcast is", "Nothing was sent.")
            ?? Decision.Accept(new BreakoutBroadcastSent(actor.UserId, actor.DisplayName, broadcast.Markdown, tools.Render(broadcast.Markdown)));
    }

    private static Decision MoveTo(BreakoutsView open, Actor actor, string userId, string displayName, string toRoomId)
    {
        if (open.Group(toRoomId) is not { } to)
        {
            return Decision.Reject(BreakoutRejections.UnknownGroup, "There is no such breakout group in this roundtable.");
        }
        var from = open.GroupOf(userId);
        if (from?.RoomId == to.RoomId)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new BreakoutMemberMoved(userId, displayName, from?.RoomId, to.RoomId, to.Name, actor.UserId));
    }

    private static Decision Choose(BreakoutsView open, Actor actor, ChooseBreakoutGroup choose)
    {
        if (open.Strategy != BreakoutStrategy.Choose)
        {
            return Decision.Reject(Rejection.NotAllowed, "The coach has formed these groups; ask the coach to move you.");
        }
        if (actor.Role != RoomRole.Learner)
        {
            return Decision.Reject(Rejection.NotAllowed, "Learners choose their breakout group.");
        }
        return MoveTo(open, actor, actor.UserId, actor.DisplayName, choose.RoomId);
    }

    private static Decision Extend(BreakoutsView open, Actor actor, ExtendBreakouts extend, RoomDecider tools)
    {
        if (Minutes(extend.Minutes) is { } badMinutes)
        {
            return badMinutes;
        }
        var now = tools.Now;
        var endsAt = (open.EndsAt > now ? open.EndsAt : now).AddMinutes(extend.Minutes);
        if (endsAt - open.OpenedAt > TimeSpan.FromMinutes(BreakoutLimits.MaxTotalMinutes))
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Breakout groups run at most {BreakoutLimits.MaxTotalMinutes} minutes in all.");
        }
        return Decision.Accept(new BreakoutsExtended(actor.UserId, endsAt));
    }

    private static Decision AskHelp(BreakoutsView open, Actor actor, string groupRoomId)
    {
        if (open.Group(groupRoomId) is not { } group)
        {
            return Decision.Reject(BreakoutRejections.UnknownGroup, "There is no such breakout group in this roundtable.");
        }
        if (!group.Members.Any(m => m.UserId == actor.UserId))
        {
            return Decision.Reject(Rejection.NotAllowed, $"Only the people in {group.Name} ask for help for it.");
        }
        return open.Help.Any(h => h.GroupRoomId == groupRoomId)
            ? Decision.AlreadyDone()
            : Decision.Accept(new BreakoutHelpAsked(groupRoomId, group.Name, actor.UserId, actor.DisplayName));
    }

    /// <summary>A member cancels the group's call for help, or the coach marks it handled.</summary>
    private static Decision EndHelp(BreakoutsView open, Actor actor, string groupRoomId, bool byCoach)
    {
        if (open.Group(groupRoomId) is not { } group)
        {
            return Decision.Reject(BreakoutRejections.UnknownGroup, "There is no such breakout group in this roundtable.");
        }
        if (!byCoach && !group.Members.Any(m => m.UserId == actor.UserId))
        {
            return Decision.Reject(Rejection.NotAllowed, $"Only the people in {group.Name} cancel its call for help.");
        }
        if (!open.Help.Any(h => h.GroupRoomId == groupRoomId))
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(byCoach ? new BreakoutHelpHandled(groupRoomId, actor.UserId) : new BreakoutHelpCancelled(groupRoomId, actor.UserId));
    }

    private static Decision BringBack(BreakoutsState state, Actor actor, CloseBreakouts close, RoomDecider tools)
    {
        if (state.Breakouts is not { } open)
        {
            return close.AtDeadline
                ? Decision.AlreadyDone()
                : Decision.Reject(BreakoutRejections.NoBreakouts, "There are no breakout groups open in this roundtable.");
        }
        if (close.AtDeadline && tools.Now < open.EndsAt)
        {
            // Extended since this close was scheduled: the later deadline closes them.
            return Decision.AlreadyDone();
        }
        var notes = open.Groups
            .Select(g => close.Notes.FirstOrDefault(n => n.RoomId == g.RoomId) is { } n ? n with { Name = g.Name } : new BreakoutGroupNotes(g.RoomId, g.Name, "", ""))
            .ToList();
        return Decision.Accept(new BreakoutsClosed(actor.UserId, notes, close.AtDeadline));
    }

    private static Decision OpenRoom(RoomState room, BreakoutsState state, Actor actor, OpenBreakoutRoom open)
    {
        if (state.BreakoutRoom is { } already)
        {
            return already.ParentId == open.ParentId && already.GroupName == open.Group.Name
                ? Decision.AlreadyDone()
                : Decision.Reject(Rejection.NotAllowed, "This room is already another group's breakout room.");
        }
        if (room.Status != RoomStatus.Scheduled)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a room that has not started becomes a breakout group.");
        }
        return Decision.Accept(
            new RoundtableStarted(actor.UserId),
            new BreakoutRoomOpened(open.ParentId, open.ParentTitle, open.Group.Name, open.Group.Members, open.Group.Explanation, open.EndsAt, open.CountdownSeconds));
    }

    private static Decision Follow(RoomState room, BreakoutsState state, FollowBreakoutParent follow)
    {
        if (state.BreakoutRoom is not { } group)
        {
            return Decision.Reject(BreakoutRejections.NoBreakouts, "This room is not a breakout group.");
        }
        if (group.Closed)
        {
            return Decision.AlreadyDone();
        }
        return follow.Event switch
        {
            BreakoutBroadcastSent or BreakoutsExtended => Decision.Accept(follow.Event),
            BreakoutMemberMoved move when move.ToRoomId == room.RoomId || move.FromRoomId == room.RoomId => Decision.Accept(move),
            BreakoutHelpAsked { GroupRoomId: var id } when id == room.RoomId => Decision.Accept(follow.Event),
            BreakoutHelpCancelled { GroupRoomId: var id } when id == room.RoomId => Decision.Accept(follow.Event),
            BreakoutHelpHandled { GroupRoomId: var id } when id == room.RoomId => Decision.Accept(follow.Event),
            _ => Decision.Reject(Rejection.InvalidArgument, "That is nothing a breakout group's room records."),
        };
    }
}
