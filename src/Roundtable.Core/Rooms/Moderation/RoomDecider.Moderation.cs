namespace Roundtable.Core.Rooms;

public sealed partial class RoomDecider
{
    public const string MutedMessage = "The coach has muted you in this roundtable's chat.";
    public const string LearnerChatOffMessage = "The coach has turned off chat for learners in this roundtable.";
    public const string RemovedMessage = "The coach removed you from this roundtable. You can come back once they readmit you.";
    public const string WaitingMessage = "Waiting for the coach to let you in.";

    /// <summary>Moderation's veto on other commands: muted people and learners' chat (removed people and the lock: <see cref="RoomEntry"/>).</summary>
    private static Decision? CheckModerationRules(RoomState state, Actor actor, RoomCommand command) => command switch
    {
        PostMessage when state.Status != RoomStatus.Ended && state.IsMuted(actor.UserId) => Decision.Reject(Rejection.NotAllowed, MutedMessage),
        PostMessage when state.Status != RoomStatus.Ended && state.LearnerChatLocked && !actor.CanFacilitate =>
            Decision.Reject(Rejection.NotAllowed, LearnerChatOffMessage),
        _ => null,
    };

    private static Decision? DecideModeration(RoomState state, Actor actor, RoomCommand command)
    {
        if (command is AskToJoin)
        {
            return AskToJoin(state, actor);
        }
        if (command is not (MuteParticipant or UnmuteParticipant or RemoveParticipant or ReadmitParticipant
            or HideMessage or UnhideMessage or PinMessage or UnpinMessage or LockRoom or UnlockRoom
            or AdmitParticipant or DeclineParticipant or SetLearnerChat or SetNotesEditing))
        {
            return null;
        }
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can moderate this roundtable.");
        }
        // Hiding stays possible after the end, so a transcript can still be tidied.
        if (state.Status == RoomStatus.Ended && command is not (HideMessage or UnhideMessage))
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; there is nothing left to moderate.");
        }
        var by = actor.UserId;
        return command switch
        {
            MuteParticipant c => WithLearner(state, actor, c.UserId, "mute", p =>
                state.IsMuted(p.UserId) ? Decision.AlreadyDone() : Decision.Accept(new ParticipantMuted(p.UserId, p.DisplayName, by))),
            UnmuteParticipant c => state.IsMuted(c.UserId ?? "")
                ? Decision.Accept(new ParticipantUnmuted(c.UserId!, NameOf(state, c.UserId!), by))
                : Decision.AlreadyDone(),
            RemoveParticipant c => Remove(state, actor, c.UserId),
            ReadmitParticipant c => state.Removed.FirstOrDefault(p => p.UserId == c.UserId) is { } removed
                ? Decision.Accept(new ParticipantReadmitted(removed.UserId, removed.DisplayName, by))
                : Decision.AlreadyDone(),
            HideMessage c => WithMessage(state, c.MessageSeq, seq =>
                state.IsHidden(seq) ? Decision.AlreadyDone() : Decision.Accept(new MessageHidden(seq, by))),
            UnhideMessage c => WithMessage(state, c.MessageSeq, seq =>
                state.IsHidden(seq) ? Decision.Accept(new MessageUnhidden(seq, by)) : Decision.AlreadyDone()),
            PinMessage c => WithMessage(state, c.MessageSeq, seq =>
                state.IsPinned(seq) ? Decision.AlreadyDone() : Decision.Accept(new MessagePinned(seq, by))),
            UnpinMessage c => WithMessage(state, c.MessageSeq, seq =>
                state.IsPinned(seq) ? Decision.Accept(new MessageUnpinned(seq, by)) : Decision.AlreadyDone()),
            LockRoom => state.IsLocked ? Decision.AlreadyDone() : Decision.Accept(new RoomLocked(by)),
            // Unlocking lets everyone waiting in.
            UnlockRoom => state.IsLocked
                ? Decision.Accept([.. state.Waiting.Select(p => new ParticipantAdmitted(p.UserId, p.DisplayName, by)), new RoomUnlocked(by)])
                : Decision.AlreadyDone(),
            AdmitParticipant c => state.Waiting.FirstOrDefault(p => p.UserId == c.UserId) is { } waiting
                ? Decision.Accept(new ParticipantAdmitted(waiting.UserId, waiting.DisplayName, by))
                : Decision.Reject(Rejection.InvalidArgument, "That person is not waiting to join (any more)."),
            DeclineParticipant c => state.Waiting.FirstOrDefault(p => p.UserId == c.UserId) is { } waiting
                ? Decision.Accept(new ParticipantDeclined(waiting.UserId, waiting.DisplayName, by))
                : Decision.Reject(Rejection.InvalidArgument, "That person is not waiting to join (any more)."),
            SetLearnerChat c => state.LearnerChatLocked == !c.Allowed ? Decision.AlreadyDone() : Decision.Accept(new LearnerChatChanged(c.Allowed, by)),
            SetNotesEditing c => state.NotesLocked == !c.Allowed ? Decision.AlreadyDone() : Decision.Accept(new NotesEditingChanged(c.Allowed, by)),
            _ => null,
        };
    }

    private static Decision AskToJoin(RoomState state, Actor actor)
    {
        if (state.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended.");
        }
        return RoomEntry.MustWait(state, actor) && !state.IsWaiting(actor.UserId)
            ? Decision.Accept(new ParticipantWaiting(actor.UserId, actor.DisplayName))
            : Decision.AlreadyDone();
    }

    private static Decision Remove(RoomState state, Actor actor, string? userId)
    {
        if (state.IsRemoved(userId ?? ""))
        {
            return Decision.AlreadyDone();
        }
        if (state.Waiting.FirstOrDefault(p => p.UserId == userId) is { } waiting)
        {
            return Decision.Accept(new ParticipantRemoved(waiting.UserId, waiting.DisplayName, actor.UserId));
        }
        return WithLearner(state, actor, userId, "remove", p => Decision.Accept(
            new ParticipantRemoved(p.UserId, p.DisplayName, actor.UserId),
            new ParticipantLeft(p.UserId, p.DisplayName, LeaveReason.Left)));
    }

    /// <summary>Runs <paramref name="decide"/> for a present learner or manager; staff cannot be muted or removed.</summary>
    private static Decision WithLearner(RoomState state, Actor actor, string? userId, string verb, Func<Participant, Decision> decide)
    {
        var participant = state.Participants.FirstOrDefault(p => p.UserId == userId);
        if (participant is null)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"That person is not in the roundtable, so there is nobody to {verb}.");
        }
        if (participant.UserId == actor.UserId || participant.Role is RoomRole.Coach or RoomRole.Admin)
        {
            return Decision.Reject(Rejection.NotAllowed, $"Coaches and admins cannot {verb} themselves or each other.");
        }
        return decide(participant);
    }

    private static Decision WithMessage(RoomState state, long seq, Func<long, Decision> decide) =>
        state.FindMessage(seq) is null
            ? Decision.Reject(Rejection.InvalidArgument, $"There is no message {seq} in this roundtable.")
            : decide(seq);

    private static string NameOf(RoomState state, string userId) =>
        state.Participants.FirstOrDefault(p => p.UserId == userId)?.DisplayName
        ?? state.Removed.FirstOrDefault(p => p.UserId == userId)?.DisplayName
        ?? "Someone";
}
