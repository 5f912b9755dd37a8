using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Server.Rooms;

public enum SharedNoteOutcome
{
    /// <summary>Stored as written: nobody had changed the notes since the caller's base version.</summary>
    Saved,

    /// <summary>Stored, merged with changes others made since the caller's base version.</summary>
    Merged,

    /// <summary>Nothing to store: the notes already read like that.</summary>
    Unchanged,

    /// <summary>Refused: others changed the same lines. <see cref="SharedNoteResult.Note"/> is their version.</summary>
    Conflict,
}

/// <summary>What became of an edit of the shared notes, with the notes as they now stand (the base for the next edit).</summary>
public sealed record SharedNoteResult(SharedNoteOutcome Outcome, SharedNoteView Note, string? Message);

public sealed partial class RoomHub
{
    /// <summary>
    /// Saves the caller's whole new text of the shared notes, edited from <paramref name="baseVersion"/>. A conflict
    /// is not an error: it comes back with the current notes, so the client can show them and let the person re-apply.
    /// </summary>
    public async Task<SharedNoteResult> EditSharedNote(string? roomId, long baseVersion, string? markdown)
    {
        if (markdown is null)
        {
            throw new HubException("Malformed edit: give the notes' text.");
        }
        if (baseVersion < 0)
        {
            throw new HubException("baseVersion cannot be negative.");
        }
        var (actor, roundtable) = Resolve(roomId);
        var outcome = await runner.ExecuteAsync(roundtable.Id, actor, new EditSharedNote(baseVersion, markdown));
        if (outcome.Decision.Rejection == NoteRejections.NoteConflict)
        {
            var current = await runner.ReadAsync(roundtable.Id, state => state.Feature<SharedNotesState>().SharedNote);
            return new SharedNoteResult(SharedNoteOutcome.Conflict, current, outcome.Decision.Reason);
        }
        Check(outcome);
        if (outcome.Appended is [.., { Event: SharedNoteEdited edited } stored])
        {
            var note = new SharedNoteView(edited.Version, edited.Markdown, edited.Html, edited.EditorName, stored.At);
            return new SharedNoteResult(edited.Version == baseVersion + 1 ? SharedNoteOutcome.Saved : SharedNoteOutcome.Merged, note, null);
        }
        return new SharedNoteResult(SharedNoteOutcome.Unchanged, await runner.ReadAsync(roundtable.Id, state => state.Feature<SharedNotesState>().SharedNote), null);
    }
}
