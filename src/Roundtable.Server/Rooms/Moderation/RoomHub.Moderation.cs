using Microsoft.AspNetCore.SignalR;
using Roundtable.Server.Accounts;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed record AskToJoinResult(string UserId, bool Waiting);

public sealed partial class RoomHub
{
    public Task MuteParticipant(string? roomId, string? userId) => RunAsync(roomId, new MuteParticipant(RequireUserId(userId)));

    public Task UnmuteParticipant(string? roomId, string? userId) => RunAsync(roomId, new UnmuteParticipant(RequireUserId(userId)));

    /// <summary>
    /// Removes someone from the room: their connections on this node leave its groups before this returns, those on
    /// other nodes as soon as those nodes read the removal from the log (<see cref="RoomEvictions"/>).
    /// </summary>
    public async Task RemoveParticipant(string? roomId, string? userId)
    {
        var target = RequireUserId(userId);
        var outcome = await RunAsync(roomId, new RemoveParticipant(target));
        if (outcome.Appended.Count > 0)
        {
            await evictions.EvictFromRoomAsync(roomId!, target);
        }
    }

    public Task ReadmitParticipant(string? roomId, string? userId) => RunAsync(roomId, new ReadmitParticipant(RequireUserId(userId)));

    public Task HideMessage(string? roomId, long seq) => RunAsync(roomId, new HideMessage(RequireSeq(seq)));

    public Task UnhideMessage(string? roomId, long seq) => RunAsync(roomId, new UnhideMessage(RequireSeq(seq)));

    public Task PinMessage(string? roomId, long seq) => RunAsync(roomId, new PinMessage(RequireSeq(seq)));

    public Task UnpinMessage(string? roomId, long seq) => RunAsync(roomId, new UnpinMessage(RequireSeq(seq)));

    public Task LockRoom(string? roomId) => RunAsync(roomId, new LockRoom());

    public async Task UnlockRoom(string? roomId) => await TellWaitingAsync(roomId!, await RunAsync(roomId, new UnlockRoom()));

    public async Task AdmitParticipant(string? roomId, string? userId) =>
        await TellWaitingAsync(roomId!, await RunAsync(roomId, new AdmitParticipant(RequireUserId(userId))));

    public async Task DeclineParticipant(string? roomId, string? userId) =>
        await TellWaitingAsync(roomId!, await RunAsync(roomId, new DeclineParticipant(RequireUserId(userId))));

    public Task SetLearnerChat(string? roomId, bool allowed) => RunAsync(roomId, new SetLearnerChat(allowed));

    public Task SetNotesEditing(string? roomId, bool allowed) => RunAsync(roomId, new SetNotesEditing(allowed));

    /// <summary>
    /// After a join was refused because the room is locked: puts the caller on the waiting list, and this connection
    /// where it hears (and only hears) whether it was admitted or declined.
    /// </summary>
    public async Task<AskToJoinResult> AskToJoin(string? roomId)
    {
        var outcome = await RunAsync(roomId, new AskToJoin());
        var (actor, roundtable) = Resolve(roomId);
        var waiting = await runner.ReadAsync(roundtable.Id, state => state.Feature<ModerationState>().IsWaiting(actor.UserId));
        if (waiting)
        {
            connections.Enter(Context.ConnectionId, actor.UserId, roundtable.Id);
            await Groups.AddToGroupAsync(Context.ConnectionId, RoomsPaths.WaitingGroup(roundtable.Id));
        }
        return new AskToJoinResult(actor.UserId, waiting || outcome.Appended.Count > 0);
    }

    /// <summary>People on the waiting list are in no room group; they hear about admissions through their own.</summary>
    private async Task TellWaitingAsync(string roomId, CommandOutcome outcome)
    {
        var answers = outcome.Appended.Where(e => e.Event is ParticipantAdmitted or ParticipantDeclined).Select(RoomEventEnvelope.From).ToList();
        if (answers.Count > 0)
        {
            await Clients.Group(RoomsPaths.WaitingGroup(roomId)).RoomEvents(answers);
        }
    }

    private static long RequireSeq(long seq) =>
        seq >= 1 ? seq : throw new HubException("Say which message: give its number (seq), 1 or more.");
}
