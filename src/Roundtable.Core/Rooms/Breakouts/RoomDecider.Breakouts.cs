using Roundtable.Core.Events;
using Roundtable.Core.Matching;

namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    private Decision? DecideBreakouts(RoomState state, Actor actor, RoomCommand command)
    {
        if (command is not (OpenBreakouts or BroadcastToBreakouts or MoveBreakoutMember or ChooseBreakoutGroup or ExtendBreakouts
            or CloseBreakouts or OpenBreakoutRoom or FollowBreakoutParent or CloseBreakoutRoom))
        {
            return null;
        }
        // A learner's own choice, decided by the main room, is recorded in the groups' rooms under their name.
        var ownChoice = command is ChooseBreakoutGroup
            || command is FollowBreakoutParent { Event: BreakoutMemberMoved moved } && moved.UserId == actor.UserId && moved.ByUserId == actor.UserId;
        if (!ownChoice && !actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can run breakout groups.");
        }
        switch (command)
        {
            case OpenBreakouts open:
                return OpenGroups(state, actor, open);
            case OpenBreakoutRoom room:
                return OpenRoom(state, actor, room);
            case FollowBreakoutParent follow:
                return Follow(state, follow);
            case CloseBreakoutRoom:
                return state.BreakoutRoom is null
                    ? Decision.Reject(Rejection.NoBreakouts, "This room is not a breakout group.")
                    : state.BreakoutRoom.Closed ? Decision.AlreadyDone()
                    : Decision.Accept(new BreakoutRoomClosed(state.BreakoutRoom.ParentId, actor.UserId), new RoundtableEnded(actor.UserId));
            case CloseBreakouts close:
                return BringBack(state, actor, close);
        }
        if (state.Breakouts is not { } current)
        {
            return Decision.Reject(Rejection.NoBreakouts, "There are no breakout groups open in this roundtable.");
        }
        return command switch
        {
            BroadcastToBreakouts broadcast => Broadcast(actor, broadcast),
            MoveBreakoutMember move => MoveTo(current, actor, move.UserId, move.DisplayName, move.ToRoomId),
            ChooseBreakoutGroup choose => Choose(current, actor, choose),
            _ => Extend(current, actor, (ExtendBreakouts)command),
        };
    }

    /// <summary>Ending a room with groups open (another group's learners are kept out by <see cref="RoomEntry"/>).</summary>
    private static Decision? CheckBreakoutRules(RoomState state, Actor actor, RoomCommand command) => command switch
    {
        EndRoundtable when state.BreakoutRoom is { Closed: false } =>
            Decision.Reject(Rejection.BreakoutsOpen, "This is a breakout group; bring everyone back from the main roundtable to end it."),
        EndRoundtable when state.Breakouts is not null =>
            Decision.Reject(Rejection.BreakoutsOpen, "Bring everyone back from the breakout groups before ending the roundtable."),
        _ => null,
    };

    private Decision OpenGroups(RoomState state, Actor actor, OpenBreakouts open)
    {
        if (state.BreakoutRoom is not null)
        {
            return Decision.Reject(Rejection.NotAllowed, "A breakout group cannot split into breakout groups of its own.");
        }
        if (state.Status != RoomStatus.Live)
        {
            return Decision.Reject(Rejection.NotLive, "Breakout groups open while the roundtable is live.");
        }
        if (state.Breakouts is not null)
        {
            return Decision.Reject(Rejection.BreakoutsOpen, "Breakout groups are already open; bring everyone back before forming new ones.");
        }
        if (open.Groups.Count is < BreakoutLimits.MinGroups or > BreakoutLimits.MaxGroups)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Form {BreakoutLimits.MinGroups} to {BreakoutLimits.MaxGroups} groups.");
        }
        if (Minutes(open.Minutes) is { } badMinutes)
        {
            return badMinutes;
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
        return Decision.Accept(new BreakoutsOpened(actor.UserId, open.Strategy, groups, _time.GetUtcNow().AddMinutes(open.Minutes), goal));
    }

    private static Decision? Minutes(int minutes) => minutes is < BreakoutLimits.MinMinutes or > BreakoutLimits.MaxMinutes
        ? Decision.Reject(Rejection.InvalidArgument, $"Give breakout groups {BreakoutLimits.MinMinutes} to {BreakoutLimits.MaxMinutes} minutes.")
        : null;

    private Decision Broadcast(Actor actor, BroadcastToBreakouts broadcast)
    {
        if (string.IsNullOrWhiteSpace(broadcast.Markdown))
        {
            return Decision.Reject(Rejection.EmptyMessage, "The broadcast is empty.");
        }
        return TooLarge(broadcast.Markdown, BreakoutLimits.MaxBroadcastBytes, "The broadcast is", "Nothing was sent.")
            ?? Decision.Accept(new BreakoutBroadcastSent(actor.UserId, actor.DisplayName, broadcast.Markdown, Render(broadcast.Markdown)));
    }

    private static Decision MoveTo(BreakoutsView open, Actor actor, string userId, string displayName, string toRoomId)
    {
        if (open.Group(toRoomId) is not { } to)
        {
            return Decision.Reject(Rejection.UnknownGroup, "There is no such breakout group in this roundtable.");
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

    private Decision Extend(BreakoutsView open, Actor actor, ExtendBreakouts extend)
    {
        if (Minutes(extend.Minutes) is { } badMinutes)
        {
            return badMinutes;
        }
        var now = _time.GetUtcNow();
        var endsAt = (open.EndsAt > now ? open.EndsAt : now).AddMinutes(extend.Minutes);
        if (endsAt - open.OpenedAt > TimeSpan.FromMinutes(BreakoutLimits.MaxTotalMinutes))
        {
            return Decision.Reject(Rejection.InvalidArgument, $"Breakout groups run at most {BreakoutLimits.MaxTotalMinutes} minutes in all.");
        }
        return Decision.Accept(new BreakoutsExtended(actor.UserId, endsAt));
    }

    private Decision BringBack(RoomState state, Actor actor, CloseBreakouts close)
    {
        if (state.Breakouts is not { } open)
        {
            return close.AtDeadline
                ? Decision.AlreadyDone()
                : Decision.Reject(Rejection.NoBreakouts, "There are no breakout groups open in this roundtable.");
        }
        if (close.AtDeadline && _time.GetUtcNow() < open.EndsAt)
        {
            // Extended since this close was scheduled: the later deadline closes them.
            return Decision.AlreadyDone();
        }
        var notes = open.Groups
            .Select(g => close.Notes.FirstOrDefault(n => n.RoomId == g.RoomId) is { } n ? n with { Name = g.Name } : new BreakoutGroupNotes(g.RoomId, g.Name, "", ""))
            .ToList();
        return Decision.Accept(new BreakoutsClosed(actor.UserId, notes, close.AtDeadline));
    }

    private static Decision OpenRoom(RoomState state, Actor actor, OpenBreakoutRoom open)
    {
        if (state.BreakoutRoom is { } already)
        {
            return already.ParentId == open.ParentId && already.GroupName == open.Group.Name
                ? Decision.AlreadyDone()
                : Decision.Reject(Rejection.NotAllowed, "This room is already another group's breakout room.");
        }
        if (state.Status != RoomStatus.Scheduled)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a room that has not started becomes a breakout group.");
        }
        return Decision.Accept(
            new RoundtableStarted(actor.UserId),
            new BreakoutRoomOpened(open.ParentId, open.ParentTitle, open.Group.Name, open.Group.Members, open.Group.Explanation, open.EndsAt));
    }

    private static Decision Follow(RoomState state, FollowBreakoutParent follow)
    {
        if (state.BreakoutRoom is not { } room)
        {
            return Decision.Reject(Rejection.NoBreakouts, "This room is not a breakout group.");
        }
        if (room.Closed)
        {
            return Decision.AlreadyDone();
        }
        return follow.Event switch
        {
            BreakoutBroadcastSent or BreakoutsExtended => Decision.Accept(follow.Event),
            BreakoutMemberMoved move when move.ToRoomId == state.RoomId || move.FromRoomId == state.RoomId => Decision.Accept(move),
            _ => Decision.Reject(Rejection.InvalidArgument, "That is nothing a breakout group's room records."),
        };
    }
}
