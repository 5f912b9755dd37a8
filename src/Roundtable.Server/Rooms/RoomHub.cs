using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// The live room endpoint. Each method checks the caller and hands a command to <see cref="RoomCommandRunner"/>;
/// nothing here changes a room. Refusals are <see cref="HubException"/>s whose message the client can show as is.
/// This file is the room's core (join, leave, chat, catch-up); each feature's methods are a partial in the feature's
/// folder, map their request to a command and run it through <see cref="RunAsync(string?, RoomCommand)"/>; work beyond
/// that (directory look-ups, deadlines, several rooms at once) is the feature's own service, listed last here.
/// </summary>
[Authorize]
public sealed partial class RoomHub(
    RoomCommandRunner runner,
    PresenceTracker presence,
    IEventLog log,
    RoomAccess roomAccess,
    RoomConnections connections,
    IEnumerable<IRoomJoinStep> joinSteps,
    MarkdownRenderer markdown,
    IOptions<RoomsOptions> options,
    TimeProvider time,
    RoomEvictions evictions,
    PresentationSlots slots,
    FeedbackWindows feedback,
    BreakoutCoordinator breakouts,
    MediaAccessService mediaAccess,
    StageFiles stageFiles) : Hub<IRoomClient>
{
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Disconnected(Context.ConnectionId);
        return presence.DisconnectedAsync(Context.ConnectionId);
    }

    public async Task<JoinResult> Join(JoinRequest? request)
    {
        if (request is null || request.ProtocolVersion == 0)
        {
            throw new HubException($"Malformed join request: give roomId and protocolVersion; this server speaks room protocol {RoomProtocol.Version}. Reload the page.");
        }
        if (request.ProtocolVersion != RoomProtocol.Version)
        {
            throw new HubException($"This page speaks room protocol {request.ProtocolVersion}; the server speaks {RoomProtocol.Version}. Reload the page.");
        }
        foreach (var step in joinSteps)
        {
            await step.BeforeResolveAsync(request.RoomId);
        }
        var (_, room) = Resolve(request.RoomId);
        foreach (var step in joinSteps)
        {
            await step.BeforeJoinAsync(room);
        }
        // The whole decision before the groups, so someone kept out never hears a thing.
        var (actor, roundtable) = Admitted(await roomAccess.DecideAsync(CallerId, request.RoomId));

        // Into the group first, snapshot second: anything appended in between arrives as an event with a later
        // seq than the snapshot, and the client drops what the snapshot already holds.
        connections.Enter(Context.ConnectionId, actor.UserId, roundtable.Id);
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomsPaths.Group(roundtable.Id, Viewer.AudienceOf(actor.Role)));
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomsPaths.PersonalGroup(roundtable.Id, actor.UserId));
        await presence.AttachAsync(Context.ConnectionId, roundtable.Id, actor);
        var joined = await runner.ExecuteAsync(roundtable.Id, actor, new JoinRoom());
        // Asked again after entering the groups: a removal from the cohort projected meanwhile found no connection
        // of theirs to take out, so this join takes itself out.
        var stillMember = roomAccess.ByDirectory(actor.UserId, roundtable.Id);
        if (!joined.Decision.Accepted || !stillMember.Allowed)
        {
            // Refused (e.g. removed, or a locked room): out of the groups again, so nothing of the room reaches them.
            await Leave(roundtable.Id);
        }
        Check(joined);
        Admitted(stillMember);
        var snapshot = await runner.ReadAsync(roundtable.Id, state => state.ToSnapshot(options.Value.SnapshotMessages, Viewer.Of(actor)) with { ServerNow = time.GetUtcNow() });
        return new JoinResult(snapshot, actor.Role, actor.UserId, roundtable.Title, (int)options.Value.MessageEditWindow.TotalSeconds);
    }

    public async Task Leave(string? roomId)
    {
        if (roomId is null)
        {
            throw new HubException("Say which roundtable to leave.");
        }
        await presence.LeaveAsync(Context.ConnectionId, roomId);
        foreach (var audience in Enum.GetValues<RoomAudience>())
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomsPaths.Group(roomId, audience));
        }
        if (Context.User?.UserId() is { } userId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomsPaths.PersonalGroup(roomId, userId));
        }
        connections.Exit(Context.ConnectionId, roomId);
    }

    public async Task<PostMessageResult> PostMessage(PostMessageRequest? request)
    {
        if (request?.RoomId is null || request.Markdown is null)
        {
            throw new HubException("Malformed message: give roomId and markdown.");
        }
        // Membership is checked on every message, not only at join: someone removed from the cohort since is refused.
        var (actor, _) = Resolve(request.RoomId);
        await JoinedAsync(request.RoomId);
        var outcome = Check(await runner.ExecuteAsync(request.RoomId, actor, new PostMessage(request.Markdown, request.ClientMessageId)));
        return new PostMessageResult(outcome.Seq ?? 0);
    }

    /// <summary>Events after <paramref name="afterSeq"/>, for a client that saw a gap or reconnected.</summary>
    public async Task<CatchupResult> Catchup(string? roomId, long afterSeq)
    {
        if (afterSeq < 0)
        {
            throw new HubException("afterSeq cannot be negative.");
        }
        var byDirectory = roomAccess.ByDirectory(CallerId, roomId);
        var (actor, roundtable) = Admitted(byDirectory);
        var pageSize = options.Value.CatchupPageSize;
        var events = await log.ReadStreamAsync(StreamNames.Room(roundtable.Id), afterSeq, pageSize + 1);
        var hasMore = events.Count > pageSize;
        var page = events.Take(pageSize).ToList();
        // Viewed against the room's current state (e.g. a message hidden since it was sent stays hidden), and only
        // for someone the room lets in now (not removed, not another group's, not waiting at a locked door).
        var viewer = Viewer.Of(actor);
        return await runner.ReadAsync(roundtable.Id, state =>
        {
            Admitted(RoomAccess.InRoom(byDirectory, state));
            var (feedback, mine) = state.Feature<FeedbackState>().FeedbackFor(viewer);
            return new CatchupResult([.. page.Select(e => RoomEventEnvelope.From(e, state.View(e, viewer)))], hasMore, feedback, mine);
        });
    }

    /// <summary>Starts the roundtable; a circle's room starts again for each meeting.</summary>
    public Task StartRoundtable(string? roomId) =>
        RunAsync(roomId, (_, room) => new StartRoundtable(Recurring: room.Kind == RoundtableKind.Circle));

    public Task EndRoundtable(string? roomId) => RunAsync(roomId, new EndRoundtable());

    /// <summary>
    /// The common path of a room command: resolve the caller afresh (membership and role as they are now),
    /// run the command, and turn a refusal into a <see cref="HubException"/>. Feature hub methods use this.
    /// </summary>
    private async Task<CommandOutcome> RunAsync(string? roomId, RoomCommand command)
    {
        var (actor, roundtable) = Resolve(roomId);
        return Check(await runner.ExecuteAsync(roundtable.Id, actor, command));
    }

    /// <summary>The common path, for a command made from who calls and the room's directory record (e.g. a presenter's name).</summary>
    private async Task<CommandOutcome> RunAsync(string? roomId, Func<Actor, RoundtableRecord, RoomCommand> command)
    {
        var (actor, roundtable) = Resolve(roomId);
        return Check(await runner.ExecuteAsync(roundtable.Id, actor, command(actor, roundtable)));
    }

    /// <summary>The common path, for a command a feature's service runs itself (e.g. breakouts, across several rooms).</summary>
    private async Task<CommandOutcome> RunAsync(string? roomId, Func<Actor, RoundtableRecord, Task<CommandOutcome>> run)
    {
        var (actor, roundtable) = Resolve(roomId);
        return Check(await run(actor, roundtable));
    }

    /// <summary>Markdown as it will appear once sent (same renderer and sanitiser), for the composer's preview.</summary>
    public string PreviewMarkdown(string? source)
    {
        source ??= "";
        if (Encoding.UTF8.GetByteCount(source) > RoomLimits.MaxMessageBytes)
        {
            throw new HubException($"The message is over the {RoomLimits.MaxMessageBytes / 1024} KB limit.");
        }
        try
        {
            return markdown.Render(source);
        }
        catch (MarkdownTooDeepException tooDeep)
        {
            throw new HubException(tooDeep.Message);
        }
    }

    /// <summary>
    /// The caller by the directory (member of the room's cohort, with which role), asked afresh on every call. The
    /// room's own bars (removed, another group's, waiting) are the decider's, under the room's gate.
    /// </summary>
    private (Actor Actor, RoundtableRecord Roundtable) Resolve(string? roomId) => Admitted(roomAccess.ByDirectory(CallerId, roomId));

    private static (Actor Actor, RoundtableRecord Roundtable) Admitted(RoomAdmission admission) =>
        admission.Allowed ? (admission.Actor!, admission.Roundtable!) : throw new HubException(admission.Reason);

    private string CallerId => Context.User?.UserId() ?? throw new HubException("Sign in first.");

    /// <summary>Refuses a connection that has not joined, saying why it could not, if the room keeps the caller out.</summary>
    private async Task JoinedAsync(string roomId)
    {
        if (presence.ActorOf(Context.ConnectionId, roomId) is null)
        {
            Admitted(await roomAccess.DecideAsync(CallerId, roomId));
            throw new HubException("Join the roundtable before sending messages.");
        }
    }

    private static CommandOutcome Check(CommandOutcome outcome) =>
        outcome.Decision.Accepted ? outcome : throw new HubException(outcome.Decision.Reason);

    private static string RequireUserId(string? userId) =>
        Ids.IsWellFormed(userId) ? userId! : throw new HubException("Say whom: give the participant's user id.");
}
