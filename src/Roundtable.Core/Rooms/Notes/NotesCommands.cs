namespace Roundtable.Core.Rooms.Notes;

/// <summary>The shared notes' commands.</summary>
public abstract record NotesCommand : RoomCommand;

/// <summary>
/// Saves the caller's edit of the shared notes: <see cref="Markdown"/> is their whole new text, edited from the
/// notes as they stood at <see cref="BaseVersion"/>. Changes made by others since are merged line by line.
/// </summary>
public sealed record EditSharedNote(long BaseVersion, string Markdown) : NotesCommand;

public static class NoteLimits
{
    /// <summary>
    /// The largest note (shared or private), in UTF-8 bytes of Markdown: half the hub's 64 KB message limit, so an
    /// oversized edit still reaches the decider and gets a clear refusal instead of a dropped connection.
    /// </summary>
    public const int MaxNoteBytes = 32 * 1024;

    /// <summary>How many earlier versions of the shared notes a room keeps to merge against; an edit from an older base must be redone.</summary>
    public const int MergeableVersions = 50;
}
