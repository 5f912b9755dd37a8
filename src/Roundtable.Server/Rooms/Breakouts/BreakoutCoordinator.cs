using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Core.Log;
using Roundtable.Core.Matching;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Runs breakouts across rooms. The main room decides (its log is the truth about the groups); then each group's room
/// that a change concerns records its side through its own command, as the same staff actor. Every change goes
/// through the logs, so it holds on any node. The groups close at their end on the node that opened (or last
/// extended) them; if that node dies, at the next join of the main room or of a group.
/// </summary>
public sealed partial class BreakoutCoordinator(
    RoomCommandRunner runner,
    RoomEvictions evictions,
    RoomDecider decider,
    DirectoryWriter directory,
    Projector projector,
    IEventLog log,
    CohortAccess access,
    IBreakoutGrouping grouping,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BreakoutCoordinator> logger) : IRoomJoinStep
{
    // How long a join of a room this node does not know yet waits for its projection to reach the log's head. Only a
    // lagging node waits (caught up, an unknown room is refused at once), and a busy node can lag by seconds behind a
    // room just scheduled or a group just opened on another.
    private static readonly TimeSpan ProjectionPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Forms the groups (named as the coach named them, else "Group 1", "Group 2", ...), checks the main room would accept them, creates their rooms (breakouts of the main room, in
    /// its cohort), opens them in the main room, then starts each group's room.
    /// </summary>
    public async Task<CommandOutcome> OpenAsync(
        Actor actor, RoundtableRecord main, BreakoutStrategy strategy, int groupCount, int minutes, IReadOnlyDictionary<string, int>? assignments,
        PeerGroupingGoal goal, IReadOnlyList<string?>? names = null, int countdownSeconds = BreakoutLimits.DefaultCountdownSeconds)
    {
        if (!actor.CanFacilitate)
        {
            return Refused(Rejection.NotAllowed, "Only a coach or an admin can run breakout groups.");
        }
        var present = await runner.ReadAsync(main.Id, state => state.Participants
            .Where(p => p.Role == RoomRole.Learner).Select(p => new BreakoutMember(p.UserId, p.DisplayName)).ToList());
        var formed = grouping.Form(new GroupingRequest(main.CohortId, strategy, present, groupCount, assignments, goal));
        if (formed.Error is not null)
        {
            return Refused(Rejection.InvalidArgument, formed.Error);
        }
        var groups = formed.Groups.Select((g, i) => new BreakoutGroup(Ids.New(), NameOf(names, i), g.Members, g.Explanation)).ToList();
        var command = new OpenBreakouts(strategy, groups, minutes, strategy == BreakoutStrategy.Matching ? goal : null, countdownSeconds);
        // Checked before any room is created, so a refusal leaves nothing behind.
        var check = await runner.ReadAsync(main.Id, state => decider.Decide(state, actor, command));
        if (!check.Accepted)
        {
            return new CommandOutcome(check, []);
        }
        var now = time.GetUtcNow();
        var problem = await directory.WriteAsync(() => DirectoryDecision.Accept([.. groups.Select(g => new RoundtableScheduled(
            g.RoomId, main.CohortId, $"{main.Title}: {g.Name}", now, minutes, actor.UserId, RoundtableKind.Breakout, main.Id))]));
        if (problem is not null)
        {
            return Refused(Rejection.InvalidArgument, problem.Detail);
        }
        var outcome = await runner.ExecuteAsync(main.Id, actor, command);
        if (outcome.Appended is [.., { Event: BreakoutsOpened opened }])
        {
            foreach (var group in opened.Groups)
            {
                await runner.ExecuteAsync(group.RoomId, actor, new OpenBreakoutRoom(main.Id, main.Title, group, opened.EndsAt, opened.CountdownSeconds));
            }
            ScheduleClose(main.Id, opened.EndsAt, actor);
        }
        return outcome;
    }

    private static string NameOf(IReadOnlyList<string?>? names, int index) =>
        names?.ElementAtOrDefault(index) is { } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : GroupForming.NameOf(index);

    public async Task<CommandOutcome> BroadcastAsync(Actor actor, string mainId, string markdown)
    {
        var outcome = await runner.ExecuteAsync(mainId, actor, new BroadcastToBreakouts(markdown));
        await FollowAsync(actor, mainId, outcome, open => open.Groups.Select(g => g.RoomId));
        return outcome;
    }

    /// <summary>The breakouts open in the main room now (as just opened, after <see cref="OpenAsync"/>).</summary>
    public Task<BreakoutsView?> OpenNowAsync(string mainId) => runner.ReadAsync(mainId, state => state.Feature<BreakoutsState>().Breakouts);

    /// <summary>The coach moves a learner of the cohort to another group (or into one).</summary>
    public Task<CommandOutcome> MoveMemberAsync(Actor actor, RoundtableRecord main, string userId, string? toRoomId)
    {
        if (access.RoleIn(main.CohortId, userId) != CohortRole.Learner || access.User(userId) is not { } person)
        {
            return Task.FromResult(Refused(Rejection.InvalidArgument, $"There is no learner '{RoomRefusals.Echo(userId)}' in this cohort."));
        }
        return Ids.IsWellFormed(toRoomId)
            ? MoveAsync(actor, main.Id, new MoveBreakoutMember(userId, person.DisplayName, toRoomId!))
            : Task.FromResult(Refused(Rejection.InvalidArgument, "Say which group: give its room id."));
    }

    /// <summary>
    /// Moves someone (the coach's move, or a learner's own choice): their new group's room records it first, so they
    /// can join it at once; their connections leave the old group's room on this node before this returns, elsewhere
    /// as nodes read the move.
    /// </summary>
    public async Task<CommandOutcome> MoveAsync(Actor actor, string mainId, RoomCommand move)
    {
        var outcome = await runner.ExecuteAsync(mainId, actor, move);
        if (outcome.Appended is [.., { Event: BreakoutMemberMoved moved }])
        {
            await FollowAsync(actor, mainId, outcome, _ => moved.FromRoomId is { } from ? [moved.ToRoomId, from] : [moved.ToRoomId]);
            if (moved.FromRoomId is { } left)
            {
                await evictions.EvictFromRoomAsync(left, moved.UserId);
            }
        }
        return outcome;
    }

    public async Task<CommandOutcome> ExtendAsync(Actor actor, string mainId, int minutes)
    {
        var outcome = await runner.ExecuteAsync(mainId, actor, new ExtendBreakouts(minutes));
        await FollowAsync(actor, mainId, outcome, open => open.Groups.Select(g => g.RoomId));
        if (outcome.Appended is [.., { Event: BreakoutsExtended extended }])
        {
            ScheduleClose(mainId, extended.EndsAt, actor);
        }
        return outcome;
    }

    /// <summary>
    /// A member of a group asks the coach for help from the group's room: the main room records it (where the coach
    /// sees it), then the group's room (where its members see it is asked). Cancelling goes the same way.
    /// </summary>
    public Task<CommandOutcome> AskForHelpAsync(Actor actor, RoundtableRecord group, bool cancel) =>
        group.Kind == RoundtableKind.Breakout && group.ParentId is { } mainId
            ? HelpAsync(actor, mainId, cancel ? new CancelBreakoutHelp(group.Id) : new AskBreakoutHelp(group.Id), group.Id)
            : Task.FromResult(Refused(BreakoutRejections.NoBreakouts, "Ask for help from inside a breakout group."));

    /// <summary>The coach marks a group's call for help as handled, in the main room and in the group's room.</summary>
    public Task<CommandOutcome> HandleHelpAsync(Actor actor, string mainId, string groupRoomId) =>
        HelpAsync(actor, mainId, new HandleBreakoutHelp(groupRoomId), groupRoomId);

    private async Task<CommandOutcome> HelpAsync(Actor actor, string mainId, RoomCommand command, string groupRoomId)
    {
        var outcome = await runner.ExecuteAsync(mainId, actor, command);
        await FollowAsync(actor, mainId, outcome, _ => [groupRoomId]);
        return outcome;
    }

    /// <summary>
    /// Brings everyone back: ends each group's room (its pages go back to the main room, and its notes are final for
    /// learners), then closes the breakouts in the main room with each group's shared notes.
    /// </summary>
    public async Task<CommandOutcome> CloseAsync(Actor actor, string mainId, bool atDeadline)
    {
        var (check, open) = await runner.ReadAsync(mainId, state => (decider.Decide(state, actor, new CloseBreakouts([], atDeadline)), state.Feature<BreakoutsState>().Breakouts));
        if (!check.Accepted || check.Events.Count == 0 || open is null)
        {
            return new CommandOutcome(check, []);
        }
        var notes = new List<BreakoutGroupNotes>(open.Groups.Count);
        foreach (var group in open.Groups)
        {
            await runner.ExecuteAsync(group.RoomId, actor, new CloseBreakoutRoom());
            var note = await runner.ReadAsync(group.RoomId, state => state.Feature<SharedNotesState>().SharedNote);
            notes.Add(new BreakoutGroupNotes(group.RoomId, group.Name, note.Markdown, note.Html));
        }
        return await runner.ExecuteAsync(mainId, actor, new CloseBreakouts(notes, atDeadline));
    }

    /// <summary>
    /// A group's room is created on the node that opened the breakouts; a learner sent there at once may reach a node
    /// whose read models have not yet projected it. Waits (briefly) until this node has read the log as far as it went.
    /// </summary>
    public async Task BeforeResolveAsync(string? roomId)
    {
        if (!Ids.IsWellFormed(roomId) || access.Roundtable(roomId!) is not null)
        {
            return;
        }
        using var patience = new CancellationTokenSource(ProjectionPatience);
        try
        {
            await projector.WaitForAsync(await log.GetHeadPositionAsync(patience.Token), patience.Token);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            // Still unknown: the join says there is no such roundtable.
        }
    }

    /// <summary>
    /// Closes breakouts past their end when someone joins the main room or one of its groups: the close at the end is
    /// kept by the node that scheduled it, and if that node died, this is when the groups come back. The close is the
    /// same as at the end (as whoever opened them, if they are still staff of the cohort).
    /// </summary>
    public async Task BeforeJoinAsync(RoundtableRecord room)
    {
        var mainId = room.Kind == RoundtableKind.Breakout ? room.ParentId : room.Id;
        if (mainId is null || access.Roundtable(mainId) is not { } main)
        {
            return;
        }
        var open = await runner.ReadAsync(main.Id, state => state.Feature<BreakoutsState>().Breakouts);
        if (open is null || open.EndsAt > time.GetUtcNow() || access.User(open.OpenedBy) is not { } opener)
        {
            return;
        }
        if (access.RoomRoleIn(main.CohortId, opener) is { } role and (RoomRole.Coach or RoomRole.Admin))
        {
            await CloseAsync(new Actor(opener.Id, opener.DisplayName, role), main.Id, atDeadline: true);
        }
    }

    /// <summary>Has each group's room that <paramref name="roomsOf"/> names record what the main room just recorded.</summary>
    private async Task FollowAsync(Actor actor, string mainId, CommandOutcome outcome, Func<BreakoutsView, IEnumerable<string>> roomsOf)
    {
        if (outcome.Appended is not [.., var stored])
        {
            return;
        }
        var open = await runner.ReadAsync(mainId, state => state.Feature<BreakoutsState>().Breakouts);
        if (open is null)
        {
            return;
        }
        foreach (var roomId in roomsOf(open))
        {
            await runner.ExecuteAsync(roomId, actor, new FollowBreakoutParent((RoomEvent)stored.Event));
        }
    }

    private void ScheduleClose(string mainId, DateTimeOffset endsAt, Actor actor) => _ = CloseAtAsync(mainId, endsAt, actor);

    private async Task CloseAtAsync(string mainId, DateTimeOffset endsAt, Actor actor)
    {
        try
        {
            var wait = endsAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, lifetime.ApplicationStopping);
            }
            await CloseAsync(actor, mainId, atDeadline: true);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the coach brings everyone back instead.
        }
        catch (Exception ex)
        {
            LogCloseFailed(ex, mainId);
        }
    }

    private static CommandOutcome Refused(Rejection rejection, string reason) => RoomRefusals.Refused(rejection, reason);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Room {RoomId}: closing breakout groups at their end failed")]
    private partial void LogCloseFailed(Exception ex, string roomId);
}
