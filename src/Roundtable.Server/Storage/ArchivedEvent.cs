namespace Roundtable.Server.Storage;

/// <summary>
/// One event of a shared (Redis) log as this node archived it, in the embedded log's shape: <see cref="Id"/> is the
/// global position, <see cref="Data"/> the serialised event exactly as Redis held it.
/// </summary>
public sealed class ArchivedEvent
{
    public long Id { get; set; }

    /// <summary>"{stream}:{seq:D19}": one index serves ordered range reads of a stream.</summary>
    public string Key { get; set; } = "";

    public string Stream { get; set; } = "";

    public long Seq { get; set; }

    public DateTime At { get; set; }

    public string Data { get; set; } = "";

    public static string KeyOf(string stream, long seq) => $"{stream}:{seq:D19}";
}
