using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

/// <summary>A room driven through the decider, its accepted events folded in with server times one second apart.</summary>
internal sealed class DecidedRoom
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly Actor Coach = new("coach", "Cora", RoomRole.Coach);
    public static readonly Actor Admin = new("admin", "Ada", RoomRole.Admin);
    public static readonly Actor Lena = new("lena", "Lena", RoomRole.Learner);
    public static readonly Actor Liam = new("liam", "Liam", RoomRole.Learner);
    public static readonly Actor Max = new("max", "Max", RoomRole.Manager);

    private readonly RoomDecider _decider = new(new MarkdownRenderer());

    public RoomState State { get; } = new("room1");

    public List<StoredEvent> Log { get; } = [];

    public static DecidedRoom Live()
    {
        var room = new DecidedRoom();
        room.Append(new RoundtableStarted(Coach.UserId));
        return room;
    }

    public void Append(params DomainEvent[] events)
    {
        foreach (var e in events)
        {
            var seq = State.Version + 1;
            var stored = new StoredEvent(StreamNames.Room(State.RoomId), seq, 100 + seq, T0.AddSeconds(seq), e);
            State.Apply(stored);
            Log.Add(stored);
        }
    }

    public Decision Do(Actor actor, RoomCommand command)
    {
        var decision = _decider.Decide(State, actor, command);
        if (decision.Accepted)
        {
            Append([.. decision.Events]);
        }
        return decision;
    }

    public IReadOnlyList<DomainEvent> Accept(Actor actor, RoomCommand command)
    {
        var decision = Do(actor, command);
        Assert.True(decision.Accepted, decision.Reason);
        return decision.Events;
    }

    public static void AssertRejected(Decision decision, Rejection expected)
    {
        Assert.False(decision.Accepted);
        Assert.Equal(expected, decision.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        Assert.Empty(decision.Events);
    }

    public string AddTopic(string markdown = "What went well?") =>
        Assert.IsType<AgendaItemAdded>(Assert.Single(Accept(Coach, new AddAgendaTopic(markdown)))).ItemId;

    public string AddSlot(Actor presenter, int minutes = 5) =>
        Assert.IsType<AgendaItemAdded>(Assert.Single(Accept(Coach, new AddPresentationSlot(presenter.UserId, presenter.DisplayName, minutes)))).ItemId;
}

public sealed class AgendaTests
{
    private static readonly Actor Coach = DecidedRoom.Coach, Admin = DecidedRoom.Admin, Lena = DecidedRoom.Lena, Max = DecidedRoom.Max;

    [Fact]
    public void CoachAddsATopicWithRenderedSanitisedPromptAndASlot()
    {
        var room = new DecidedRoom();
        var topic = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Accept(Coach, new AddAgendaTopic("**Why** [x](javascript:alert(1))"))));
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Accept(Admin, new AddPresentationSlot("lena", "Lena", 7))));

        Assert.Equal(("item-1", AgendaItemKind.Topic), (topic.ItemId, topic.Kind));
        Assert.Contains("<strong>Why</strong>", topic.Html);
        Assert.DoesNotContain("javascript", topic.Html);
        Assert.Equal(("item-2", AgendaItemKind.Presentation, "lena", "Lena", (int?)7), (slot.ItemId, slot.Kind, slot.PresenterUserId, slot.PresenterName, slot.DurationMinutes));
        Assert.Equal(["item-1", "item-2"], room.State.Feature<AgendaState>().Items.Select(i => i.ItemId));
        Assert.Equal("Presentation: Lena", room.State.Feature<AgendaState>().Items[1].Title);
        Assert.Null(room.State.Feature<AgendaState>().CurrentItemId);
    }

    [Fact]
    public void ItemIdsAreNeverReusedAfterARemoval()
    {
        var room = new DecidedRoom();
        var first = room.AddTopic();
        room.Accept(Coach, new RemoveAgendaItem(first));
        Assert.Equal("item-2", room.AddTopic());
    }

    [Fact]
    public void OnlyStaffChangeTheAgendaOrTimer()
    {
        var room = DecidedRoom.Live();
        var item = room.AddTopic();
        RoomCommand[] commands =
        [
            new AddAgendaTopic("x"), new AddPresentationSlot("lena", "Lena", 5), new RemoveAgendaItem(item), new MoveAgendaItem(item, 0),
            new AdvanceAgenda(), new StartTimer(5, null), new ExtendTimer(1), new StopTimer(),
        ];
        foreach (var actor in new[] { Lena, Max })
        {
            foreach (var command in commands)
            {
                DecidedRoom.AssertRejected(room.Do(actor, command), Rejection.NotAllowed);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void AnEmptyTopicIsRefused(string markdown) =>
        DecidedRoom.AssertRejected(new DecidedRoom().Do(Coach, new AddAgendaTopic(markdown)), Rejection.EmptyMessage);

    [Fact]
    public void AnOversizedTopicIsRefused()
    {
        var room = new DecidedRoom();
        Assert.True(room.Do(Coach, new AddAgendaTopic(new string('a', AgendaLimits.MaxTopicBytes))).Accepted);
        DecidedRoom.AssertRejected(room.Do(Coach, new AddAgendaTopic(new string('a', AgendaLimits.MaxTopicBytes + 1))), Rejection.MessageTooLarge);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(121)]
    [InlineData(-5)]
    public void ASlotLastsOneToOneHundredTwentyMinutes(int minutes) =>
        DecidedRoom.AssertRejected(new DecidedRoom().Do(Coach, new AddPresentationSlot("lena", "Lena", minutes)), Rejection.InvalidArgument);

    [Fact]
    public void ASlotNeedsAPresenter() =>
        DecidedRoom.AssertRejected(new DecidedRoom().Do(Coach, new AddPresentationSlot(" ", "Lena", 5)), Rejection.InvalidArgument);

    [Fact]
    public void TheAgendaHoldsAtMostFiftyItems()
    {
        var room = new DecidedRoom();
        for (var i = 0; i < AgendaLimits.MaxItems; i++)
        {
            room.AddTopic($"topic {i}");
        }
        DecidedRoom.AssertRejected(room.Do(Coach, new AddAgendaTopic("one more")), Rejection.InvalidArgument);
    }

    [Fact]
    public void MoveReordersAndRefusesUnknownItemsAndPositionsOutOfRange()
    {
        var room = new DecidedRoom();
        var a = room.AddTopic("a");
        var b = room.AddTopic("b");
        var c = room.AddTopic("c");

        room.Accept(Coach, new MoveAgendaItem(c, 0));
        Assert.Equal([c, a, b], room.State.Feature<AgendaState>().Items.Select(i => i.ItemId));
        room.Accept(Coach, new MoveAgendaItem(c, 2));
        Assert.Equal([a, b, c], room.State.Feature<AgendaState>().Items.Select(i => i.ItemId));
        Assert.Empty(room.Accept(Coach, new MoveAgendaItem(a, 0)));

        DecidedRoom.AssertRejected(room.Do(Coach, new MoveAgendaItem("item-99", 0)), AgendaRejections.UnknownAgendaItem);
        DecidedRoom.AssertRejected(room.Do(Coach, new MoveAgendaItem(a, 3)), Rejection.InvalidArgument);
        DecidedRoom.AssertRejected(room.Do(Coach, new MoveAgendaItem(a, -1)), Rejection.InvalidArgument);
        DecidedRoom.AssertRejected(room.Do(Coach, new RemoveAgendaItem("item-99")), AgendaRejections.UnknownAgendaItem);
    }

    [Fact]
    public void AdvanceWalksTheAgendaInOrderThenFinishesAndResumesAtNewItems()
    {
        var room = DecidedRoom.Live();
        DecidedRoom.AssertRejected(room.Do(Coach, new AdvanceAgenda()), Rejection.InvalidArgument);
        var a = room.AddTopic("# Warm-up\nsay hi");
        var b = room.AddTopic("b");

        var first = Assert.IsType<AgendaAdvanced>(Assert.Single(room.Accept(Coach, new AdvanceAgenda())));
        Assert.Equal((a, "Warm-up"), (first.ItemId, first.Title));
        room.Accept(Coach, new AdvanceAgenda());
        Assert.Equal(b, room.State.Feature<AgendaState>().CurrentItemId);
        var done = Assert.IsType<AgendaAdvanced>(Assert.Single(room.Accept(Coach, new AdvanceAgenda())));
        Assert.Null(done.ItemId);
        Assert.Null(room.State.Feature<AgendaState>().CurrentItemId);
        DecidedRoom.AssertRejected(room.Do(Coach, new AdvanceAgenda()), Rejection.InvalidArgument);

        var c = room.AddTopic("c");
        room.Accept(Coach, new AdvanceAgenda());
        Assert.Equal(c, room.State.Feature<AgendaState>().CurrentItemId);
    }

    [Fact]
    public void RemovingTheCurrentItemLeavesNoCurrentItem()
    {
        var room = DecidedRoom.Live();
        var a = room.AddTopic();
        room.Accept(Coach, new AdvanceAgenda());
        room.Accept(Coach, new RemoveAgendaItem(a));
        Assert.Null(room.State.Feature<AgendaState>().CurrentItemId);
        Assert.Empty(room.State.Feature<AgendaState>().Items);
    }

    [Fact]
    public void AdvanceNeedsALiveRoomButTheAgendaCanBeBuiltBeforehand()
    {
        var room = new DecidedRoom();
        room.AddTopic();
        DecidedRoom.AssertRejected(room.Do(Coach, new AdvanceAgenda()), Rejection.NotLive);
        DecidedRoom.AssertRejected(room.Do(Coach, new StartTimer(5, null)), Rejection.NotLive);
    }

    [Fact]
    public void AnEndedRoomsAgendaIsReadOnly()
    {
        var room = DecidedRoom.Live();
        var a = room.AddTopic();
        room.Append(new RoundtableEnded(Coach.UserId));
        DecidedRoom.AssertRejected(room.Do(Coach, new AddAgendaTopic("x")), Rejection.RoomEnded);
        DecidedRoom.AssertRejected(room.Do(Coach, new RemoveAgendaItem(a)), Rejection.RoomEnded);
        DecidedRoom.AssertRejected(room.Do(Coach, new AdvanceAgenda()), Rejection.RoomEnded);
    }

    [Fact]
    public void TheTimerStartsAtTheStoredEventsTimeAndExtendsAndStops()
    {
        var room = DecidedRoom.Live();
        var started = Assert.IsType<TimerStarted>(Assert.Single(room.Accept(Coach, new StartTimer(3, null))));
        Assert.Equal(180, started.DurationSeconds);
        var at = room.Log[^1].At;
        Assert.Equal(new RoomTimer(at, 180, null), room.State.Feature<AgendaState>().Timer);
        Assert.Equal(at.AddSeconds(180), room.State.Feature<AgendaState>().Timer!.EndsAt);

        room.Accept(Coach, new ExtendTimer(2));
        Assert.Equal(new RoomTimer(at, 300, null), room.State.Feature<AgendaState>().Timer);

        room.Accept(Coach, new StopTimer());
        Assert.Null(room.State.Feature<AgendaState>().Timer);
        Assert.Empty(room.Accept(Coach, new StopTimer()));
        DecidedRoom.AssertRejected(room.Do(Coach, new ExtendTimer(1)), AgendaRejections.NoTimer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(121)]
    public void TimerMinutesAreOneToOneHundredTwenty(int minutes)
    {
        var room = DecidedRoom.Live();
        DecidedRoom.AssertRejected(room.Do(Coach, new StartTimer(minutes, null)), Rejection.InvalidArgument);
        room.Accept(Coach, new StartTimer(5, null));
        DecidedRoom.AssertRejected(room.Do(Coach, new ExtendTimer(minutes)), Rejection.InvalidArgument);
    }

    [Fact]
    public void ATimerRunsAtMostFourHoursWithExtensions()
    {
        var room = DecidedRoom.Live();
        room.Accept(Coach, new StartTimer(120, null));
        room.Accept(Coach, new ExtendTimer(120));
        DecidedRoom.AssertRejected(room.Do(Coach, new ExtendTimer(1)), Rejection.InvalidArgument);
    }

    [Fact]
    public void ATimerForAnItemNeedsAKnownItemAndStopsWhenTheAgendaMovesOn()
    {
        var room = DecidedRoom.Live();
        DecidedRoom.AssertRejected(room.Do(Coach, new StartTimer(5, "item-9")), AgendaRejections.UnknownAgendaItem);
        var a = room.AddTopic();
        room.AddTopic();
        room.Accept(Coach, new AdvanceAgenda());
        room.Accept(Coach, new StartTimer(5, a));

        var events = room.Accept(Coach, new AdvanceAgenda());
        Assert.Equal([typeof(TimerStopped), typeof(AgendaAdvanced)], events.Select(e => e.GetType()));
        Assert.Null(room.State.Feature<AgendaState>().Timer);
    }

    [Fact]
    public void AnAdHocTimerKeepsRunningWhenTheAgendaMovesOn()
    {
        var room = DecidedRoom.Live();
        room.AddTopic();
        room.AddTopic();
        room.Accept(Coach, new AdvanceAgenda());
        room.Accept(Coach, new StartTimer(5, null));
        Assert.IsType<AgendaAdvanced>(Assert.Single(room.Accept(Coach, new AdvanceAgenda())));
        Assert.NotNull(room.State.Feature<AgendaState>().Timer);
    }

    [Fact]
    public void SnapshotCarriesTheAgendaCurrentItemAndTimer()
    {
        var room = DecidedRoom.Live();
        var a = room.AddTopic();
        room.Accept(Coach, new AdvanceAgenda());
        room.Accept(Coach, new StartTimer(5, a));

        var snapshot = room.State.ToSnapshot(10, new Viewer(RoomAudience.Participants, "lena"));
        Assert.Equal([a], snapshot.Part<AgendaSnapshot>()!.Agenda!.Items.Select(i => i.ItemId));
        Assert.Equal(a, snapshot.Part<AgendaSnapshot>()!.Agenda.CurrentItemId);
        Assert.Equal(room.State.Feature<AgendaState>().Timer, snapshot.Part<AgendaSnapshot>()!.Agenda.Timer);
    }

    [Fact]
    public void AgendaEventsRoundTripThroughTheSerializerAndReplay()
    {
        var room = DecidedRoom.Live();
        var a = room.AddTopic();
        room.AddSlot(Lena);
        room.Accept(Coach, new MoveAgendaItem(a, 1));
        room.Accept(Coach, new AdvanceAgenda());
        room.Accept(Coach, new StartTimer(5, null));
        room.Accept(Coach, new ExtendTimer(1));

        var replayed = RoomState.Fold("room1", room.Log.Select(s => s with { Event = EventSerializer.Deserialize(EventSerializer.Serialize(s.Event)) }));
        Assert.Equal(room.State.Feature<AgendaState>().Items, replayed.Feature<AgendaState>().Items);
        Assert.Equal(room.State.Feature<AgendaState>().CurrentItemId, replayed.Feature<AgendaState>().CurrentItemId);
        Assert.Equal(room.State.Feature<AgendaState>().Timer, replayed.Feature<AgendaState>().Timer);
    }
}
