using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>Someone waiting to speak, in order of raising.</summary>
public sealed record RaisedHand(string UserId, string DisplayName, DateTimeOffset RaisedAt);

public sealed record SpeakingQueueView(IReadOnlyList<RaisedHand> Queue, RaisedHand? Speaker);

public sealed partial record RoomSnapshot
{
    public SpeakingQueueView? SpeakingQueue { get; init; }
}

public sealed partial class RoomState
{
    // Each entry remembers the Participant entry its person had when it was made. The core fold replaces that entry
    // on every (re)join and removes it on leave, so a hand or the floor counts only while its person has not left
    // since: leaving the room leaves the queue, and coming back does not restore the old place.
    private readonly List<(RaisedHand Hand, Participant Presence)> _hands = [];
    private (RaisedHand Hand, Participant Presence)? _speaker;

    /// <summary>The people waiting to speak, in order of raising (only those still in the room).</summary>
    public IReadOnlyList<RaisedHand> SpeakingQueue => _hands.Where(h => StillHere(h.Presence)).Select(h => h.Hand).ToList();

    /// <summary>Who has the floor, while they are in the room.</summary>
    public RaisedHand? Speaker => _speaker is { } s && StillHere(s.Presence) ? s.Hand : null;

    public bool HasRaisedHand(string userId) => SpeakingQueue.Any(h => h.UserId == userId);

    private bool StillHere(Participant presence) => _participants.Exists(p => ReferenceEquals(p, presence));

    private Participant? PresenceOf(string userId) => _participants.Find(p => p.UserId == userId);

    private bool ApplySpeakingQueue(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case HandRaised e:
                _hands.RemoveAll(h => h.Hand.UserId == e.UserId);
                if (PresenceOf(e.UserId) is { } presence)
                {
                    _hands.Add((new RaisedHand(e.UserId, e.DisplayName, stored.At), presence));
                }
                return true;
            case HandLowered e:
                _hands.RemoveAll(h => h.Hand.UserId == e.UserId);
                return true;
            case FloorGiven e:
                _hands.RemoveAll(h => h.Hand.UserId == e.UserId);
                _speaker = PresenceOf(e.UserId) is { } speaker ? (new RaisedHand(e.UserId, e.DisplayName, stored.At), speaker) : null;
                return true;
            case FloorTaken:
                _speaker = null;
                return true;
            case QueueCleared:
                _hands.Clear();
                return true;
            default:
                return false;
        }
    }

    private RoomSnapshot WithSpeakingQueue(RoomSnapshot snapshot) =>
        snapshot with { SpeakingQueue = new SpeakingQueueView(SpeakingQueue, Speaker) };
}
