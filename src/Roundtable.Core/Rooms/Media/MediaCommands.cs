namespace Roundtable.Core.Rooms;

/// <summary>Which of a person's camera feed's tracks: the microphone (mid "0") or the camera (mid "1").</summary>
public enum MediaKind
{
    Audio,
    Video,
}

/// <summary>Voice, video and screen sharing's commands.</summary>
public abstract record MediaCommand : RoomCommand;

/// <summary>Staff stop <see cref="UserId"/>'s microphone or camera until they unmute it.</summary>
public sealed record MuteMedia(string UserId, MediaKind Kind) : MediaCommand;

/// <summary>Staff lift their mute; for the microphone also what "muted on entry" holds until the coach lets them speak.</summary>
public sealed record UnmuteMedia(string UserId, MediaKind Kind) : MediaCommand;

public sealed record SetMediaPolicy(bool MuteOnEntry, bool CoachManagedMic) : MediaCommand;

/// <summary>What the caller's own browser reports: in the media room or not, microphone and camera on or off.</summary>
public sealed record ReportMediaState(bool InMedia, bool MicOn, bool CameraOn) : MediaCommand;

public sealed record StartScreenShare : MediaCommand;

public sealed record StopScreenShare(string UserId) : MediaCommand;

/// <summary>
/// The server records, once, that this room's media room exists and which media server holds it, so every node hands
/// out tokens for the same one. Not a hub method: the server runs it when it first opens the room's media.
/// </summary>
public sealed record OpenMediaRoom(string JanusRoom, string Server) : MediaCommand;
