namespace Roundtable.Server.Storage;

/// <summary>One person's private note on one roundtable; read only by its author. Id: "{UserId}:{RoundtableId}".</summary>
public sealed class PrivateNoteRecord
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string RoundtableId { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string KeyOf(string userId, string roundtableId) => $"{userId}:{roundtableId}";
}

/// <summary>A roundtable's shared notes as last edited (the room's log holds every version). Id: the roundtable's.</summary>
public sealed class SharedNoteRecord
{
    public string Id { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public long Version { get; set; }
    public string EditorName { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}
