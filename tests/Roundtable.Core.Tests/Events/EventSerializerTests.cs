using System.Runtime.CompilerServices;
using System.Text.Json;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests.Events;

public sealed class EventSerializerTests
{
    /// <summary>Events as the log stored them before the event types were declared per area (copied from a real log).</summary>
    public static readonly TheoryData<string> StoredEvents =
    [
        """{"type":"ParticipantJoined","userId":"4949b65e965446c7862a211780de8c78","displayName":"Cora Coach","role":"Coach"}""",
        """{"type":"MessagePosted","userId":"4949b65e965446c7862a211780de8c78","displayName":"Cora Coach","markdown":"Welcome! Tell us in one line what you hope to get from the academy.","html":"\u003Cp\u003EWelcome! Tell us in one line what you hope to get from the academy.\u003C/p\u003E"}""",
        """{"type":"ParticipantLeft","userId":"0ba4f859063c434b8a769f6202563b37","displayName":"Theo Learner","reason":"Disconnected"}""",
        """{"type":"PollVoted","pollId":10,"userId":"5ce7ca029a6f408f92f98a7c6675cb45","choices":[1],"counts":[0,1,0]}""",
        """{"type":"AgendaItemAdded","itemId":"item-1","kind":"Presentation","presenterUserId":"5ce7ca029a6f408f92f98a7c6675cb45","presenterName":"Lena Learner","durationMinutes":5,"userId":"4949b65e965446c7862a211780de8c78"}""",
        """{"type":"FeedbackRated","presentationId":"presentation-1","submissionId":20,"helpfulness":3}""",
        """{"type":"QuestionAsked","userId":"5ce7ca029a6f408f92f98a7c6675cb45","displayName":"Lena Learner","markdown":"How do I **start** a3e77a8320","html":"\u003Cp\u003EHow do I \u003Cstrong\u003Estart\u003C/strong\u003E a3e77a8320\u003C/p\u003E","anonymous":true}""",
        """{"type":"SharedNoteEdited","version":1,"markdown":"## Takeaways 6b31ca93c0","html":"\u003Ch2\u003ETakeaways 6b31ca93c0\u003C/h2\u003E","editorUserId":"4949b65e965446c7862a211780de8c78","editorName":"Cora Coach"}""",
        """{"type":"SessionRated","userId":"5ce7ca029a6f408f92f98a7c6675cb45","displayName":"Lena Learner","rating":4,"commentMarkdown":"Good start, and the rubric helps.","commentHtml":"\u003Cp\u003EGood start, and the rubric helps.\u003C/p\u003E"}""",
        """{"type":"PrivateNoteSaved","userId":"c3630488f3e04b228e35cb825b9ee77e","roundtableId":"2f24757b33ed43329fffc85d29a0020d","markdown":"Remember to **follow up** 06c0d16438","html":"\u003Cp\u003ERemember to \u003Cstrong\u003Efollow up\u003C/strong\u003E 06c0d16438\u003C/p\u003E","version":1}""",
        """{"type":"MemberAdded","cohortId":"72c2352146e64a4db08d32561e43f420","userId":"4949b65e965446c7862a211780de8c78","role":"Coach","addedBy":"b18edcd2218745a6b3908f36a7d2072f"}""",
        """{"type":"RoundtableScheduled","roundtableId":"b66ebebf2518422dab8c6cb91ea3c0cd","cohortId":"72c2352146e64a4db08d32561e43f420","title":"Orientation: meet your cohort","scheduledStart":"2026-11-21T06:00:00+00:00","durationMinutes":60,"scheduledBy":"b18edcd2218745a6b3908f36a7d2072f","kind":"Session"}""",
        """{"type":"SignedOut","userId":"0ba4f859063c434b8a769f6202563b37","sessionId":"322d0082b7d765e2ee89917e5e2babd7","until":"2026-12-12T06:47:17.3281726+00:00"}""",
        """{"type":"PlanFeedbackGiven","managerId":"397410145fd1450f845ad02bb5b9ffd6","markdown":"Say what you will ask *first*.","html":"\u003Cp\u003ESay what you will ask \u003Cem\u003Efirst\u003C/em\u003E.\u003C/p\u003E","revisionRequested":true,"exerciseId":"3e80f7a06dfd436d903c2cd5a229df7c","learnerId":"d571d326814e41b2ad1a25a9a687268b"}""",
        """{"type":"NotificationRead","userId":"10c9ba058cdf4f2cbfddce47f755c252","notificationId":"299-10c9ba058cdf4f2cbfddce47f755c252"}""",
    ];

    [Theory]
    [MemberData(nameof(StoredEvents))]
    public void EventsStoredBeforeStillLoadAndWriteBackTheSame(string json)
    {
        var e = EventSerializer.Deserialize(json);

        Assert.Equal(JsonDocument.Parse(json).RootElement.GetProperty("type").GetString(), e.TypeName);
        Assert.Equal(json, EventSerializer.Serialize(e));
    }

    [Fact]
    public void EveryEventTypeRoundTripsByItsName()
    {
        Assert.Equal(EventTypes.All.Count, EventTypes.All.Distinct().Count());
        foreach (var type in EventTypes.All)
        {
            var e = (DomainEvent)RuntimeHelpers.GetUninitializedObject(type);
            var json = EventSerializer.Serialize(e);

            Assert.StartsWith($$"""{"type":"{{type.Name}}" """.TrimEnd(), json);
            Assert.IsType(type, EventSerializer.Deserialize(json));
        }
    }

    [Fact]
    public void EveryEventTypeIsDeclaredByItsArea()
    {
        var concrete = typeof(DomainEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(DomainEvent)) && !t.IsAbstract);

        Assert.Empty(concrete.Except(EventTypes.All).Select(t => t.Name));
    }

    [Fact]
    public void EveryRoomEventIsFoldedByOneRoomFeature()
    {
        var roomEvents = typeof(RoomEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(RoomEvent)) && !t.IsAbstract);

        Assert.Equal(roomEvents.OrderBy(t => t.Name), RoomFeatures.All.EventTypes.OrderBy(t => t.Name));
    }

    [Fact]
    public void OptionsWithTheEventContractReadAndWriteEventsAsTheLogDoes()
    {
        var wire = EventSerializer.UseEventContract(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        });
        DomainEvent e = new PollVoted(10, "lena", [1], [0, 1, 0]);

        var json = JsonSerializer.Serialize(e, wire);

        Assert.Equal(EventSerializer.Serialize(e), json);
        Assert.Equal(e.TypeName, JsonSerializer.Deserialize<DomainEvent>(json, wire)!.TypeName);
    }
}
