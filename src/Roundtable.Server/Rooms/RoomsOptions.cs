using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>Live room settings. Bound from the "Rooms" section.</summary>
public sealed class RoomsOptions
{
    public const string Section = "Rooms";

    /// <summary>How long a dropped connection may take to come back before its participant leaves the room.</summary>
    public TimeSpan PresenceGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest a command (or a read of the room's state) waits for the room's turn on this node before it is refused with
    /// "The room is busy right now; nothing was changed. Try again." Commands take a few milliseconds each, so the wait is
    /// only long when the store is stalled (e.g. Redis paused): callers are then answered instead of queueing unboundedly.
    /// </summary>
    public TimeSpan GateTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after sending a chat message its author may still edit or delete it.</summary>
    public TimeSpan MessageEditWindow { get; set; } = ChatRules.Default.EditWindow;

    /// <summary>Messages in a join snapshot; earlier ones are in the transcript.</summary>
    public int SnapshotMessages { get; set; } = 200;

    /// <summary>
    /// How long events that are only placeholders for the participants (e.g. that a peer gave feedback, which they may
    /// not see) may wait to go out with later ones. In a burst of feedback they then cost the room a few frames per
    /// connection instead of one per submission; anything with content for them sends them along at once.
    /// </summary>
    public TimeSpan PlaceholderDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events per catch-up call; a client asks again while <c>HasMore</c> is true.</summary>
    public int CatchupPageSize { get; set; } = 2000;

    /// <summary>
    /// Largest SignalR message the server reads (bytes). Twice the 64 KB outline limit (the largest Markdown a command
    /// carries), with room for JSON escaping and framing, so oversized Markdown gets a clear refusal instead of a
    /// dropped connection.
    /// </summary>
    public long MaximumReceiveMessageSize { get; set; } = 128 * 1024;

    /// <summary>
    /// How long an ended room's state stays in this node's memory after its last command or read (a late join, its
    /// transcript). Then it is let go and, should it be read again, folded anew from the log: a server that runs for
    /// months holds the open rooms, not every roundtable it ever served.
    /// </summary>
    public TimeSpan IdleStateRetention { get; set; } = TimeSpan.FromMinutes(30);
}

public static class RoomsPaths
{
    public const string Hub = "/hubs/room";

    /// <summary>The SignalR group of a room's connections of one audience (each sees its own view of events).</summary>
    public static string Group(string roomId, RoomAudience audience) => $"room:{roomId}:{audience}";

    /// <summary>The SignalR group of one person's connections to a room, for what only they may see (e.g. feedback on their presentation).</summary>
    public static string PersonalGroup(string roomId, string userId) => $"room:{roomId}:user:{userId}";

    /// <summary>Where people waiting at a locked room's door hear whether they are let in (and nothing else of the room).</summary>
    public static string WaitingGroup(string roomId) => $"room:{roomId}:waiting";

    /// <summary>Every group of the room a connection of this person may be in.</summary>
    public static IEnumerable<string> GroupsOf(string roomId, string userId) =>
        [.. Enum.GetValues<RoomAudience>().Select(audience => Group(roomId, audience)), PersonalGroup(roomId, userId), WaitingGroup(roomId)];
}
