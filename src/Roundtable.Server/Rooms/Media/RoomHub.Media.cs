using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed partial class RoomHub
{
    /// <summary>A fresh media token and the ids to join the room's media with; refused to anyone not in the room now.</summary>
    public async Task<MediaAccess> GetMediaAccess(string? roomId)
    {
        var (actor, roundtable) = Resolve(roomId);
        var (access, refusal) = await mediaAccess.AccessAsync(actor, roundtable);
        return access ?? throw new HubException(refusal);
    }

    public Task MuteMedia(string? roomId, string? userId, string? kind) => RunAsync(roomId, new MuteMedia(RequireUserId(userId), RequireKind(kind)));

    public Task UnmuteMedia(string? roomId, string? userId, string? kind) => RunAsync(roomId, new UnmuteMedia(RequireUserId(userId), RequireKind(kind)));

    public Task SetMediaPolicy(string? roomId, bool muteOnEntry, bool coachManagedMic) => RunAsync(roomId, new SetMediaPolicy(muteOnEntry, coachManagedMic));

    public Task ReportMediaState(string? roomId, bool inMedia, bool micOn, bool cameraOn) => RunAsync(roomId, new ReportMediaState(inMedia, micOn, cameraOn));

    public Task StartScreenShare(string? roomId) => RunAsync(roomId, new StartScreenShare());

    public Task StopScreenShare(string? roomId, string? userId) => RunAsync(roomId, new StopScreenShare(RequireUserId(userId)));

    private static MediaKind RequireKind(string? kind) => kind switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        _ => throw new HubException("Say which: kind is \"audio\" (the microphone) or \"video\" (the camera)."),
    };
}
