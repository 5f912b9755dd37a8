namespace Roundtable.Core.Rooms;

/// <summary>Someone waiting to speak, in order of raising.</summary>
public sealed record RaisedHand(string UserId, string DisplayName, DateTimeOffset RaisedAt);

public sealed record SpeakingQueueView(IReadOnlyList<RaisedHand> Queue, RaisedHand? Speaker);

public sealed record SpeakingQueueSnapshot(SpeakingQueueView SpeakingQueue);

/// <summary>
/// The raised hands and who has the floor. Each entry remembers the <see cref="Participant"/> entry its person had
/// when it was made. The core room replaces that entry on every (re)join and removes it on leave, so a hand or the
/// floor counts only while its person has not left since: leaving the room leaves the queue, and coming back does
/// not restore the old place.
/// </summary>
public sealed class SpeakingQueueState(RoomState room)
{
    internal readonly List<(RaisedHand Hand, Participant Presence)> Hands = [];
    internal (RaisedHand Hand, Participant Presence)? Floor;

    /// <summary>The people waiting to speak, in order of raising (only those still in the room).</summary>
    public IReadOnlyList<RaisedHand> Queue => Hands.Where(h => StillHere(h.Presence)).Select(h => h.Hand).ToList();

    /// <summary>Who has the floor, while they are in the room.</summary>
    public RaisedHand? Speaker => Floor is { } s && StillHere(s.Presence) ? s.Hand : null;

    public bool HasRaisedHand(string userId) => Queue.Any(h => h.UserId == userId);

    private bool StillHere(Participant presence) => room.Participants.Any(p => ReferenceEquals(p, presence));
}
