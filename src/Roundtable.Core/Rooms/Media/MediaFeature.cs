namespace Roundtable.Core.Rooms;

public static class MediaRejections
{
    public static readonly Rejection ScreenBusy = new(nameof(ScreenBusy));
}

/// <summary>
/// Voice, video and screen sharing: the coach's mutes and policy, what each browser reports, and who shares their
/// screen. The media itself goes through a media server; this is what the server enforces on it after each change
/// (<see cref="MediaEnforcement"/>) and what every client shows.
/// </summary>
public sealed class MediaFeature : RoomFeature<MediaState, MediaCommand, MediaSnapshot>
{
    public MediaFeature()
    {
        On<MediaPolicySet>((s, e, _) =>
        {
            s.MuteOnEntry = e.MuteOnEntry;
            s.CoachManagedMic = e.CoachManagedMic;
        });
        On<MediaMuted>((s, e, _) =>
        {
            s.StaffMuted.Add((e.UserId, e.Kind));
            if (e.Kind == MediaKind.Audio)
            {
                s.LetSpeak.Remove(e.UserId);
            }
        });
        On<MediaUnmuted>((room, s, e, _) =>
        {
            s.StaffMuted.Remove((e.UserId, e.Kind));
            if (e.Kind == MediaKind.Audio && room.PresenceOf(e.UserId) is { } presence)
            {
                s.LetSpeak[e.UserId] = presence;
            }
        });
        On<MediaStateReported>((room, s, e, _) =>
        {
            if (room.PresenceOf(e.UserId) is { } presence)
            {
                s.Reports[e.UserId] = (new ReportedMedia(e.InMedia, e.MicOn, e.CameraOn), presence);
            }
        });
        On<ScreenShareStarted>((room, s, e, _) =>
            s.Sharing = room.PresenceOf(e.UserId) is { } presence ? (e.UserId, e.DisplayName, presence) : null);
        On<ScreenShareStopped>((s, e, _) =>
        {
            if (s.Sharing?.UserId == e.UserId)
            {
                s.Sharing = null;
            }
        });
        On<MediaRoomOpened>((s, e, _) =>
        {
            s.JanusRoom = e.JanusRoom;
            s.Server = e.Server;
        });
    }

    protected override MediaState NewState(RoomState room) => new(room);

    protected override MediaSnapshot Snapshot(RoomState room, MediaState state, Viewer viewer) => new(new MediaView(
        state.JanusRoom is not null && room.Status != RoomStatus.Ended,
        state.MuteOnEntry,
        state.CoachManagedMic,
        state.ScreenSharer,
        room.Participants.ToDictionary(p => p.UserId, p => state.Person(p.UserId), StringComparer.Ordinal)));

    protected override Decision Decide(RoomState room, MediaState state, Actor actor, MediaCommand command, RoomDecider tools)
    {
        if (room.Status == RoomStatus.Ended)
        {
            return Decision.Reject(Rejection.RoomEnded, "This roundtable has ended; its voice and video are closed.");
        }
        return command switch
        {
            MuteMedia c => Staff(actor, "mute someone's microphone or camera") ?? WithLearner(room, actor, c.UserId, "mute", p =>
                state.IsStaffMuted(p.UserId, c.Kind) ? Decision.AlreadyDone() : Decision.Accept(new MediaMuted(p.UserId, p.DisplayName, c.Kind, actor.UserId))),
            UnmuteMedia c => Staff(actor, "unmute someone's microphone or camera") ?? WithLearner(room, actor, c.UserId, "unmute", p =>
                state.IsStaffMuted(p.UserId, c.Kind) || (c.Kind == MediaKind.Audio && state.MuteOnEntry && !state.WasLetSpeak(p.UserId))
                    ? Decision.Accept(new MediaUnmuted(p.UserId, p.DisplayName, c.Kind, actor.UserId))
                    : Decision.AlreadyDone()),
            SetMediaPolicy c => Staff(actor, "change who may speak") ?? (state.MuteOnEntry == c.MuteOnEntry && state.CoachManagedMic == c.CoachManagedMic
                ? Decision.AlreadyDone()
                : Decision.Accept(new MediaPolicySet(c.MuteOnEntry, c.CoachManagedMic, actor.UserId))),
            ReportMediaState c => Present(room, actor, "turn on voice and video") ?? Report(state, actor, c),
            StartScreenShare => Present(room, actor, "share your screen") ?? Share(room, state, actor),
            StopScreenShare c => StopSharing(room, state, actor, c.UserId),
            OpenMediaRoom c => state.JanusRoom is not null
                ? Decision.AlreadyDone()
                : string.IsNullOrWhiteSpace(c.JanusRoom) || string.IsNullOrWhiteSpace(c.Server)
                    ? Decision.Reject(Rejection.InvalidArgument, "Say which media room and server.")
                    : Decision.Accept(new MediaRoomOpened(c.JanusRoom, c.Server)),
            _ => Decision.Reject(Rejection.InvalidArgument, "Unknown command."),
        };
    }

    private static Decision? Staff(Actor actor, string what) =>
        actor.CanFacilitate ? null : Decision.Reject(Rejection.NotAllowed, $"Only a coach or an admin can {what}.");

    private static Decision? Present(RoomState room, Actor actor, string what) =>
        room.IsPresent(actor.UserId) ? null : Decision.Reject(Rejection.NotInRoom, $"Join the roundtable before you {what}.");

    private static Decision Report(MediaState state, Actor actor, ReportMediaState report)
    {
        var media = report.InMedia ? new ReportedMedia(true, report.MicOn, report.CameraOn) : new ReportedMedia(false, false, false);
        return state.Reported(actor.UserId) == media
            ? Decision.AlreadyDone()
            : Decision.Accept(new MediaStateReported(actor.UserId, media.InMedia, media.MicOn, media.CameraOn));
    }

    /// <summary>The presenter on stage shares their screen there; staff may too. One screen at a time.</summary>
    private static Decision Share(RoomState room, MediaState state, Actor actor)
    {
        if (!actor.CanFacilitate && room.Feature<StageState>().Stage?.PresenterUserId != actor.UserId)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the presenter on stage, a coach or an admin can share their screen.");
        }
        if (state.ScreenSharer is { } sharer)
        {
            return sharer == actor.UserId
                ? Decision.AlreadyDone()
                : Decision.Reject(MediaRejections.ScreenBusy,
                    $"{state.Sharing!.Value.DisplayName} is sharing their screen; it can be stopped first (by them or the coach).");
        }
        return Decision.Accept(new ScreenShareStarted(actor.UserId, actor.DisplayName));
    }

    private static Decision StopSharing(RoomState room, MediaState state, Actor actor, string? userId)
    {
        if (userId != actor.UserId && !actor.CanFacilitate)
        {
            return Decision.Reject(Rejection.NotAllowed, "Only the person sharing, a coach or an admin can stop a screen share.");
        }
        return state.ScreenSharer is { } sharer && sharer == userId
            ? Decision.Accept(new ScreenShareStopped(sharer, state.Sharing!.Value.DisplayName, actor.UserId))
            : Decision.AlreadyDone();
    }

    /// <summary>Runs <paramref name="decide"/> for a present learner or manager: staff are never muted.</summary>
    private static Decision WithLearner(RoomState room, Actor actor, string? userId, string verb, Func<Participant, Decision> decide)
    {
        var participant = room.Participants.FirstOrDefault(p => p.UserId == userId);
        if (participant is null)
        {
            return Decision.Reject(Rejection.InvalidArgument, $"That person is not in the roundtable, so there is nobody to {verb}.");
        }
        if (participant.Role is RoomRole.Coach or RoomRole.Admin)
        {
            return Decision.Reject(Rejection.NotAllowed, $"Coaches and admins cannot {verb} themselves or each other; their microphones and cameras are their own.");
        }
        return decide(participant);
    }
}
