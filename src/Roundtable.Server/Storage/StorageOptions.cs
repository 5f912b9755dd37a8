namespace Roundtable.Server.Storage;

/// <summary>Where this node keeps its data. Bound from the "Storage" section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the LiteDB file and the node's keys; relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabaseFileName { get; set; } = "roundtable.db";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFileName));

    /// <summary>
    /// When the embedded log acknowledges an append. <see cref="LogDurability.Flush"/> (the default): once it is on
    /// disk (fdatasync). <see cref="LogDurability.Os"/>: once the operating system has it, which survives a killed
    /// server but not a power cut or kernel crash (the last moments of acknowledged events can be lost).
    /// </summary>
    public LogDurability Durability { get; set; } = LogDurability.Flush;

    /// <summary>
    /// The embedded log refuses appends ("storage is full") while the data volume has less free space than this, so
    /// that LiteDB (which closes itself on a failed write) and the read models always have room to finish. 64 MB.
    /// </summary>
    public long MinFreeBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Where the embedded log keeps its segment files; unset: beside the database ("{name}-segments"). Another disk
    /// keeps the log's fdatasyncs off the database's (as PostgreSQL's pg_wal can be).
    /// </summary>
    public string? SegmentDirectory { get; set; }

    /// <summary>A segment of the embedded log is closed and a new one started beyond this size. 64 MB.</summary>
    public long SegmentBytes { get; set; } = 64L << 20;
}

public enum LogDurability
{
    /// <summary>Acknowledged once durable on disk (one fdatasync per batch of appends).</summary>
    Flush,
    /// <summary>Acknowledged once written to the operating system: survives the process, not the machine.</summary>
    Os,
}
