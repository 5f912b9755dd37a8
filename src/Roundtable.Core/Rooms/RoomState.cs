using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

public sealed record Participant(string UserId, string DisplayName, RoomRole Role, DateTimeOffset JoinedAt);

public sealed record ChatMessage(long Seq, string UserId, string DisplayName, string Markdown, string Html, DateTimeOffset At);

/// <summary>
/// What a joining client starts from: the room's state as of <see cref="Seq"/>, as its viewer may see it.
/// Each feature adds its part as an init property in its own file (see RoomFeatures.cs).
/// </summary>
public sealed partial record RoomSnapshot(
    string RoomId,
    long Seq,
    RoomStatus Status,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<ChatMessage> RecentMessages,
    bool HasEarlierMessages);

/// <summary>
/// A room's state: the fold of its events, in seq order, nothing else. Not thread-safe: its owner
/// (the room's command runner) serialises access.
/// </summary>
public sealed partial class RoomState(string roomId)
{
    private readonly List<Participant> _participants = [];
    private readonly List<ChatMessage> _messages = [];
    private readonly Dictionary<(string UserId, string ClientMessageId), long> _clientMessageIds = [];
    private readonly HashSet<string> _everPresent = new(StringComparer.Ordinal);

    public string RoomId { get; } = roomId;

    /// <summary>The seq of the last event applied; 0 before any.</summary>
    public long Version { get; private set; }

    public RoomStatus Status { get; private set; } = RoomStatus.Scheduled;

    public IReadOnlyList<Participant> Participants => _participants;

    public IReadOnlyList<ChatMessage> Messages => _messages;

    public bool IsPresent(string userId) => _participants.Exists(p => p.UserId == userId);

    /// <summary>True when the user joined the room at some point, whether or not they are here now.</summary>
    public bool WasPresent(string userId) => _everPresent.Contains(userId);

    /// <summary>The seq of a message this user already sent with this client id, if any.</summary>
    public long? FindClientMessage(string userId, string clientMessageId) =>
        _clientMessageIds.TryGetValue((userId, clientMessageId), out var seq) ? seq : null;

    public static RoomState Fold(string roomId, IEnumerable<StoredEvent> events)
    {
        var state = new RoomState(roomId);
        foreach (var e in events)
        {
            state.Apply(e);
        }
        return state;
    }

    /// <summary>Applies the next event. Events must come in seq order with no gap.</summary>
    public void Apply(StoredEvent stored)
    {
        if (stored.Seq != Version + 1)
        {
            throw new InvalidOperationException($"Room {RoomId} is at seq {Version}; cannot apply seq {stored.Seq}.");
        }

        switch (stored.Event)
        {
            case ParticipantJoined e:
                _participants.RemoveAll(p => p.UserId == e.UserId);
                _participants.Add(new Participant(e.UserId, e.DisplayName, e.Role, stored.At));
                _everPresent.Add(e.UserId);
                break;
            case ParticipantLeft e:
                _participants.RemoveAll(p => p.UserId == e.UserId);
                break;
            case MessagePosted e:
                _messages.Add(new ChatMessage(stored.Seq, e.UserId, e.DisplayName, e.Markdown, e.Html, stored.At));
                if (e.ClientMessageId is not null)
                {
                    _clientMessageIds[(e.UserId, e.ClientMessageId)] = stored.Seq;
                }
                break;
            case RoundtableStarted:
                Status = RoomStatus.Live;
                break;
            case RoundtableEnded:
                Status = RoomStatus.Ended;
                _participants.Clear();
                break;
            default:
                if (!ApplyFeature(stored))
                {
                    throw new InvalidOperationException($"{stored.Event.TypeName} is not a room event.");
                }
                break;
        }
        Version = stored.Seq;
    }

    /// <summary>The state as <paramref name="viewer"/> may see it, with the last <paramref name="recentMessageCount"/> messages.</summary>
    public RoomSnapshot ToSnapshot(int recentMessageCount, Viewer viewer)
    {
        var skip = Math.Max(0, _messages.Count - recentMessageCount);
        var messages = _messages.GetRange(skip, _messages.Count - skip).Select(m => ViewMessage(m, viewer)).ToList();
        var snapshot = new RoomSnapshot(RoomId, Version, Status, [.. _participants], messages, skip > 0);
        return WithFeatures(snapshot, viewer);
    }

    /// <summary>
    /// The event as <paramref name="viewer"/> may see it: the same seq always, but content a viewer may not see
    /// (a hidden message, an anonymous asker) is left out, so every client still gets a gap-free sequence.
    /// </summary>
    public DomainEvent View(StoredEvent stored, Viewer viewer) => ViewFeature(stored, viewer) ?? stored.Event;
}
