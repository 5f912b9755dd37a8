using System.Text;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Rooms;

public static class NoteRejections
{
    public static readonly Rejection NoteConflict = new(nameof(NoteConflict));
}

/// <summary>The shared notes: everyone edits one Markdown text; edits from an older version merge line by line.</summary>
public sealed class NotesFeature : RoomFeature<SharedNotesState, NotesCommand, SharedNotesSnapshot>
{
    public NotesFeature()
    {
        On<SharedNoteEdited>((s, e, stored) => s.Apply(e, stored.At));
    }

    protected override SharedNotesState NewState(RoomState room) => new();

    protected override SharedNotesSnapshot Snapshot(RoomState room, SharedNotesState state, Viewer viewer) => new(state.SharedNote);

    protected override Decision Decide(RoomState room, SharedNotesState state, Actor actor, NotesCommand command, RoomDecider tools) => command switch
    {
        EditSharedNote edit => EditNote(room, state, actor, edit, tools),
        _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
    };

    private static Decision EditNote(RoomState room, SharedNotesState state, Actor actor, EditSharedNote edit, RoomDecider tools)
    {
        // Staff may tidy the notes after the session; everyone else may edit until the roundtable ends.
        if (room.Status == RoomStatus.Ended && !actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its shared notes are read-only.");
        }
        if (room.Feature<ModerationState>().NotesLocked && !actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "The coach has turned off notes editing for learners in this roundtable.");
        }
        if (Decision.TooLarge(edit.Markdown, NoteLimits.MaxNoteBytes, "The notes are", "Nothing was saved.") is { } tooLarge)
        {
            return tooLarge;
        }
        var current = state.SharedNote;
        if (edit.BaseVersion < 0 || edit.BaseVersion > current.Version)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"The shared notes have no version {edit.BaseVersion}; reload the notes.");
        }
        var baseText = state.SharedNoteAt(edit.BaseVersion);
        if (baseText is null)
        {
            return Decision.Reject(NoteRejections.NoteConflict,
                "The shared notes have changed many times since you started editing, too often to merge. Nothing of yours was saved: here is the current version; re-apply your changes to it.");
        }

        string merged;
        if (edit.BaseVersion == current.Version)
        {
            merged = edit.Markdown;
        }
        else
        {
            var result = ThreeWayMerge.Merge(baseText, edit.Markdown, current.Markdown);
            if (result.HasConflicts)
            {
                var first = result.Conflicts[0];
                var where = first.BaseLineCount > 1 ? $"lines {first.BaseLine}–{first.BaseLine + first.BaseLineCount - 1}" : $"line {first.BaseLine}";
                return Decision.Reject(NoteRejections.NoteConflict,
                    $"Someone changed the same lines ({where}) since you started editing. Nothing of yours was saved: here is their version; re-apply your changes to it.");
            }
            merged = result.Merged!;
            if (Encoding.UTF8.GetByteCount(merged) > NoteLimits.MaxNoteBytes)
            {
                return Decision.Reject(Rejection.MessageTooLarge,
                    $"Merged with the other changes, the notes would be over the {NoteLimits.MaxNoteBytes / 1024} KB limit. Nothing was saved.");
            }
        }
        if (merged == current.Markdown)
        {
            return Decision.AlreadyDone();
        }
        return Decision.Accept(new SharedNoteEdited(current.Version + 1, merged, tools.Render(merged), actor.UserId, actor.DisplayName));
    }
}
