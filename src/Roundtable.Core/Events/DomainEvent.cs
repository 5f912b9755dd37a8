using System.Text.Json.Serialization;

namespace Roundtable.Core.Events;

/// <summary>
/// Everything that can happen. Every event lives on one stream of the log: room events on their room's stream,
/// directory events (accounts, programs, cohorts, ...) on the directory stream. Each area declares its own event types
/// (a room feature by folding them; the others in an <c>XxxEventTypes</c> list beside their events), and
/// <see cref="EventTypes"/> gathers them for the serializer, which writes each with its type name as <c>"type"</c>.
/// </summary>
public abstract record DomainEvent
{
    /// <summary>The wire and storage name of this event type.</summary>
    [JsonIgnore]
    public string TypeName => GetType().Name;
}

/// <summary>An event that changes one room; its stream is the room's.</summary>
public abstract record RoomEvent : DomainEvent;

/// <summary>An event about records outside rooms; its stream is the directory.</summary>
public abstract record DirectoryEvent : DomainEvent;
