using Roundtable.Core.Events;

namespace Roundtable.Core.Rooms;

public sealed record MediaPolicySet(bool MuteOnEntry, bool CoachManagedMic, string ByUserId) : RoomEvent;

public sealed record MediaMuted(string UserId, string DisplayName, MediaKind Kind, string ByUserId) : RoomEvent;

public sealed record MediaUnmuted(string UserId, string DisplayName, MediaKind Kind, string ByUserId) : RoomEvent;

public sealed record MediaStateReported(string UserId, bool InMedia, bool MicOn, bool CameraOn) : RoomEvent;

public sealed record ScreenShareStarted(string UserId, string DisplayName) : RoomEvent;

public sealed record ScreenShareStopped(string UserId, string DisplayName, string ByUserId) : RoomEvent;

/// <summary>The room's media room <see cref="JanusRoom"/> is held by the media server named <see cref="Server"/>.</summary>
public sealed record MediaRoomOpened(string JanusRoom, string Server) : RoomEvent;
