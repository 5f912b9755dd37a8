using LiteDB;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Storage;

/// <summary>
/// Owns this process's one <see cref="LiteDatabase"/> (one instance per file: two on one file corrupt it),
/// with its own <see cref="BsonMapper"/> and every collection and index, created at start-up.
/// </summary>
public sealed class RoundtableDb : IDisposable
{
    private const int CheckpointPages = 100;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> OpenFiles = new(StringComparer.Ordinal);
    private readonly string _path;
    private static readonly List<LiteDatabase> Retired = [];
    private readonly Lock _reopenLock = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public RoundtableDb(IOptions<StorageOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    public RoundtableDb(string path)
    {
        _path = Path.GetFullPath(path);
        // Two instances on one file in one process corrupt it; fail loudly instead.
        if (!OpenFiles.TryAdd(_path, 0))
        {
            throw new InvalidOperationException($"The database {_path} is already open in this process.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        OpenDatabase();
    }

    /// <summary>The folder of the event log's segment files, beside the database file.</summary>
    public string SegmentDirectory => Path.Combine(Path.GetDirectoryName(_path)!, Path.GetFileNameWithoutExtension(_path) + "-segments");

    /// <summary>
    /// Opens the database afresh if LiteDB has closed it. LiteDB 5 closes its engine on any IOException (a full disk,
    /// say) and from then on rethrows that exception from every call; the read models and the log come back only
    /// with a new instance. Called after a failure, by the log's writer and the projector; false when the database
    /// was open (or still cannot be opened: the caller retries later).
    /// </summary>
    public bool ReopenIfClosed()
    {
        lock (_reopenLock)
        {
            if (!IsClosed())
            {
                return false;
            }
            Reopen();
            return true;
        }
    }

    /// <summary>
    /// Closes the database and opens it afresh, closed by LiteDB or not: after a write failed part-way LiteDB may stay
    /// open with its free-page lists in memory wrong ("empty page must be defined as empty type" on every later
    /// write). Only committed transactions are in its journal; the new instance reads them from there.
    /// </summary>
    public void Reopen()
    {
        lock (_reopenLock)
        {
            var old = Database;
            // Kept reachable for the life of the process: a transaction LiteDB could not finish stays in its monitor, and
            // LiteDB 5's TransactionService finalizer disposes it again, which throws on a broken engine ("discarded page
            // must be writable") on the finalizer thread and so ends the process. Retired only after a storage failure.
            lock (Retired)
            {
                Retired.Add(old);
            }
            try
            {
                old.Dispose();
            }
            catch (Exception ex) when (ex is IOException or LiteException or ObjectDisposedException)
            {
                // Closed already by LiteDB, or it failed closing: its streams are gone either way.
            }
            OpenDatabase();
        }
    }

    private bool IsClosed()
    {
        try
        {
            // Every engine call checks first whether the engine was closed, and rethrows the failure that closed it.
            if (Database.BeginTrans())
            {
                Database.Rollback();
            }
            return false;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException || ex is LiteException { ErrorCode: LiteException.ENGINE_DISPOSED })
        {
            return true;
        }
    }

    private void OpenDatabase()
    {
        var mapper = new BsonMapper { EnumAsInteger = false };
        Database = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct }, mapper) { UtcDate = true };
        // Copy the journal into the data file every 100 pages, not LiteDB's 1,000: a commit that triggers the copy waits
        // for it, and at 1,000 pages that stalled appends for up to 186 ms (p99.9 7 ms; at 100: max 4 ms, p99.9 2 ms),
        // while the total time for 15,000 single appends fell from 3.9 s to 2.6 s (docs/BENCHMARKS.md).
        Database.Pragma("CHECKPOINT", CheckpointPages);

        Events = Open<EventDocument>("events");
        Events.EnsureIndex(e => e.Key, unique: true);
        Archive = Open<EventDocument>("log_archive");
        Archive.EnsureIndex(e => e.Key, unique: true);

        Users = Open<UserRecord>("users");
        Users.EnsureIndex(u => u.Email, unique: true);
        Programs = Open<ProgramRecord>("programs");
        Cohorts = Open<CohortRecord>("cohorts");
        Cohorts.EnsureIndex(c => c.ProgramId);
        Memberships = Open<MembershipRecord>("memberships");
        Memberships.EnsureIndex(m => m.UserId);
        Memberships.EnsureIndex(m => m.CohortId);
        Roundtables = Open<RoundtableRecord>("roundtables");
        Roundtables.EnsureIndex(r => r.CohortId);
        Checkpoints = Open<CheckpointRecord>("checkpoints");
        PrivateNotes = Open<PrivateNoteRecord>("private_notes");
        PrivateNotes.EnsureIndex(n => n.UserId);
        SharedNotes = Open<SharedNoteRecord>("shared_notes");
        RubricVersions = Open<RubricVersionRecord>("rubric_versions");
        RubricVersions.EnsureIndex(r => r.RubricId);
        RubricVersions.EnsureIndex(r => r.ProgramId);
        PlanExercises = Open<PlanExerciseRecord>("plan_exercises");
        PlanExercises.EnsureIndex(x => x.CohortId);
        Plans = Open<PlanRecord>("plans");
        Plans.EnsureIndex(p => p.ExerciseId);
        Plans.EnsureIndex(p => p.LearnerId);
        PlanEntries = Open<PlanEntryRecord>("plan_entries");
        PlanEntries.EnsureIndex(e => e.PlanId);
        Notifications = Open<NotificationRecord>("notifications");
        Notifications.EnsureIndex(n => n.UserId);
        Notifications.EnsureIndex(n => n.Position);
        Notifications.EnsureIndex(n => n.At);
        Profiles = Open<ProfileRecord>("profiles");
        Mentorships = Open<MentorshipRecord>("mentorships");
        Mentorships.EnsureIndex(m => m.MentorId);
        Mentorships.EnsureIndex(m => m.LearnerId);
        Circles = Open<CircleRecord>("circles");
        Circles.EnsureIndex(c => c.CohortId);
        MentorRequests = Open<MentorRequestRecord>("mentor_requests");
        MentorRequests.EnsureIndex(r => r.MentorId);
        MentorRequests.EnsureIndex(r => r.LearnerId);
        AccountLinks = Open<Accounts.AccountLinkRecord>("account_links");
        AccountLinks.EnsureIndex(l => l.UserId);
        ProgramAccess = Open<global::Roundtable.Server.AccessRequests.ProgramAccessRecord>("program_access");
        AccessRequests = Open<global::Roundtable.Server.AccessRequests.AccessRequestRecord>("access_requests");
        AccessRequests.EnsureIndex(r => r.CohortId);
        AccessRequests.EnsureIndex(r => r.UserId);
        CalendarFeeds = Open<CalendarFeedRecord>("calendar_feeds");
        CalendarFeeds.EnsureIndex(f => f.UserId);
        DueReminders = Open<DueReminderRecord>("due_reminders");
        DueReminders.EnsureIndex(r => r.DueAt);
        DueReminders.EnsureIndex(r => r.RoundtableId);
        OpenAsyncPresentations();
        (DiscussionThreads, DiscussionPosts, DiscussionReads) = Discussions.DiscussionCollections.Open(Open<Discussions.DiscussionThreadRecord>, Open<Discussions.DiscussionPostRecord>, Open<Discussions.DiscussionReadRecord>);
        WikiPages = Open<WikiPageRecord>("wiki_pages");
        WikiPages.EnsureIndex(p => p.CohortId);
        WikiPages.EnsureIndex(p => p.LinksTo);
        WikiVersions = Open<WikiVersionRecord>("wiki_versions");
        WikiVersions.EnsureIndex(v => v.PageId);
    }

    /// <summary>
    /// LiteDB corrupts its file when two threads create collections at the same moment (the log's writer and the
    /// projector would, on first use): every collection is created here, on one thread, as it is opened at start-up.
    /// </summary>
    private ILiteCollection<T> Open<T>(string name)
    {
        CreateIfMissing(name);
        return Database.GetCollection<T>(name);
    }

    private void CreateIfMissing(string name)
    {
        if (Database.CollectionExists(name))
        {
            return;
        }
        var collection = Database.GetCollection(name);
        var placeholder = new BsonDocument { ["_id"] = "created" };
        collection.Insert(placeholder);
        collection.Delete(placeholder["_id"]);
    }

    public LiteDatabase Database { get; private set; } = null!;

    // The event log (used only by LiteDbEventLog).
    internal ILiteCollection<EventDocument> Events { get; private set; } = null!;

    // The scaled deployment's archive of the shared log (used only by Scaleout.LogArchive).
    internal ILiteCollection<EventDocument> Archive { get; private set; } = null!;

    // Read models (written only by the projector).
    public ILiteCollection<UserRecord> Users { get; private set; } = null!;
    public ILiteCollection<ProgramRecord> Programs { get; private set; } = null!;
    public ILiteCollection<CohortRecord> Cohorts { get; private set; } = null!;
    public ILiteCollection<MembershipRecord> Memberships { get; private set; } = null!;
    public ILiteCollection<RoundtableRecord> Roundtables { get; private set; } = null!;
    public ILiteCollection<CheckpointRecord> Checkpoints { get; private set; } = null!;
    public ILiteCollection<PrivateNoteRecord> PrivateNotes { get; private set; } = null!;
    public ILiteCollection<SharedNoteRecord> SharedNotes { get; private set; } = null!;
    public ILiteCollection<RubricVersionRecord> RubricVersions { get; private set; } = null!;
    public ILiteCollection<PlanExerciseRecord> PlanExercises { get; private set; } = null!;
    public ILiteCollection<PlanRecord> Plans { get; private set; } = null!;
    public ILiteCollection<PlanEntryRecord> PlanEntries { get; private set; } = null!;
    public ILiteCollection<NotificationRecord> Notifications { get; private set; } = null!;
    public ILiteCollection<ProfileRecord> Profiles { get; private set; } = null!;
    public ILiteCollection<MentorshipRecord> Mentorships { get; private set; } = null!;
    public ILiteCollection<CircleRecord> Circles { get; private set; } = null!;
    public ILiteCollection<MentorRequestRecord> MentorRequests { get; private set; } = null!;
    public ILiteCollection<Accounts.AccountLinkRecord> AccountLinks { get; private set; } = null!;
    public ILiteCollection<global::Roundtable.Server.AccessRequests.ProgramAccessRecord> ProgramAccess { get; private set; } = null!;
    public ILiteCollection<global::Roundtable.Server.AccessRequests.AccessRequestRecord> AccessRequests { get; private set; } = null!;
    public ILiteCollection<CalendarFeedRecord> CalendarFeeds { get; private set; } = null!;
    public ILiteCollection<DueReminderRecord> DueReminders { get; private set; } = null!;
    public ILiteCollection<global::Roundtable.Server.AsyncPresentations.UploadRecord> Uploads { get; private set; } = null!;
    public ILiteCollection<global::Roundtable.Server.AsyncPresentations.AsyncPresentationRecord> AsyncPresentations { get; private set; } = null!;
    public ILiteCollection<global::Roundtable.Server.AsyncPresentations.AsyncRoundRecord> AsyncRounds { get; private set; } = null!;
    public ILiteCollection<global::Roundtable.Server.AsyncPresentations.AsyncReviewRecord> AsyncReviews { get; private set; } = null!;

    private void OpenAsyncPresentations()
    {
        Uploads = Open<global::Roundtable.Server.AsyncPresentations.UploadRecord>("uploads");
        Uploads.EnsureIndex(u => u.OwnerId);
        AsyncPresentations = Open<global::Roundtable.Server.AsyncPresentations.AsyncPresentationRecord>("async_presentations");
        AsyncPresentations.EnsureIndex(p => p.CohortId);
        AsyncPresentations.EnsureIndex(p => p.PresenterId);
        AsyncRounds = Open<global::Roundtable.Server.AsyncPresentations.AsyncRoundRecord>("async_rounds");
        AsyncRounds.EnsureIndex(r => r.CohortId);
        AsyncReviews = Open<global::Roundtable.Server.AsyncPresentations.AsyncReviewRecord>("async_reviews");
        AsyncReviews.EnsureIndex(r => r.PresentationId);
        AsyncReviews.EnsureIndex(r => r.ReviewerId);
    }
    public ILiteCollection<Discussions.DiscussionThreadRecord> DiscussionThreads { get; private set; } = null!;
    public ILiteCollection<Discussions.DiscussionPostRecord> DiscussionPosts { get; private set; } = null!;
    public ILiteCollection<Discussions.DiscussionReadRecord> DiscussionReads { get; private set; } = null!;
    public ILiteCollection<WikiPageRecord> WikiPages { get; private set; } = null!;
    public ILiteCollection<WikiVersionRecord> WikiVersions { get; private set; } = null!;

    /// <summary>Completes when the file is closed (a host may finish disposing after its owner stopped waiting).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Closes the file once; called again (the container, then the entry point's own guard) it does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            Database.Dispose();
        }
        finally
        {
            OpenFiles.TryRemove(_path, out _);
            _closed.TrySetResult();
        }
    }

}

/// <summary>
/// One event in LiteDB: of the embedded log, or of a shared (Redis) log as this node archived it. <see cref="Id"/> is the
/// global position, <see cref="Data"/> the serialised event.
/// </summary>
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

