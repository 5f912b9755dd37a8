using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Matching;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Rooms;

/// <param name="Assignments">Manual only: learner's user id to group number (0-based); learners left out stay in the main room.</param>
/// <param name="Goal">Matching only: complementary skills (the default) or shared wants.</param>
/// <param name="Names">The groups' names in order; a missing or blank one is "Group n".</param>
/// <param name="CountdownSeconds">How long pages count down before taking people to their group and back (10 when not given).</param>
public sealed record OpenBreakoutsRequest(
    BreakoutStrategy? Strategy, int GroupCount, int Minutes, Dictionary<string, int>? Assignments, PeerGroupingGoal? Goal = null, List<string?>? Names = null,
    int? CountdownSeconds = null);

public sealed partial class RoomHub
{
    /// <summary>Splits the live room into breakout groups, each in a room of its own; returns them as opened.</summary>
    public async Task<BreakoutsView?> OpenBreakouts(string? roomId, OpenBreakoutsRequest? request)
    {
        if (request?.Strategy is not { } strategy || !Enum.IsDefined(strategy) || request.Goal is { } goal && !Enum.IsDefined(goal) || request.Assignments?.Count > 1000
            || request.Names?.Count > BreakoutLimits.MaxGroups)
        {
            throw new HubException("Malformed request: give strategy (Random, Manual, Choose or Matching), groupCount and minutes, for Matching optionally goal (Complementary or SharedWants), and optionally the groups' names (at most one per group).");
        }
        await RunAsync(roomId, (actor, main) => breakouts.OpenAsync(
            actor, main, strategy, request.GroupCount, request.Minutes, request.Assignments, request.Goal ?? PeerGroupingGoal.Complementary, request.Names,
            request.CountdownSeconds ?? BreakoutLimits.DefaultCountdownSeconds));
        return await breakouts.OpenNowAsync(roomId!);
    }

    public Task BroadcastToBreakouts(string? roomId, string? markdown) =>
        RunAsync(roomId, (actor, main) => breakouts.BroadcastAsync(actor, main.Id, markdown ?? ""));

    /// <summary>Moves a learner of the cohort to another group (or into one), leaving the other groups as they are.</summary>
    public Task MoveBreakoutMember(string? roomId, string? userId, string? toRoomId) =>
        RunAsync(roomId, (actor, main) => breakouts.MoveMemberAsync(actor, main, RequireUserId(userId), toRoomId));

    /// <summary>A learner picks their group while the coach lets people choose.</summary>
    public Task ChooseBreakoutGroup(string? roomId, string? groupRoomId) =>
        RunAsync(roomId, (actor, main) => breakouts.MoveAsync(actor, main.Id, new ChooseBreakoutGroup(RequireGroup(groupRoomId))));

    public Task ExtendBreakouts(string? roomId, int minutes) =>
        RunAsync(roomId, (actor, main) => breakouts.ExtendAsync(actor, main.Id, minutes));

    /// <summary>Brings everyone back to the main room, with each group's shared notes.</summary>
    public Task CloseBreakouts(string? roomId) =>
        RunAsync(roomId, (actor, main) => breakouts.CloseAsync(actor, main.Id, atDeadline: false));

    /// <summary>A member of a breakout group, from the group's room (<paramref name="roomId"/>), asks the coach to come and help.</summary>
    public Task AskForBreakoutHelp(string? roomId) =>
        RunAsync(roomId, (actor, group) => breakouts.AskForHelpAsync(actor, group, cancel: false));

    /// <summary>A member of the group withdraws its call for help.</summary>
    public Task CancelBreakoutHelp(string? roomId) =>
        RunAsync(roomId, (actor, group) => breakouts.AskForHelpAsync(actor, group, cancel: true));

    /// <summary>The coach, in the main room, marks a group's call for help as handled.</summary>
    public Task HandleBreakoutHelp(string? roomId, string? groupRoomId) =>
        RunAsync(roomId, (actor, main) => breakouts.HandleHelpAsync(actor, main.Id, RequireGroup(groupRoomId)));

    private static string RequireGroup(string? roomId) =>
        Ids.IsWellFormed(roomId) ? roomId! : throw new HubException("Say which group: give its room id.");
}
