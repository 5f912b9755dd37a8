using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class MediaTests
{
    private static MediaState Media(RoomState state) => state.Feature<MediaState>();

    private static IReadOnlyList<MediaAction> Run(FeatureTestRoom room, Actor actor, RoomCommand command)
    {
        var before = room.LastSeq;
        room.Run(actor, command);
        return MediaEnforcement.After(room.State, [.. room.Log.Skip((int)before)]);
    }

    private static FeatureTestRoom OpenRoom(params Actor[] present)
    {
        var room = new FeatureTestRoom(present);
        room.Run(Coach, new OpenMediaRoom("janus-room", "default"));
        return room;
    }

    [Fact]
    public void OnlyStaffMuteUnmuteAndSetThePolicy()
    {
        var room = OpenRoom(Coach, Lena, Liam);
        AssertRejected(room.Decide(Lena, new MuteMedia("liam", MediaKind.Audio)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Lena, new UnmuteMedia("lena", MediaKind.Audio)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Lena, new SetMediaPolicy(true, false)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Coach, new MuteMedia("coach", MediaKind.Audio)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Coach, new MuteMedia("noor", MediaKind.Audio)), Rejection.InvalidArgument);

        room.Run(Coach, new MuteMedia("lena", MediaKind.Video));
        Assert.False(Media(room.State).CameraAllowed("lena"));
        Assert.True(Media(room.State).MicAllowed("lena"));
        AssertAlreadyDone(room.Decide(Coach, new MuteMedia("lena", MediaKind.Video)));
        room.Run(Coach, new UnmuteMedia("lena", MediaKind.Video));
        Assert.True(Media(room.State).CameraAllowed("lena"));
        AssertAlreadyDone(room.Decide(Coach, new UnmuteMedia("lena", MediaKind.Video)));
    }

    [Fact]
    public void MutedOnEntryLearnersSpeakOnceTheCoachUnmutesThemAndAgainAfterRejoiningOnlyWhenUnmutedAgain()
    {
        var room = OpenRoom(Coach, Lena);
        room.Run(Coach, new SetMediaPolicy(MuteOnEntry: true, CoachManagedMic: false));
        Assert.False(Media(room.State).MicAllowed("lena"));
        Assert.True(Media(room.State).MicAllowed("coach"));

        room.Run(Coach, new UnmuteMedia("lena", MediaKind.Audio));
        Assert.True(Media(room.State).MicAllowed("lena"));

        room.Append(new ParticipantLeft("lena", "Lena", LeaveReason.Left));
        room.Append(new ParticipantJoined("lena", "Lena", RoomRole.Learner));
        Assert.False(Media(room.State).MicAllowed("lena"));
        Assert.False(Media(room.Replayed()).MicAllowed("lena"));
    }

    [Fact]
    public void CoachManagedMicFollowsTheFloorAndEveryChangeIsSentToTheMediaServer()
    {
        var room = OpenRoom(Coach, Lena, Liam);
        room.Run(Lena, new ReportMediaState(true, true, false));
        room.Run(Liam, new ReportMediaState(true, true, true));
        var policy = Run(room, Coach, new SetMediaPolicy(false, CoachManagedMic: true));
        Assert.Contains(new ModerateMedia("janus-room", "lena", MediaKind.Audio, true), policy);
        Assert.Contains(new ModerateMedia("janus-room", "liam", MediaKind.Audio, true), policy);
        Assert.DoesNotContain(policy, a => a is ModerateMedia { UserId: "coach" });

        room.Run(Lena, new RaiseHand());
        var given = Run(room, Coach, new GiveFloor("lena"));
        Assert.Contains(new ModerateMedia("janus-room", "lena", MediaKind.Audio, false), given);
        Assert.Contains(new ModerateMedia("janus-room", "liam", MediaKind.Audio, true), given);
        Assert.True(Media(room.State).MicAllowed("lena"));
        Assert.False(Media(room.State).MicAllowed("liam"));

        var taken = Run(room, Coach, new TakeFloor());
        Assert.Contains(new ModerateMedia("janus-room", "lena", MediaKind.Audio, true), taken);
        Assert.False(Media(room.State).MicAllowed("lena"));
    }

    [Fact]
    public void AStaffMuteHoldsEvenWithTheFloorAndReportingInAppliesWhatTheRoomSays()
    {
        var room = OpenRoom(Coach, Lena);
        room.Run(Coach, new MuteMedia("lena", MediaKind.Audio));
        var reported = Run(room, Lena, new ReportMediaState(true, true, true));
        Assert.Equal(
            [new ModerateMedia("janus-room", "lena", MediaKind.Audio, true), new ModerateMedia("janus-room", "lena", MediaKind.Video, false)],
            reported);
        var unmuted = Run(room, Coach, new UnmuteMedia("lena", MediaKind.Audio));
        Assert.Equal([new ModerateMedia("janus-room", "lena", MediaKind.Audio, false)], unmuted);
    }

    [Fact]
    public void NobodyOutOfMediaIsModeratedAndNothingIsSentBeforeTheMediaRoomOpens()
    {
        var closed = new FeatureTestRoom(Coach, Lena);
        closed.Run(Lena, new ReportMediaState(true, true, true));
        Assert.Empty(Run(closed, Coach, new MuteMedia("lena", MediaKind.Audio)));

        var room = OpenRoom(Coach, Lena);
        Assert.Empty(Run(room, Coach, new MuteMedia("lena", MediaKind.Audio)));
    }

    [Fact]
    public void APublishedFeedGetsTheRoomsAnswerForBothTracksWhateverThePageReported()
    {
        var closed = new FeatureTestRoom(Coach, Lena);
        Assert.Empty(MediaEnforcement.ForPublishedFeed(closed.State, "lena"));

        var room = OpenRoom(Coach, Lena);
        room.Run(Coach, new MuteMedia("lena", MediaKind.Audio));
        // Lena never reported being in media: her feed is moderated all the same.
        Assert.Equal(
            [new ModerateMedia("janus-room", "lena", MediaKind.Audio, true), new ModerateMedia("janus-room", "lena", MediaKind.Video, false)],
            MediaEnforcement.ForPublishedFeed(room.State, "lena"));
        room.Run(Coach, new SetMediaPolicy(false, CoachManagedMic: true));
        room.Run(Coach, new UnmuteMedia("lena", MediaKind.Audio));
        Assert.Contains(new ModerateMedia("janus-room", "lena", MediaKind.Audio, true), MediaEnforcement.ForPublishedFeed(room.State, "lena"));
        Assert.Contains(new ModerateMedia("janus-room", "coach", MediaKind.Audio, false), MediaEnforcement.ForPublishedFeed(room.State, "coach"));
    }

    [Fact]
    public void RemovalKicksEndingClosesAndTheOpeningIsRecordedOnce()
    {
        var room = OpenRoom(Coach, Lena, Liam);
        AssertAlreadyDone(room.Decide(Lena, new OpenMediaRoom("another", "default")));
        Assert.Equal([new KickFromMedia("janus-room", "lena")], Run(room, Coach, new RemoveParticipant("lena")));
        Assert.Contains(new CloseMediaRoom("janus-room"), Run(room, Coach, new EndRoundtable()));
        AssertRejected(room.Decide(Liam, new ReportMediaState(true, true, true)), Rejection.RoomEnded);
        Assert.False(room.State.ToSnapshot(10, Viewer.Participants).Part<MediaSnapshot>()!.Media.Available);
    }

    [Fact]
    public void ClosingABreakoutGroupsRoomDestroysItsMediaRoomOnce()
    {
        var room = new FeatureTestRoom(Coach, Lena);
        room.Append(new BreakoutRoomOpened("main", "Main", "Group 1", [new BreakoutMember("lena", "Lena")], null, DateTimeOffset.UnixEpoch.AddHours(1)));
        room.Run(Coach, new OpenMediaRoom("janus-room", "default"));
        var before = room.LastSeq;
        room.Run(Coach, new CloseBreakoutRoom());
        Assert.Equal([new CloseMediaRoom("janus-room")], MediaEnforcement.After(room.State, [.. room.Log.Skip((int)before)]));
    }

    [Fact]
    public void ThePresenterOrStaffShareOneScreenAtATimeAndStaffStoppingItDropsTheFeed()
    {
        var room = OpenRoom(Coach, Lena, Liam);
        AssertRejected(room.Decide(Lena, new StartScreenShare()), Rejection.NotAllowed);
        room.Run(Coach, new StartScreenShare());
        AssertRejected(room.Decide(Admin, new StartScreenShare()), Rejection.NotInRoom);
        AssertRejected(room.Decide(Lena, new StopScreenShare("coach")), Rejection.NotAllowed);
        Assert.Empty(Run(room, Coach, new StopScreenShare("coach")));

        room.Append(new PresentationStarted("p1", "lena", "Lena", null, "coach"));
        room.Run(Lena, new StartScreenShare());
        AssertRejected(room.Decide(Coach, new StartScreenShare()), MediaRejections.ScreenBusy);
        Assert.Equal("lena", room.State.ToSnapshot(10, Viewer.Participants).Part<MediaSnapshot>()!.Media.ScreenSharer);
        Assert.Equal([new StopScreenFeed("janus-room", "lena")], Run(room, Coach, new StopScreenShare("lena")));
        Assert.Null(Media(room.Replayed()).ScreenSharer);
    }

    [Fact]
    public void TheSnapshotShowsEveryonePresentWithWhatTheyReportedAndMayDo()
    {
        var room = OpenRoom(Coach, Lena);
        room.Run(Lena, new ReportMediaState(true, true, false));
        room.Run(Coach, new MuteMedia("lena", MediaKind.Video));
        var media = room.Replayed().ToSnapshot(10, Viewer.Participants).Part<MediaSnapshot>()!.Media;
        Assert.True(media.Available);
        Assert.Equal(new MediaPerson(true, true, false, true, false), media.People["lena"]);
        Assert.Equal(new MediaPerson(false, false, false, true, true), media.People["coach"]);
        AssertAlreadyDone(room.Decide(Lena, new ReportMediaState(true, true, false)));
        AssertRejected(room.Decide(Noor, new ReportMediaState(true, true, false)), Rejection.NotInRoom);
    }
}
