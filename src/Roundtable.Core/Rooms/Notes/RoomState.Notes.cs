using Roundtable.Core.Log;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Rooms;

/// <summary>The shared notes as everyone in the room sees them.</summary>
public sealed record SharedNoteView(long Version, string Markdown, string Html, string? EditorName, DateTimeOffset? EditedAt)
{
    public static readonly SharedNoteView Empty = new(0, "", "", null, null);
}

public sealed partial record RoomSnapshot
{
    public SharedNoteView? SharedNote { get; init; }
}

public sealed partial class RoomState
{
    // The texts of the last few versions, oldest first, to merge edits made from them; version 0 is always "".
    private readonly LinkedList<(long Version, string Markdown)> _noteHistory = new();

    public SharedNoteView SharedNote { get; private set; } = SharedNoteView.Empty;

    /// <summary>The shared notes' text at <paramref name="version"/>, or null when that version is unknown or no longer kept.</summary>
    public string? SharedNoteAt(long version)
    {
        if (version == 0)
        {
            return "";
        }
        foreach (var (v, markdown) in _noteHistory)
        {
            if (v == version)
            {
                return markdown;
            }
        }
        return null;
    }

    private bool ApplyNotes(StoredEvent stored)
    {
        if (stored.Event is not SharedNoteEdited e)
        {
            return false;
        }
        SharedNote = new SharedNoteView(e.Version, e.Markdown, e.Html, e.EditorName, stored.At);
        _noteHistory.AddLast((e.Version, e.Markdown));
        while (_noteHistory.Count > NoteLimits.MergeableVersions)
        {
            _noteHistory.RemoveFirst();
        }
        return true;
    }

    private RoomSnapshot WithNotes(RoomSnapshot snapshot, Viewer viewer) => snapshot with { SharedNote = SharedNote };
}
