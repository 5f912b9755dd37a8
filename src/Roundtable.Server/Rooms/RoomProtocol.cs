using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>The server-to-client side of the room protocol.</summary>
public interface IRoomClient
{
    /// <summary>Events of one room, in seq order, as appended by one command.</summary>
    Task RoomEvents(IReadOnlyList<RoomEventEnvelope> events);

    /// <summary>Feedback as this connection's audience (or, for <see cref="FeedbackUpdate.Mine"/>, its person) now sees it; sent after the events that changed it.</summary>
    Task FeedbackUpdated(FeedbackUpdate update);
}

/// <summary>One room event on the wire: its room, its seq, the server's time, and the event itself (with its "type").</summary>
public sealed record RoomEventEnvelope(string RoomId, long Seq, DateTimeOffset At, DomainEvent Event)
{
    public static RoomEventEnvelope From(StoredEvent stored) => From(stored, stored.Event);

    /// <summary>The envelope of a stored event carrying a viewer's view of it (same seq and time).</summary>
    public static RoomEventEnvelope From(StoredEvent stored, DomainEvent view) => new(StreamNames.RoomIdOf(stored.Stream), stored.Seq, stored.At, view);
}

public static class RoomProtocol
{
    /// <summary>Bumped when commands or events change incompatibly; a client with another version is told to reload.</summary>
    public const int Version = 1;
}

// Client-to-server requests: one record per hub method, so a missing or malformed field is a clear error, not a binding failure.

public sealed record JoinRequest(string? RoomId, int ProtocolVersion);

/// <param name="MessageEditSeconds">How long after sending authors may edit or delete their messages (the page offers it only then).</param>
public sealed record JoinResult(RoomSnapshot Snapshot, RoomRole Role, string UserId, string Title, int MessageEditSeconds = 0);

public sealed record PostMessageRequest(string? RoomId, string? Markdown, string? ClientMessageId);

public sealed record PostMessageResult(long Seq);

/// <summary>
/// Missed events, and feedback as the caller sees it now (live feedback updates are not events, so a client that
/// missed some takes these instead).
/// </summary>
public sealed record CatchupResult(IReadOnlyList<RoomEventEnvelope> Events, bool HasMore, IReadOnlyList<FeedbackView> Feedback, IReadOnlyList<FeedbackEntryView> MyFeedback);
