using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Rooms;

/// <summary>The shared notes as everyone in the room sees them.</summary>
public sealed record SharedNoteView(long Version, string Markdown, string Html, string? EditorName, DateTimeOffset? EditedAt)
{
    public static readonly SharedNoteView Empty = new(0, "", "", null, null);
}

public sealed record SharedNotesSnapshot(SharedNoteView SharedNote);

/// <summary>The shared notes, and the texts of their last few versions to merge edits made from them.</summary>
public sealed class SharedNotesState
{
    // Oldest first; version 0 is always "".
    internal readonly LinkedList<(long Version, string Markdown)> History = new();

    public SharedNoteView SharedNote { get; internal set; } = SharedNoteView.Empty;

    /// <summary>The shared notes' text at <paramref name="version"/>, or null when that version is unknown or no longer kept.</summary>
    public string? SharedNoteAt(long version)
    {
        if (version == 0)
        {
            return "";
        }
        foreach (var (v, markdown) in History)
        {
            if (v == version)
            {
                return markdown;
            }
        }
        return null;
    }

    internal void Apply(SharedNoteEdited e, DateTimeOffset at)
    {
        SharedNote = new SharedNoteView(e.Version, e.Markdown, e.Html, e.EditorName, at);
        History.AddLast((e.Version, e.Markdown));
        while (History.Count > NoteLimits.MergeableVersions)
        {
            History.RemoveFirst();
        }
    }
}
