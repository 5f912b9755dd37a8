using Roundtable.Core.Events;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

public sealed class StageTests
{
    private static readonly Actor Coach = DecidedRoom.Coach, Admin = DecidedRoom.Admin, Lena = DecidedRoom.Lena, Liam = DecidedRoom.Liam, Max = DecidedRoom.Max;

    private static (DecidedRoom Room, string SlotId) Presenting(Actor presenter, int minutes = 5)
    {
        var room = DecidedRoom.Live();
        var slot = room.AddSlot(presenter, minutes);
        room.Accept(Coach, new StartPresentation(slot));
        return (room, slot);
    }

    [Fact]
    public void StartingASlotMakesItCurrentPutsItsLearnerOnStageAndStartsItsTimer()
    {
        var room = DecidedRoom.Live();
        room.AddTopic();
        var slot = room.AddSlot(Lena, 7);

        var events = room.Accept(Coach, new StartPresentation(slot));

        Assert.Equal([typeof(AgendaAdvanced), typeof(PresentationStarted), typeof(TimerStarted)], events.Select(e => e.GetType()));
        Assert.Equal(new PresentationStarted("presentation-1", "lena", "Lena", slot, "coach"), events[1]);
        Assert.Equal(new TimerStarted(420, slot, "coach"), events[2]);
        Assert.Equal(slot, room.State.Feature<AgendaState>().CurrentItemId);
        Assert.Equal(("presentation-1", "lena", "Lena"), (room.State.Feature<StageState>().Stage!.PresentationId, room.State.Feature<StageState>().Stage!.PresenterUserId, room.State.Feature<StageState>().Stage!.PresenterName));
        Assert.Equal(new RoomTimer(room.Log[^1].At, 420, slot), room.State.Feature<AgendaState>().Timer);
    }

    [Fact]
    public void StartingTheSlotOnStageAgainChangesNothing()
    {
        var (room, slot) = Presenting(Lena);
        Assert.Empty(room.Accept(Coach, new StartPresentation(slot)));
    }

    [Fact]
    public void StartingAnotherSlotEndsThePresentationOnStage()
    {
        var (room, _) = Presenting(Lena);
        var next = room.AddSlot(Liam);
        var events = room.Accept(Admin, new StartPresentation(next));
        Assert.Equal(new PresentationEnded("presentation-1", "admin"), events[0]);
        Assert.Equal(("presentation-2", "liam"), (room.State.Feature<StageState>().Stage!.PresentationId, room.State.Feature<StageState>().Stage!.PresenterUserId));
    }

    [Fact]
    public void OnlyStaffStartOrEndPresentationsAndOnlySlotsCanBeStarted()
    {
        var room = DecidedRoom.Live();
        var topic = room.AddTopic();
        var slot = room.AddSlot(Lena);
        DecidedRoom.AssertRejected(room.Do(Lena, new StartPresentation(slot)), Rejection.NotAllowed);
        DecidedRoom.AssertRejected(room.Do(Max, new StartPresentation(slot)), Rejection.NotAllowed);
        DecidedRoom.AssertRejected(room.Do(Coach, new StartPresentation(topic)), Rejection.InvalidArgument);
        DecidedRoom.AssertRejected(room.Do(Coach, new StartPresentation("item-9")), AgendaRejections.UnknownAgendaItem);
        room.Accept(Coach, new StartPresentation(slot));
        DecidedRoom.AssertRejected(room.Do(Lena, new EndPresentation()), Rejection.NotAllowed);
    }

    [Fact]
    public void APresentationNeedsALiveRoom()
    {
        var room = new DecidedRoom();
        var slot = room.AddSlot(Lena);
        DecidedRoom.AssertRejected(room.Do(Coach, new StartPresentation(slot)), Rejection.NotLive);
    }

    [Fact]
    public void EndingThePresentationStopsItsTimer()
    {
        var (room, _) = Presenting(Lena);
        var events = room.Accept(Coach, new EndPresentation());
        Assert.Equal([new PresentationEnded("presentation-1", "coach"), (DomainEvent)new TimerStopped("coach")], events);
        Assert.Null(room.State.Feature<StageState>().Stage);
        Assert.Null(room.State.Feature<AgendaState>().Timer);
        Assert.Empty(room.Accept(Coach, new EndPresentation()));
    }

    [Fact]
    public void AdvancingEndsThePresentationAndItsTimer()
    {
        var (room, _) = Presenting(Lena);
        var events = room.Accept(Coach, new AdvanceAgenda());
        Assert.Equal([typeof(PresentationEnded), typeof(TimerStopped), typeof(AgendaAdvanced)], events.Select(e => e.GetType()));
        Assert.Null(room.State.Feature<StageState>().Stage);
    }

    [Fact]
    public void TheSlotOnStageCannotBeRemoved()
    {
        var (room, slot) = Presenting(Lena);
        DecidedRoom.AssertRejected(room.Do(Coach, new RemoveAgendaItem(slot)), Rejection.InvalidArgument);
    }

    [Fact]
    public void OutlinesSplitOnLinesThatAreExactlyThreeDashes()
    {
        Assert.Equal(["# One\ntext", "## Two", "three ---\n ---\nstill three"],
            StageFeature.SplitSlides("# One\r\ntext\r\n---\r\n## Two\n---\n\n---\nthree ---\n ---\nstill three\n"));
        Assert.Equal(["only"], StageFeature.SplitSlides("---\nonly\n---"));
    }

    [Fact]
    public void ThePresenterSharesSlidesRenderedAndSanitisedAndEveryoneStartsAtTheFirst()
    {
        var (room, _) = Presenting(Lena);
        var source = "# Intro\n---\n**Point** [bad](javascript:alert(1)) <script>x</script>\n---\n## End";
        var shared = Assert.IsType<SlidesShared>(Assert.Single(room.Accept(Lena, new ShareSlides(source))));

        Assert.Equal(("presentation-1", "lena", "Lena", source), (shared.PresentationId, shared.UserId, shared.DisplayName, shared.Markdown));
        Assert.Equal(3, shared.Slides.Count);
        Assert.Equal("<h1>Intro</h1>", shared.Slides[0]);
        Assert.Contains("<strong>Point</strong>", shared.Slides[1]);
        Assert.DoesNotContain("javascript", shared.Slides[1]);
        Assert.DoesNotContain("<script", shared.Slides[1]);
        Assert.Equal(0, room.State.Feature<StageState>().Stage!.SlideIndex);
        Assert.Equal(shared.Slides, room.State.Feature<StageState>().Stage!.Slides);
    }

    [Fact]
    public void OnlyThePresenterOrStaffChangeSlides()
    {
        var (room, _) = Presenting(Lena);
        room.Accept(Lena, new ShareSlides("a\n---\nb\n---\nc"));
        DecidedRoom.AssertRejected(room.Do(Liam, new ShareSlides("mine")), Rejection.NotAllowed);
        DecidedRoom.AssertRejected(room.Do(Max, new ShowSlide(1)), Rejection.NotAllowed);
        DecidedRoom.AssertRejected(room.Do(Liam, new ShowSlide(1)), Rejection.NotAllowed);

        Assert.Equal(new SlideShown("presentation-1", 1, "lena"), Assert.Single(room.Accept(Lena, new ShowSlide(1))));
        room.Accept(Coach, new ShowSlide(2));
        Assert.Equal(2, room.State.Feature<StageState>().Stage!.SlideIndex);
        room.Accept(Admin, new ShowSlide(0));
        Assert.Equal(0, room.State.Feature<StageState>().Stage!.SlideIndex);
        Assert.Empty(room.Accept(Lena, new ShowSlide(0)));
        room.Accept(Coach, new ShareSlides("coach's outline"));
        Assert.Single(room.State.Feature<StageState>().Stage!.Slides);
    }

    [Fact]
    public void SlidesNeedAPresentationOnStage()
    {
        var room = DecidedRoom.Live();
        DecidedRoom.AssertRejected(room.Do(Coach, new ShareSlides("a")), StageRejections.NoPresentation);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShowSlide(0)), StageRejections.NoPresentation);
    }

    [Fact]
    public void SlideIndexesOutOfRangeAreRefused()
    {
        var (room, _) = Presenting(Lena);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShowSlide(0)), Rejection.InvalidArgument);
        room.Accept(Lena, new ShareSlides("a\n---\nb"));
        DecidedRoom.AssertRejected(room.Do(Lena, new ShowSlide(2)), Rejection.InvalidArgument);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShowSlide(-1)), Rejection.InvalidArgument);
    }

    [Fact]
    public void OversizedEmptyOrTooManySlideOutlinesAreRefused()
    {
        var (room, _) = Presenting(Lena);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareSlides(" \n---\n ")), Rejection.EmptyMessage);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareSlides(new string('a', StageLimits.MaxSlidesBytes + 1))), Rejection.MessageTooLarge);
        var many = string.Join("\n---\n", Enumerable.Range(1, StageLimits.MaxSlides + 1).Select(i => $"slide {i}"));
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareSlides(many)), Rejection.MessageTooLarge);
        Assert.True(room.Do(Lena, new ShareSlides(string.Join("\n---\n", Enumerable.Range(1, StageLimits.MaxSlides).Select(i => $"slide {i}")))).Accepted);
        Assert.True(room.Do(Lena, new ShareSlides(new string('a', StageLimits.MaxSlidesBytes))).Accepted);
    }

    [Fact]
    public void TheStageIsClosedWhenTheRoomHasEnded()
    {
        var (room, _) = Presenting(Lena);
        room.Append(new RoundtableEnded(Coach.UserId));
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareSlides("a")), Rejection.RoomEnded);
    }

    [Fact]
    public void SnapshotCarriesTheStageAndCurrentSlideAndReplaysTheSame()
    {
        var (room, slot) = Presenting(Lena);
        room.Accept(Lena, new ShareSlides("a\n---\nb"));
        room.Accept(Lena, new ShowSlide(1));

        var stage = room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "liam")).Part<StageSnapshot>()!.Stage!;
        Assert.Equal(("presentation-1", "lena", slot, 1), (stage.PresentationId, stage.PresenterUserId, stage.AgendaItemId, stage.SlideIndex));
        Assert.Equal(["<p>a</p>", "<p>b</p>"], stage.Slides);

        var replayed = RoomState.Fold("room1", room.Log.Select(s => s with { Event = EventSerializer.Deserialize(EventSerializer.Serialize(s.Event)) }));
        Assert.Equal(stage.Slides, replayed.Feature<StageState>().Stage!.Slides);
        Assert.Equal(stage with { Slides = [] }, replayed.Feature<StageState>().Stage! with { Slides = [] });
    }

    private static readonly SlideFile Deck = new("upload-pdf", "deck.pdf", "application/pdf", 2);
    private static readonly SlideFile Photo = new("upload-png", "photo.png", "image/png", 1);

    [Fact]
    public void SharedFilesAreOneSlidePerPdfPageAndPerImageInOrder()
    {
        var (room, _) = Presenting(Lena);

        var shared = Assert.IsType<FileSlidesShared>(Assert.Single(room.Accept(Lena, new ShareFileSlides([Deck, Photo]))));

        Assert.Equal(("presentation-1", "lena", "Lena", 3), (shared.PresentationId, shared.UserId, shared.DisplayName, shared.PageCount));
        Assert.Equal([Deck, Photo], shared.Files);
        var stage = room.State.Feature<StageState>().Stage!;
        Assert.Equal((3, 0), (stage.SlideCount, stage.SlideIndex));
        Assert.Equal(new SlideShown("presentation-1", 2, "lena"), Assert.Single(room.Accept(Lena, new ShowSlide(2))));
        DecidedRoom.AssertRejected(room.Do(Lena, new ShowSlide(3)), Rejection.InvalidArgument);
        Assert.True(room.State.Feature<StageState>().WasShared("upload-pdf"));
        Assert.False(room.State.Feature<StageState>().WasShared("upload-other"));
    }

    [Fact]
    public void OnlyThePresenterOrStaffShareFilesAndOnlyWhileSomeonePresents()
    {
        var room = DecidedRoom.Live();
        DecidedRoom.AssertRejected(room.Do(Coach, new ShareFileSlides([Photo])), StageRejections.NoPresentation);
        (room, _) = Presenting(Lena);
        DecidedRoom.AssertRejected(room.Do(Liam, new ShareFileSlides([Photo])), Rejection.NotAllowed);
        DecidedRoom.AssertRejected(room.Do(Max, new ShareFileSlides([Photo])), Rejection.NotAllowed);
        Assert.True(room.Do(Coach, new ShareFileSlides([Photo])).Accepted);
        Assert.True(room.Do(Admin, new ShareFileSlides([Deck])).Accepted);
        room.Append(new RoundtableEnded(Coach.UserId));
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareFileSlides([Photo])), Rejection.RoomEnded);
    }

    [Fact]
    public void NoFilesUnreadableFilesOrMorePagesThanTheSlideLimitAreRefused()
    {
        var (room, _) = Presenting(Lena);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareFileSlides([])), Rejection.EmptyMessage);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareFileSlides([Photo, Deck with { Pages = 0 }])), Rejection.InvalidArgument);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareFileSlides([Deck with { Pages = StageLimits.MaxSlides }, Photo])), Rejection.MessageTooLarge);
        DecidedRoom.AssertRejected(room.Do(Lena, new ShareFileSlides([Deck with { Pages = int.MaxValue }, Deck with { Pages = int.MaxValue }])), Rejection.MessageTooLarge);
        Assert.False(room.State.Feature<StageState>().WasShared(Photo.UploadId));
        Assert.True(room.Do(Lena, new ShareFileSlides([Deck with { Pages = StageLimits.MaxSlides }])).Accepted);
    }

    [Fact]
    public void FilesReplaceAnOutlineAnOutlineReplacesFilesAndTheLogReplaysTheSamePage()
    {
        var (room, _) = Presenting(Lena);
        room.Accept(Lena, new ShareSlides("a\n---\nb"));
        room.Accept(Lena, new ShowSlide(1));
        room.Accept(Lena, new ShareFileSlides([Deck, Photo]));
        var stage = room.State.Feature<StageState>().Stage!;
        Assert.Equal((null, 0, 0), (stage.Markdown, stage.Slides.Count, stage.SlideIndex));
        room.Accept(Lena, new ShowSlide(1));

        var late = room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "liam")).Part<StageSnapshot>()!.Stage!;
        Assert.Equal((1, 3), (late.SlideIndex, late.SlideCount));
        Assert.Equal([Deck, Photo], late.Files);
        var replayed = RoomState.Fold("room1", room.Log.Select(s => s with { Event = EventSerializer.Deserialize(EventSerializer.Serialize(s.Event)) }));
        var again = replayed.Feature<StageState>().Stage!;
        Assert.Equal((1, 3), (again.SlideIndex, again.SlideCount));
        Assert.Equal([Deck, Photo], again.Files);
        Assert.True(replayed.Feature<StageState>().WasShared(Deck.UploadId));

        room.Accept(Coach, new ShareSlides("outline again"));
        Assert.Equal((0, 1), (room.State.Feature<StageState>().Stage!.Files.Count, room.State.Feature<StageState>().Stage!.SlideCount));
    }

    [Fact]
    public void SnapshotListsEveryPresentationGivenSoFarInOrder()
    {
        var (room, _) = Presenting(Lena);
        var next = room.AddSlot(Liam);
        room.Accept(Coach, new StartPresentation(next));
        room.Accept(Coach, new EndPresentation());

        var presentations = room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "max")).Part<StageSnapshot>()!.Presentations!;

        Assert.Equal([("presentation-1", "lena", true), ("presentation-2", "liam", true)],
            presentations.Select(p => (p.PresentationId, p.PresenterUserId, p.EndedAt is not null)));
    }
}
