namespace Roundtable.Core.Rooms;

/// <summary>Someone named in the moderation state (removed, waiting), who may not be present.</summary>
public sealed record PersonRef(string UserId, string DisplayName);

/// <summary>The moderation part of a snapshot.</summary>
public sealed record ModerationView(
    IReadOnlyList<string> Muted,
    IReadOnlyList<PersonRef> Removed,
    IReadOnlyList<PersonRef> Waiting,
    IReadOnlyList<long> Hidden,
    IReadOnlyList<ChatMessage> Pinned,
    bool Locked,
    bool LearnerChatLocked,
    bool NotesLocked);

public sealed record ModerationSnapshot(ModerationView Moderation);

/// <summary>Who is muted, removed, waiting or let in; which messages are hidden or pinned; the room's locks.</summary>
public sealed class ModerationState(RoomState room)
{
    internal readonly HashSet<string> Muted = new(StringComparer.Ordinal);
    internal readonly List<PersonRef> RemovedPeople = [];
    internal readonly List<PersonRef> WaitingPeople = [];
    // Who was let into the locked room, with the seq that let them in: present when it locked, admitted, readmitted.
    internal readonly Dictionary<string, long> Admitted = new(StringComparer.Ordinal);
    internal readonly HashSet<long> Hidden = [];
    internal readonly List<long> Pinned = [];

    /// <summary>While locked, new joiners who are not staff wait on the waiting list.</summary>
    public bool IsLocked { get; internal set; }

    /// <summary>Learners and managers may not post (coaches and admins still may).</summary>
    public bool LearnerChatLocked { get; internal set; }

    /// <summary>The coach turned notes editing off for learners.</summary>
    public bool NotesLocked { get; internal set; }

    public bool IsMuted(string userId) => Muted.Contains(userId);

    public bool IsRemoved(string userId) => RemovedPeople.Exists(p => p.UserId == userId);

    public bool IsWaiting(string userId) => WaitingPeople.Exists(p => p.UserId == userId);

    /// <summary>
    /// Let into the locked room (present when it was locked, admitted, or readmitted since) and not gone since: a
    /// letting-in holds until the person leaves the room (a <see cref="ParticipantLeft"/>, which a dropped connection
    /// gets only after the presence grace period), so whoever leaves a locked room asks again to come back.
    /// </summary>
    public bool IsAdmitted(string userId) => Admitted.TryGetValue(userId, out var at) && room.LeftAt(userId) < at;

    public bool IsHidden(long messageSeq) => Hidden.Contains(messageSeq);

    public bool IsPinned(long messageSeq) => Pinned.Contains(messageSeq);

    public IReadOnlyList<PersonRef> Waiting => WaitingPeople;

    public IReadOnlyList<PersonRef> Removed => RemovedPeople;
}
