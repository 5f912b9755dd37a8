using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Rooms;

/// <param name="Assignments">Manual only: learner's user id to group number (0-based); learners left out stay in the main room.</param>
/// <param name="Goal">Matching only: complementary skills (the default) or shared wants.</param>
public sealed record OpenBreakoutsRequest(BreakoutStrategy? Strategy, int GroupCount, int Minutes, Dictionary<string, int>? Assignments, PeerGroupingGoal? Goal = null);

public sealed partial class RoomHub
{
    /// <summary>Splits the live room into breakout groups, each in a room of its own; returns them as opened.</summary>
    public async Task<BreakoutsView?> OpenBreakouts(string? roomId, OpenBreakoutsRequest? request)
    {
        if (request?.Strategy is not { } strategy || !Enum.IsDefined(strategy) || request.Goal is { } goal && !Enum.IsDefined(goal) || request.Assignments?.Count > 1000)
        {
            throw new HubException("Malformed request: give strategy (Random, Manual, Choose or Matching), groupCount and minutes, and for Matching optionally goal (Complementary or SharedWants).");
        }
        var (actor, main) = Resolve(roomId);
        Check(await breakouts.OpenAsync(actor, main, strategy, request.GroupCount, request.Minutes, request.Assignments, request.Goal ?? PeerGroupingGoal.Complementary));
        return await runner.ReadAsync(main.Id, state => state.Breakouts);
    }

    public async Task BroadcastToBreakouts(string? roomId, string? markdown)
    {
        var (actor, main) = Resolve(roomId);
        Check(await breakouts.BroadcastAsync(actor, main.Id, markdown ?? ""));
    }

    /// <summary>Moves a learner of the cohort to another group (or into one), leaving the other groups as they are.</summary>
    public async Task MoveBreakoutMember(string? roomId, string? userId, string? toRoomId)
    {
        var (actor, main) = Resolve(roomId);
        var target = RequireUserId(userId);
        if (access.RoleIn(main.CohortId, target) != CohortRole.Learner || access.User(target) is not { } person)
        {
            throw new HubException($"There is no learner '{Truncate(target)}' in this cohort.");
        }
        await LeaveOldGroupAsync(Check(await breakouts.MoveAsync(actor, main.Id, new MoveBreakoutMember(target, person.DisplayName, RequireGroup(toRoomId)))));
    }

    /// <summary>A learner picks their group while the coach lets people choose.</summary>
    public async Task ChooseBreakoutGroup(string? roomId, string? groupRoomId)
    {
        var (actor, main) = Resolve(roomId);
        await LeaveOldGroupAsync(Check(await breakouts.MoveAsync(actor, main.Id, new ChooseBreakoutGroup(RequireGroup(groupRoomId)))));
    }

    public async Task ExtendBreakouts(string? roomId, int minutes)
    {
        var (actor, main) = Resolve(roomId);
        Check(await breakouts.ExtendAsync(actor, main.Id, minutes));
    }

    /// <summary>Brings everyone back to the main room, with each group's shared notes.</summary>
    public async Task CloseBreakouts(string? roomId)
    {
        var (actor, main) = Resolve(roomId);
        Check(await breakouts.CloseAsync(actor, main.Id, atDeadline: false));
    }

    /// <summary>Someone moved out of a group stops hearing it: on this node before this returns, elsewhere as nodes read the move.</summary>
    private async Task LeaveOldGroupAsync(CommandOutcome outcome)
    {
        if (outcome.Appended is [.., { Event: BreakoutMemberMoved { FromRoomId: { } from } moved }])
        {
            await evictions.EvictFromRoomAsync(from, moved.UserId);
        }
    }

    private static string RequireGroup(string? roomId) =>
        Ids.IsWellFormed(roomId) ? roomId! : throw new HubException("Say which group: give its room id.");
}
