using Roundtable.Core.Log;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Server.Rooms;

public static partial class TranscriptRenderer
{
    private static string? DescribeNotes(StoredEvent stored) => stored.Event switch
    {
        SharedNoteEdited e => $"{e.EditorName} edited the shared notes (version {e.Version})",
        _ => null,
    };
}
