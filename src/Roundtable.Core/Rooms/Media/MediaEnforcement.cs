using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>Something the media server must be told so that it does what the room now says.</summary>
public abstract record MediaAction(string JanusRoom);

/// <summary>Let through or stop this person's microphone or camera (the media server's moderation of that track).</summary>
public sealed record ModerateMedia(string JanusRoom, string UserId, MediaKind Kind, bool Mute) : MediaAction(JanusRoom);

/// <summary>Out of the media room with both of their feeds, and no token of theirs admits them any more.</summary>
public sealed record KickFromMedia(string JanusRoom, string UserId) : MediaAction(JanusRoom);

/// <summary>Their screen share was stopped by someone else: its feed leaves the media room.</summary>
public sealed record StopScreenFeed(string JanusRoom, string UserId) : MediaAction(JanusRoom);

/// <summary>The room ended (or its breakout group closed): its media room goes.</summary>
public sealed record CloseMediaRoom(string JanusRoom) : MediaAction(JanusRoom);

/// <summary>
/// What the media server must be told after events were appended, read from the room as it now stands: the one rule
/// set that turns mutes, the policy, the floor, removals and the end into media-server requests. Every value is the
/// room's current answer (not a delta), so sending it again or late still leaves the media server right.
/// </summary>
public static class MediaEnforcement
{
    /// <summary>
    /// What this person's camera feed must be told now that it was (re)published: the media server keeps a moderation
    /// on the feed's streams, and a feed published again has fresh, unmoderated ones. Whatever the page reported, both
    /// tracks get the room's current answer.
    /// </summary>
    public static IReadOnlyList<MediaAction> ForPublishedFeed(RoomState room, string userId)
    {
        var media = room.Feature<MediaState>();
        if (media.JanusRoom is not { } janusRoom)
        {
            return [];
        }
        return
        [
            new ModerateMedia(janusRoom, userId, MediaKind.Audio, !media.Allowed(userId, MediaKind.Audio)),
            new ModerateMedia(janusRoom, userId, MediaKind.Video, !media.Allowed(userId, MediaKind.Video)),
        ];
    }

    public static IReadOnlyList<MediaAction> After(RoomState room, IReadOnlyList<StoredEvent> appended)
    {
        var media = room.Feature<MediaState>();
        if (media.JanusRoom is not { } janusRoom)
        {
            return [];
        }
        var actions = new List<MediaAction>();
        var moderated = new HashSet<(string, MediaKind)>();
        void Moderate(string userId, MediaKind kind)
        {
            if (media.Reported(userId).InMedia && moderated.Add((userId, kind)))
            {
                actions.Add(new ModerateMedia(janusRoom, userId, kind, !media.Allowed(userId, kind)));
            }
        }
        void EveryMic()
        {
            foreach (var person in room.Participants)
            {
                Moderate(person.UserId, MediaKind.Audio);
            }
        }
        foreach (var stored in appended)
        {
            switch (stored.Event)
            {
                case MediaMuted e:
                    Moderate(e.UserId, e.Kind);
                    break;
                case MediaUnmuted e:
                    Moderate(e.UserId, e.Kind);
                    break;
                case MediaStateReported { InMedia: true } e:
                    Moderate(e.UserId, MediaKind.Audio);
                    Moderate(e.UserId, MediaKind.Video);
                    break;
                case MediaPolicySet:
                    EveryMic();
                    break;
                case FloorGiven or FloorTaken when media.CoachManagedMic:
                    EveryMic();
                    break;
                case ParticipantRemoved e:
                    actions.Add(new KickFromMedia(janusRoom, e.UserId));
                    break;
                case ScreenShareStopped e when e.ByUserId != e.UserId:
                    actions.Add(new StopScreenFeed(janusRoom, e.UserId));
                    break;
                // A breakout group's room closes with both events: one destroy.
                case RoundtableEnded or BreakoutRoomClosed when !actions.OfType<CloseMediaRoom>().Any():
                    actions.Add(new CloseMediaRoom(janusRoom));
                    break;
            }
        }
        return actions;
    }
}
