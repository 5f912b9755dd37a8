using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

public sealed record Participant(string UserId, string DisplayName, RoomRole Role, DateTimeOffset JoinedAt);

/// <summary>A chat message as it stands: its latest text (<see cref="EditedAt"/> when its author changed it), or none once deleted.</summary>
public sealed record ChatMessage(
    long Seq, string UserId, string DisplayName, string Markdown, string Html, DateTimeOffset At, DateTimeOffset? EditedAt = null, bool Deleted = false);

/// <summary>
/// A room's state: the fold of its events, in seq order, nothing else. The core room (who is here, the chat, the
/// status) is kept here; every feature keeps its own state beside it (<see cref="Feature{T}"/>). Not thread-safe: its
/// owner (the room's command runner) serialises access.
/// </summary>
public sealed class RoomState
{
    private readonly List<Participant> _participants = [];
    private readonly List<ChatMessage> _messages = [];
    private readonly Dictionary<(string UserId, string ClientMessageId), long> _clientMessageIds = [];
    private readonly HashSet<string> _everPresent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _leftAt = new(StringComparer.Ordinal);
    private readonly RoomComposition _features;
    private readonly object[] _states;

    public RoomState(string roomId)
    {
        RoomId = roomId;
        _features = RoomFeatures.All;
        _states = new object[_features.Features.Count];
        for (var i = 0; i < _states.Length; i++)
        {
            _states[i] = _features.Features[i].CreateState(this);
        }
    }

    public string RoomId { get; }

    /// <summary>The seq of the last event applied; 0 before any.</summary>
    public long Version { get; private set; }

    public RoomStatus Status { get; private set; } = RoomStatus.Scheduled;

    public IReadOnlyList<Participant> Participants => _participants;

    public IReadOnlyList<ChatMessage> Messages => _messages;

    /// <summary>A feature's state in this room, e.g. <c>state.Feature&lt;PollsState&gt;()</c>.</summary>
    public T Feature<T>()
        where T : class => (T)_states[FeatureSlot<T>.Index];

    internal object StateAt(int slot) => _states[slot];

    public bool IsPresent(string userId) => _participants.Exists(p => p.UserId == userId);

    /// <summary>The participant entry of someone present; null when they are not here.</summary>
    public Participant? PresenceOf(string userId) => _participants.Find(p => p.UserId == userId);

    /// <summary>True when the user joined the room at some point, whether or not they are here now.</summary>
    public bool WasPresent(string userId) => _everPresent.Contains(userId);

    /// <summary>The seq at which the user last left the room; 0 when they never left (or never came).</summary>
    public long LeftAt(string userId) => _leftAt.GetValueOrDefault(userId);

    /// <summary>The seq of a message this user already sent with this client id, if any.</summary>
    public long? FindClientMessage(string userId, string clientMessageId) =>
        _clientMessageIds.TryGetValue((userId, clientMessageId), out var seq) ? seq : null;

    /// <summary>The chat message with this seq, if the room has one.</summary>
    public ChatMessage? FindMessage(long seq)
    {
        var index = IndexOfMessage(seq);
        return index >= 0 ? _messages[index] : null;
    }

    private int IndexOfMessage(long seq) => _messages.BinarySearch(new ChatMessage(seq, "", "", "", "", default), MessageBySeq.Instance);

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
        _features.Apply(this, stored);
        Version = stored.Seq;
    }

    internal void Join(ParticipantJoined e, DateTimeOffset at)
    {
        _participants.RemoveAll(p => p.UserId == e.UserId);
        _participants.Add(new Participant(e.UserId, e.DisplayName, e.Role, at));
        _everPresent.Add(e.UserId);
    }

    internal void Leave(string userId, long seq)
    {
        _participants.RemoveAll(p => p.UserId == userId);
        _leftAt[userId] = seq;
    }

    internal void Post(MessagePosted e, long seq, DateTimeOffset at)
    {
        _messages.Add(new ChatMessage(seq, e.UserId, e.DisplayName, e.Markdown, e.Html, at));
        if (e.ClientMessageId is not null)
        {
            _clientMessageIds[(e.UserId, e.ClientMessageId)] = seq;
        }
    }

    internal void Edit(MessageEdited e, DateTimeOffset at) =>
        Replace(e.MessageSeq, m => m with { Markdown = e.Markdown, Html = e.Html, EditedAt = at });

    // The source stays in the log as every event does; the room's state (and so every view of it) keeps nothing of it.
    internal void Delete(MessageDeleted e) => Replace(e.MessageSeq, m => m with { Markdown = "", Html = "", Deleted = true });

    private void Replace(long seq, Func<ChatMessage, ChatMessage> change)
    {
        var index = IndexOfMessage(seq);
        if (index >= 0)
        {
            _messages[index] = change(_messages[index]);
        }
    }

    internal void Start() => Status = RoomStatus.Live;

    internal void End()
    {
        Status = RoomStatus.Ended;
        _participants.Clear();
    }

    /// <summary>The state as <paramref name="viewer"/> may see it, with the last <paramref name="recentMessageCount"/> messages.</summary>
    public RoomSnapshot ToSnapshot(int recentMessageCount, Viewer viewer)
    {
        var skip = Math.Max(0, _messages.Count - recentMessageCount);
        var messages = _messages.GetRange(skip, _messages.Count - skip).Select(m => ViewMessage(m, viewer)).ToList();
        return new RoomSnapshot(RoomId, Version, Status, [.. _participants], messages, skip > 0)
        {
            Parts = _features.SnapshotParts(this, viewer),
        };
    }

    /// <summary>
    /// The event as <paramref name="viewer"/> may see it: the same seq always, but content a viewer may not see
    /// (a hidden message, an anonymous asker) is left out, so every client still gets a gap-free sequence.
    /// </summary>
    public DomainEvent View(StoredEvent stored, Viewer viewer) => _features.View(this, stored, viewer);

    /// <summary>
    /// The learner or manager this event is about, who is sent their own view of it live (see
    /// <see cref="RoomFeature{TState, TCommand}.Concerns{TEvent}"/>); null for most events.
    /// </summary>
    public string? ConcernedPerson(StoredEvent stored) =>
        _features.ConcernedPerson(stored) is { Length: > 0 } userId && PresenceOf(userId)?.Role is not (RoomRole.Coach or RoomRole.Admin) ? userId : null;

    /// <summary>A chat message as <paramref name="viewer"/> may see it.</summary>
    public ChatMessage ViewMessage(ChatMessage message, Viewer viewer) => _features.ViewMessage(this, message, viewer);

    /// <summary>The slot of a feature state type, looked up once per type.</summary>
    private static class FeatureSlot<T>
    {
        public static readonly int Index = RoomFeatures.All.SlotOf(typeof(T));
    }

    private sealed class MessageBySeq : IComparer<ChatMessage>
    {
        public static readonly MessageBySeq Instance = new();

        public int Compare(ChatMessage? x, ChatMessage? y) => (x?.Seq ?? 0).CompareTo(y?.Seq ?? 0);
    }
}
