using Roundtable.Core.Log;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Server.Rooms;

internal sealed class NotesTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        SharedNoteEdited e => $"{e.EditorName} edited the shared notes (version {e.Version})",
        _ => null,
    };
}
