using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class MediaTranscript : ITranscriptPart
{
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        MediaMuted e => $"The coach turned off {e.DisplayName}'s {Device(e.Kind)}",
        MediaUnmuted e => $"The coach let {e.DisplayName}'s {Device(e.Kind)} back on",
        MediaPolicySet e => (e.MuteOnEntry, e.CoachManagedMic) switch
        {
            (false, false) => "Everyone may use their microphone",
            (true, false) => "Microphones are muted on entry until the coach lets each person speak",
            (false, true) => "The coach manages microphones: whoever has the floor may speak",
            (true, true) => "Microphones are muted on entry, and the coach manages them: whoever has the floor may speak",
        },
        ScreenShareStarted e => $"{e.DisplayName} started sharing their screen",
        ScreenShareStopped e => e.ByUserId == e.UserId ? $"{e.DisplayName} stopped sharing their screen" : $"The coach stopped {e.DisplayName}'s screen share",
        _ => null,
    };

    private static string Device(MediaKind kind) => kind == MediaKind.Audio ? "microphone" : "camera";
}
