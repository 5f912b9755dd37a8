using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

/// <summary>Mute, remove, hide, pin, lock and let in; and the veto on posting for the muted and, when chat is off, for learners.</summary>
public sealed class ModerationFeature : RoomFeature<ModerationState, ModerationCommand, ModerationSnapshot>
{
    public const string MutedMessage = "The coach has muted you in this roundtable's chat.";
    public const string MutedQuestionMessage = "The coach has muted you in this roundtable, so you cannot ask questions until they unmute you.";
    public const string LearnerChatOffMessage = "The coach has turned off chat for learners in this roundtable.";
    public const string RemovedMessage = "The coach removed you from this roundtable. You can come back once they readmit you.";
    public const string WaitingMessage = "Waiting for the coach to let you in.";
    public const string HiddenMessageUnchangeable = "The coach hid that message; it can no longer be edited or deleted.";

    public ModerationFeature()
    {
        On<ParticipantMuted>((s, e, _) => s.Muted.Add(e.UserId));
        On<ParticipantUnmuted>((s, e, _) => s.Muted.Remove(e.UserId));
        On<ParticipantRemoved>((s, e, _) =>
        {
            s.RemovedPeople.RemoveAll(p => p.UserId == e.UserId);
            s.RemovedPeople.Add(new PersonRef(e.UserId, e.DisplayName));
            s.WaitingPeople.RemoveAll(p => p.UserId == e.UserId);
            s.Admitted.Remove(e.UserId);
        });
        On<ParticipantReadmitted>((s, e, stored) =>
        {
            s.RemovedPeople.RemoveAll(p => p.UserId == e.UserId);
            s.Admitted[e.UserId] = stored.Seq;
        });
        On<MessageHidden>((s, e, _) => s.Hidden.Add(e.MessageSeq));
        On<MessageUnhidden>((s, e, _) => s.Hidden.Remove(e.MessageSeq));
        On<MessagePinned>((s, e, _) =>
        {
            s.Pinned.Remove(e.MessageSeq);
            s.Pinned.Add(e.MessageSeq);
        });
        On<MessageUnpinned>((s, e, _) => s.Pinned.Remove(e.MessageSeq));
        On<RoomLocked>((room, s, _, stored) =>
        {
            s.IsLocked = true;
            // The lock holds for everyone not in the room at this moment: those present stay let in (until they
            // leave), and nobody let in earlier in the session (admitted, readmitted) keeps that once they are gone.
            s.Admitted.Clear();
            foreach (var present in room.Participants)
            {
                s.Admitted[present.UserId] = stored.Seq;
            }
        });
        On<RoomUnlocked>((s, _, _) =>
        {
            s.IsLocked = false;
            s.WaitingPeople.Clear();
            s.Admitted.Clear();
        });
        On<ParticipantWaiting>((s, e, _) =>
        {
            s.WaitingPeople.RemoveAll(p => p.UserId == e.UserId);
            s.WaitingPeople.Add(new PersonRef(e.UserId, e.DisplayName));
        });
        On<ParticipantAdmitted>((s, e, stored) =>
        {
            s.WaitingPeople.RemoveAll(p => p.UserId == e.UserId);
            s.Admitted[e.UserId] = stored.Seq;
        });
        On<ParticipantDeclined>((s, e, _) => s.WaitingPeople.RemoveAll(p => p.UserId == e.UserId));
        On<LearnerChatChanged>((s, e, _) => s.LearnerChatLocked = !e.Allowed);
        On<NotesEditingChanged>((s, e, _) => s.NotesLocked = !e.Allowed);

        // What happens to one person (muted, unmuted, removed, readmitted) is for staff and that person: the other
        // learners and managers get a placeholder naming nobody, which only keeps their seq gap-free (events,
        // snapshots, catch-up and transcript alike), and the person concerned gets their own view live too.
        PersonalNotice<ParticipantMuted>(e => e.UserId, e => e with { UserId = "", DisplayName = "", ByUserId = "" });
        PersonalNotice<ParticipantUnmuted>(e => e.UserId, e => e with { UserId = "", DisplayName = "", ByUserId = "" });
        PersonalNotice<ParticipantRemoved>(e => e.UserId, e => e with { UserId = "", DisplayName = "", ByUserId = "" });
        PersonalNotice<ParticipantReadmitted>(e => e.UserId, e => e with { UserId = "", DisplayName = "", ByUserId = "" });

        // Learners and managers see a hidden message as an empty copy; an unhide carries the message back.
        View<MessagePosted>((_, s, m, stored, viewer) => !viewer.IsStaff && s.IsHidden(stored.Seq) ? m with { Markdown = "", Html = "" } : null);
        View<MessageEdited>((_, s, e, _, viewer) => !viewer.IsStaff && s.IsHidden(e.MessageSeq) ? e with { Markdown = "", Html = "" } : null);
        View<MessageUnhidden>((room, s, u, _, viewer) =>
            viewer.IsStaff || !s.IsHidden(u.MessageSeq) ? u with { Html = room.FindMessage(u.MessageSeq)?.Html } : null);
    }

    protected override ModerationState NewState(RoomState room) => new(room);

    private void PersonalNotice<TEvent>(Func<TEvent, string> person, Func<TEvent, TEvent> placeholder)
        where TEvent : RoomEvent
    {
        Concerns(person);
        View<TEvent>((_, _, e, _, viewer) => viewer.IsStaff || viewer.UserId == person(e) ? null : placeholder(e));
    }

    /// <summary>
    /// Moderation's veto on other commands: muted people and learners' chat, for sending and for changing one's messages
    /// (removed people and the lock: <see cref="RoomEntry"/>); and a message the coach hid stays as it is.
    /// Muting silences a person wherever they would speak to the room: a chat message and a question are both speaking.
    /// Upvoting a question is not (it adds no words, only weight to someone else's), so a muted learner may still upvote.
    /// </summary>
    public override Decision? Veto(RoomState room, Actor actor, RoomCommand command)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return null;
        }
        var state = State(room);
        return command switch
        {
            PostMessage or EditMessage or DeleteMessage when state.IsMuted(actor.UserId) => Decision.Reject(Rejection.NotAllowed, MutedMessage),
            PostMessage or EditMessage or DeleteMessage when state.LearnerChatLocked && !actor.CanFacilitate
                => Decision.Reject(Rejection.NotAllowed, LearnerChatOffMessage),
            AskQuestion when state.IsMuted(actor.UserId) => Decision.Reject(Rejection.NotAllowed, MutedQuestionMessage),
            _ when ChangedMessage(command) is { } seq && state.IsHidden(seq) => Decision.Reject(ChatRejections.MessageHidden, HiddenMessageUnchangeable),
            _ => null,
        };
    }

    private static long? ChangedMessage(RoomCommand command) => command switch
    {
        EditMessage edit => edit.MessageSeq,
        DeleteMessage delete => delete.MessageSeq,
        _ => null,
    };

    public override ChatMessage ViewMessage(RoomState room, ChatMessage message, Viewer viewer) =>
        !viewer.IsStaff && State(room).IsHidden(message.Seq) ? message with { Markdown = "", Html = "" } : message;

    protected override ModerationSnapshot Snapshot(RoomState room, ModerationState state, Viewer viewer) => new(new ModerationView(
        // Participants learn only whether they themselves are muted.
        viewer.IsStaff ? [.. state.Muted.Order(StringComparer.Ordinal)]
            : viewer.UserId is { } self && state.IsMuted(self) ? [self] : [],
        viewer.IsStaff ? [.. state.Removed] : [],
        viewer.IsStaff ? [.. state.Waiting] : [],
        [.. state.Hidden.Order()],
        [.. state.Pinned.Select(room.FindMessage).OfType<ChatMessage>().Where(m => !m.Deleted).Select(m => ViewMessage(room, m, viewer))],
        state.IsLocked,
        state.LearnerChatLocked,
        state.NotesLocked));

    protected override Decision Decide(RoomState room, ModerationState state, Actor actor, ModerationCommand command, RoomDecider tools)
    {
        if (command is AskToJoin)
        {
            return AskToJoin(room, state, actor);
        }
        if (!actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only a coach or an admin can moderate this roundtable.");
        }
        // Hiding stays possible after the end, so a transcript can still be tidied.
        if (room.Status == RoomStatus.Ended && command is not (HideMessage or UnhideMessage))
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; there is nothing left to moderate.");
        }
        var by = actor.UserId;
        return command switch
        {
            MuteParticipant c => WithLearner(room, actor, c.UserId, "mute", p =>
                state.IsMuted(p.UserId) ? Decision.AlreadyDone() : Decision.Accept(new ParticipantMuted(p.UserId, p.DisplayName, by))),
            UnmuteParticipant c => state.IsMuted(c.UserId ?? "")
                ? Decision.Accept(new ParticipantUnmuted(c.UserId!, NameOf(room, state, c.UserId!), by))
                : Decision.AlreadyDone(),
            RemoveParticipant c => Remove(room, state, actor, c.UserId),
            ReadmitParticipant c => state.Removed.FirstOrDefault(p => p.UserId == c.UserId) is { } removed
                ? Decision.Accept(new ParticipantReadmitted(removed.UserId, removed.DisplayName, by))
                : Decision.AlreadyDone(),
            HideMessage c => WithMessage(room, c.MessageSeq, seq =>
                state.IsHidden(seq) ? Decision.AlreadyDone() : Decision.Accept(new MessageHidden(seq, by))),
            UnhideMessage c => WithMessage(room, c.MessageSeq, seq =>
                state.IsHidden(seq) ? Decision.Accept(new MessageUnhidden(seq, by)) : Decision.AlreadyDone()),
            PinMessage c => WithMessage(room, c.MessageSeq, seq =>
                state.IsPinned(seq) ? Decision.AlreadyDone() : Decision.Accept(new MessagePinned(seq, by))),
            UnpinMessage c => WithMessage(room, c.MessageSeq, seq =>
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
            _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
        };
    }

    private static Decision AskToJoin(RoomState room, ModerationState state, Actor actor)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended.");
        }
        return RoomEntry.MustWait(room, actor) && !state.IsWaiting(actor.UserId)
            ? Decision.Accept(new ParticipantWaiting(actor.UserId, actor.DisplayName))
            : Decision.AlreadyDone();
    }

    private static Decision Remove(RoomState room, ModerationState state, Actor actor, string? userId)
    {
        if (state.IsRemoved(userId ?? ""))
        {
            return Decision.AlreadyDone();
        }
        if (state.Waiting.FirstOrDefault(p => p.UserId == userId) is { } waiting)
        {
            return Decision.Accept(new ParticipantRemoved(waiting.UserId, waiting.DisplayName, actor.UserId));
        }
        return WithLearner(room, actor, userId, "remove", p => Decision.Accept(
            new ParticipantRemoved(p.UserId, p.DisplayName, actor.UserId),
            new ParticipantLeft(p.UserId, p.DisplayName, LeaveReason.Left)));
    }

    /// <summary>Runs <paramref name="decide"/> for a present learner or manager; staff cannot be muted or removed.</summary>
    private static Decision WithLearner(RoomState room, Actor actor, string? userId, string verb, Func<Participant, Decision> decide)
    {
        var participant = room.Participants.FirstOrDefault(p => p.UserId == userId);
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

    private static Decision WithMessage(RoomState room, long seq, Func<long, Decision> decide) =>
        room.FindMessage(seq) is null
            ? Decision.Reject(Rejection.InvalidArgument, $"There is no message {seq} in this roundtable.")
            : decide(seq);

    private static string NameOf(RoomState room, ModerationState state, string userId) =>
        room.Participants.FirstOrDefault(p => p.UserId == userId)?.DisplayName
        ?? state.Removed.FirstOrDefault(p => p.UserId == userId)?.DisplayName
        ?? "Someone";
}
