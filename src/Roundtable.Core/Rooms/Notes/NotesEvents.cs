using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms.Notes;

/// <summary>
/// The shared notes after an edit: <see cref="Markdown"/> is the whole merged text (source as written),
/// <see cref="Html"/> its sanitised rendering. <see cref="Version"/> counts the edits: 1, 2, 3, ...
/// </summary>
public sealed record SharedNoteEdited(long Version, string Markdown, string Html, string EditorUserId, string EditorName) : RoomEvent;

/// <summary>
/// A person's private note on a roundtable, saved. It lives on the author's own stream
/// (<see cref="NoteStreams.Private"/>), never on the room's, so no room audience ever receives it.
/// <see cref="Version"/> is the seq of this event on that stream.
/// </summary>
public sealed record PrivateNoteSaved(string UserId, string RoundtableId, string Markdown, string Html, long Version) : DomainEvent;

/// <summary>Where private notes live in the log: one stream per author and roundtable.</summary>
public static class NoteStreams
{
    private const string PrivatePrefix = "notes-";

    /// <summary>The stream of one person's private note on one roundtable ('.' never appears in ids, so names cannot collide).</summary>
    public static string Private(string userId, string roundtableId) => $"{PrivatePrefix}{userId}.{roundtableId}";
}
