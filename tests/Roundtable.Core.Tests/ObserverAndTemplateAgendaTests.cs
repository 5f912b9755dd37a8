using System.Text.Json;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

/// <summary>Observers take no part in a room, by one rule; a room's agenda opens from its cohort's template once.</summary>
public sealed class ObserverAndTemplateAgendaTests
{
    private static readonly Actor Olive = new("olive", "Olive", RoomRole.Observer);

    public static TheoryData<RoomCommand> EverythingButComingAndGoing =>
    [
        new PostMessage("hello", null),
        new StartRoundtable(),
        new EndRoundtable(),
        new RaiseHand(),
        new AddAgendaTopic("mine"),
        new OpenAgendaFromTemplate([new AgendaItemTemplate("Check-in", 5)]),
        new AskQuestion("why?", false),
    ];

    [Theory]
    [MemberData(nameof(EverythingButComingAndGoing))]
    public void AnObserverIsRefusedEveryCommandButJoiningAndLeaving(RoomCommand command)
    {
        var room = DecidedRoom.Live();
        room.Accept(Olive, new JoinRoom());

        var decision = room.Do(Olive, command);

        DecidedRoom.AssertRejected(decision, Rejection.NotAllowed);
        Assert.Equal("You are observing this cohort: you can watch and read, but not take part.", decision.Reason);
    }

    [Fact]
    public void AnObserverJoinsAndLeaves()
    {
        var room = DecidedRoom.Live();

        Assert.IsType<ParticipantJoined>(Assert.Single(room.Accept(Olive, new JoinRoom())));
        Assert.IsType<ParticipantLeft>(Assert.Single(room.Accept(Olive, new LeaveRoom(LeaveReason.Left))));
    }

    [Fact]
    public void TheTemplateOpensAnAgendaThatNeverHadAnItemOnce()
    {
        var room = new DecidedRoom();
        var template = new OpenAgendaFromTemplate([new("Check-in", 10), new("**Practice** round", 30)]);

        var added = room.Accept(DecidedRoom.Coach, template).Cast<AgendaItemAdded>().ToList();

        Assert.Equal(["item-1", "item-2"], added.Select(e => e.ItemId));
        Assert.Equal([10, 30], added.Select(e => e.DurationMinutes ?? 0));
        Assert.Contains("<strong>Practice</strong>", added[1].Html);
        Assert.Empty(room.Accept(DecidedRoom.Coach, template));
    }

    [Fact]
    public void TheTemplateLeavesAnAgendaTheCoachAlreadyStartedAlone()
    {
        var room = new DecidedRoom();
        var id = room.Accept(DecidedRoom.Coach, new AddAgendaTopic("Our own")).Cast<AgendaItemAdded>().Single().ItemId;
        room.Accept(DecidedRoom.Coach, new RemoveAgendaItem(id));

        Assert.Empty(room.Accept(DecidedRoom.Coach, new OpenAgendaFromTemplate([new("Check-in", 10)])));
        Assert.Empty(room.State.Feature<AgendaState>().Items);
    }

    [Fact]
    public void SetUpEventsRoundTrip()
    {
        DomainEvent[] events =
        [
            new ProgramEdited("p1", "Leading teams", "For new managers", "admin"),
            new ProgramArchived("p1", true, "admin"),
            new ProgramTemplateSet("p1", new ProgramTemplate([new("Check-in", 10)], "r1", new("Try it", "Plan one talk.", 7)), "admin"),
            new CohortEdited("c1", "Spring", new DateOnly(2027, 3, 1), null, "coach"),
            new CohortTemplateCopied("c1", ProgramTemplate.Empty),
            new MemberAdded("c1", "u1", CohortRole.Observer, "coach"),
        ];
        foreach (var e in events)
        {
            var json = EventSerializer.Serialize(e);
            Assert.Equal(json, EventSerializer.Serialize(EventSerializer.Deserialize(json)));
        }
        Assert.Contains("\"role\":\"Observer\"", EventSerializer.Serialize(events[^1]));
        Assert.Contains("\"startDate\":\"2027-03-01\"", EventSerializer.Serialize(events[3]));
    }
}
