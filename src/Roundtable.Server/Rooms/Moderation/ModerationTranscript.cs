using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class ModerationTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        // A reader other than staff and the person concerned has only placeholders of these: no line.
        ParticipantMuted { UserId: "" } or ParticipantUnmuted { UserId: "" } or ParticipantRemoved { UserId: "" } or ParticipantReadmitted { UserId: "" } => null,
        ParticipantMuted e => $"{e.DisplayName} was muted by the coach",
        ParticipantUnmuted e => $"{e.DisplayName} was unmuted",
        ParticipantRemoved e => $"{e.DisplayName} was removed by the coach",
        ParticipantReadmitted e => $"{e.DisplayName} was readmitted",
        MessageHidden e => $"The coach hid message {e.MessageSeq}",
        MessageUnhidden e => $"The coach showed message {e.MessageSeq} again",
        MessagePinned e => $"The coach pinned message {e.MessageSeq}",
        MessageUnpinned e => $"The coach unpinned message {e.MessageSeq}",
        RoomLocked => "The coach locked the roundtable",
        RoomUnlocked => "The coach unlocked the roundtable",
        ParticipantWaiting e => $"{e.DisplayName} asked to join",
        ParticipantAdmitted e => $"{e.DisplayName} was let in",
        ParticipantDeclined e => $"{e.DisplayName} was not let in",
        LearnerChatChanged e => e.Allowed ? "The coach turned learners' chat on" : "The coach turned learners' chat off",
        NotesEditingChanged e => e.Allowed ? "The coach turned notes editing on" : "The coach turned notes editing off",
        _ => null,
    };
}
