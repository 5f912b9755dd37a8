using Roundtable.Core.Events;

namespace Roundtable.Core.Log;

/// <summary>
/// The ordered, append-only log that is the single source of truth. Each stream (a room, the directory)
/// has a gap-free sequence 1, 2, 3, ...; every event also has a position in the global order, which
/// projections follow. Implementations: LiteDB (embedded) and Redis Streams (scaled out).
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends <paramref name="events"/> to <paramref name="stream"/> if its current version equals
    /// <paramref name="expectedVersion"/>; otherwise appends nothing and reports the actual version.
    /// All events of one call are appended together or not at all.
    /// </summary>
    Task<AppendResult> AppendAsync(string stream, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Events of one stream with seq greater than <paramref name="afterSeq"/>, in order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long afterSeq, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The seq of the last event of the stream, 0 for an empty stream.</summary>
    Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Events of all streams with position greater than <paramref name="afterPosition"/>, in global order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The global position of the last event in the log; 0 when the log is empty.</summary>
    Task<long> GetHeadPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once the log holds an event with position greater than <paramref name="afterPosition"/>.</summary>
    Task WaitForEventsAfterAsync(long afterPosition, CancellationToken cancellationToken);
}

/// <summary>An event as the log holds it: where it stands in its stream and in the global order, and when it was appended (server time).</summary>
public sealed record StoredEvent(string Stream, long Seq, long Position, DateTimeOffset At, DomainEvent Event);

/// <summary>The outcome of an append: the stored events, or a version conflict with the stream's actual version.</summary>
public sealed record AppendResult(bool Succeeded, long ActualVersion, IReadOnlyList<StoredEvent> Events)
{
    public static AppendResult Conflict(long actualVersion) => new(false, actualVersion, []);
    public static AppendResult Success(IReadOnlyList<StoredEvent> events) => new(true, events[^1].Seq, events);

    /// <summary>The global position of the last appended event (what a reader waits for to read its own write).</summary>
    public long LastPosition => Events.Count == 0 ? 0 : Events[^1].Position;
}

/// <summary>Names of the log's streams, in one place.</summary>
public static class StreamNames
{
    public const string Directory = "directory";
    private const string RoomPrefix = "room-";

    public static string Room(string roomId) => RoomPrefix + roomId;

    public static bool IsRoom(string stream) => stream.StartsWith(RoomPrefix, StringComparison.Ordinal);

    public static string RoomIdOf(string stream) => stream[RoomPrefix.Length..];

    /// <summary>A cohort's planning exercises, as assigned.</summary>
    public static string PlanExercises(string cohortId) => "plans-" + cohortId;

    /// <summary>One learner's work on one exercise: every plan, reflection and feedback ('.' never appears in ids).</summary>
    public static string Plan(string exerciseId, string learnerId) => $"plan-{exerciseId}.{learnerId}";

    /// <summary>One page of a cohort's wiki: every version of it ('.' never appears in ids).</summary>
    public static string WikiPage(string cohortId, string pageId) => $"wiki-{cohortId}.{pageId}";

    /// <summary>What a person did with their notifications (marked read).</summary>
    public static string Inbox(string userId) => "inbox-" + userId;

    /// <summary>One email's claim and outcome: the first node to append here sends it ("key" is a hash, no '.' or '-').</summary>
    public static string Mail(string key) => "mail-" + key;

    /// <summary>One discussion thread: its posts, reactions, pins and locks, who follows it and who has read how far.</summary>
    public static string Thread(string threadId) => "thread-" + threadId;
}
