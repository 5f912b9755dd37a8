using LiteDB;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Storage;

/// <summary>
/// Owns this process's one <see cref="LiteDatabase"/> (one instance per file: two on one file corrupt it),
/// with its own <see cref="BsonMapper"/> and every collection and index, created at start-up.
/// </summary>
public sealed class RoundtableDb : IDisposable
{
    public RoundtableDb(IOptions<StorageOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    public RoundtableDb(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var mapper = new BsonMapper { EnumAsInteger = false };
        Database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, mapper) { UtcDate = true };

        Events = Database.GetCollection<EventDocument>("events");
        Events.EnsureIndex(e => e.Key, unique: true);
        Streams = Database.GetCollection<StreamDocument>("streams");

        Users = Database.GetCollection<UserRecord>("users");
        Users.EnsureIndex(u => u.Email, unique: true);
        Programs = Database.GetCollection<ProgramRecord>("programs");
        Cohorts = Database.GetCollection<CohortRecord>("cohorts");
        Cohorts.EnsureIndex(c => c.ProgramId);
        Memberships = Database.GetCollection<MembershipRecord>("memberships");
        Memberships.EnsureIndex(m => m.UserId);
        Memberships.EnsureIndex(m => m.CohortId);
        Roundtables = Database.GetCollection<RoundtableRecord>("roundtables");
        Roundtables.EnsureIndex(r => r.CohortId);
        Checkpoints = Database.GetCollection<CheckpointRecord>("checkpoints");
    }

    public LiteDatabase Database { get; }

    // The event log (used only by LiteDbEventLog).
    internal ILiteCollection<EventDocument> Events { get; }
    internal ILiteCollection<StreamDocument> Streams { get; }

    // Read models (written only by the projector).
    public ILiteCollection<UserRecord> Users { get; }
    public ILiteCollection<ProgramRecord> Programs { get; }
    public ILiteCollection<CohortRecord> Cohorts { get; }
    public ILiteCollection<MembershipRecord> Memberships { get; }
    public ILiteCollection<RoundtableRecord> Roundtables { get; }
    public ILiteCollection<CheckpointRecord> Checkpoints { get; }

    public void Dispose() => Database.Dispose();
}

/// <summary>One event in the LiteDB log. <see cref="Id"/> is the global position.</summary>
internal sealed class EventDocument
{
    public long Id { get; set; }
    /// <summary>"{stream}:{seq:D19}": one composite index serves both uniqueness and ordered range reads of a stream.</summary>
    public string Key { get; set; } = "";
    public string Stream { get; set; } = "";
    public long Seq { get; set; }
    public DateTime At { get; set; }
    public string Data { get; set; } = "";

    public static string KeyOf(string stream, long seq) => $"{stream}:{seq:D19}";
}

/// <summary>A stream's current version, kept beside its events in the same transaction.</summary>
internal sealed class StreamDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
}
