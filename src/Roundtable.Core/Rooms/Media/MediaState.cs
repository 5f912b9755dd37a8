namespace Roundtable.Core.Rooms;

/// <summary>One person's media as the snapshot shows it: what their browser reported, and what the room allows them.</summary>
public sealed record MediaPerson(bool InMedia, bool MicOn, bool CameraOn, bool MicAllowed, bool CameraAllowed);

/// <param name="Available">The room has a media room (the server opened one); the hub's GetMediaAccess says why not when it has none.</param>
public sealed record MediaView(
    bool Available, bool MuteOnEntry, bool CoachManagedMic, string? ScreenSharer, IReadOnlyDictionary<string, MediaPerson> People);

public sealed record MediaSnapshot(MediaView Media);

/// <summary>What one person's browser last reported.</summary>
public sealed record ReportedMedia(bool InMedia, bool MicOn, bool CameraOn);

/// <summary>
/// The room's media: the coach's policy and mutes, what each browser reported, who shares their screen, and which media
/// room holds it. What is tied to being here (a report, an unmute since joining, a screen share) remembers the
/// <see cref="Participant"/> entry its person had, as the speaking queue does: it counts only until they leave, so
/// coming back starts afresh (muted again on entry, not in media, not sharing).
/// </summary>
public sealed class MediaState(RoomState room)
{
    internal readonly HashSet<(string UserId, MediaKind Kind)> StaffMuted = [];
    internal readonly Dictionary<string, Participant> LetSpeak = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, (ReportedMedia Media, Participant Presence)> Reports = new(StringComparer.Ordinal);
    internal (string UserId, string DisplayName, Participant Presence)? Sharing;

    public bool MuteOnEntry { get; internal set; }

    public bool CoachManagedMic { get; internal set; }

    /// <summary>The media room, once opened (null before).</summary>
    public string? JanusRoom { get; internal set; }

    /// <summary>The media server that holds <see cref="JanusRoom"/>.</summary>
    public string? Server { get; internal set; }

    /// <summary>Who shares their screen now (while they are in the room).</summary>
    public string? ScreenSharer => Sharing is { } s && StillHere(s.Presence) ? s.UserId : null;

    public bool IsStaffMuted(string userId, MediaKind kind) => StaffMuted.Contains((userId, kind));

    /// <summary>What this person's browser reported since they joined; all off when nothing.</summary>
    public ReportedMedia Reported(string userId) =>
        Reports.TryGetValue(userId, out var r) && StillHere(r.Presence) ? r.Media : new ReportedMedia(false, false, false);

    /// <summary>
    /// Whether the room lets this person's microphone through. Staff always; a learner or manager when not muted by
    /// staff, holding the floor when the coach manages the mic, and let speak since joining when everyone is muted on entry.
    /// </summary>
    public bool MicAllowed(string userId)
    {
        if (IsStaff(userId))
        {
            return true;
        }
        return !IsStaffMuted(userId, MediaKind.Audio)
            && (!CoachManagedMic || room.Feature<SpeakingQueueState>().Speaker?.UserId == userId)
            && (!MuteOnEntry || (LetSpeak.TryGetValue(userId, out var since) && StillHere(since)));
    }

    public bool CameraAllowed(string userId) => IsStaff(userId) || !IsStaffMuted(userId, MediaKind.Video);

    public bool Allowed(string userId, MediaKind kind) => kind == MediaKind.Audio ? MicAllowed(userId) : CameraAllowed(userId);

    /// <summary>Let speak since joining (what an unmute records while everyone is muted on entry).</summary>
    public bool WasLetSpeak(string userId) => LetSpeak.TryGetValue(userId, out var since) && StillHere(since);

    internal MediaPerson Person(string userId)
    {
        var reported = Reported(userId);
        return new MediaPerson(reported.InMedia, reported.MicOn, reported.CameraOn, MicAllowed(userId), CameraAllowed(userId));
    }

    private bool IsStaff(string userId) => room.PresenceOf(userId)?.Role is RoomRole.Coach or RoomRole.Admin;

    private bool StillHere(Participant presence) => room.Participants.Any(p => ReferenceEquals(p, presence));
}
