using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roundtable.Core.Rooms;

/// <summary>
/// What a joining client starts from: the room's state as of <see cref="Seq"/>, as its viewer may see it. The core
/// room's fields, and each feature's part (<see cref="Part{T}"/>). On the wire it is one flat object: the core fields
/// and every part's fields side by side (<c>{"roomId":…, "polls":[…], "stage":…}</c>).
/// </summary>
[JsonConverter(typeof(RoomSnapshotConverter))]
public sealed record RoomSnapshot(
    string RoomId,
    long Seq,
    RoomStatus Status,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<ChatMessage> RecentMessages,
    bool HasEarlierMessages)
{
    /// <summary>
    /// The server's clock when the snapshot was taken (set by whoever builds it), so a client can count a timer
    /// down against server time rather than its own clock.
    /// </summary>
    public DateTimeOffset? ServerNow { get; init; }

    /// <summary>Each feature's part, in the order of <see cref="RoomFeatures"/>.</summary>
    public IReadOnlyList<object> Parts { get; init; } = [];

    /// <summary>A feature's part, e.g. <c>snapshot.Part&lt;PollsSnapshot&gt;()</c>; null when the snapshot has none.</summary>
    public T? Part<T>()
        where T : class
    {
        foreach (var part in Parts)
        {
            if (part is T typed)
            {
                return typed;
            }
        }
        return null;
    }
}

/// <summary>
/// Writes a snapshot as one flat object (the core fields, then each part's fields, each under its own name as the
/// options name it) and reads one back into its core fields and typed parts. Runs once per join, never per event.
/// </summary>
public sealed class RoomSnapshotConverter : JsonConverter<RoomSnapshot>
{
    public override RoomSnapshot Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var core = root.Deserialize<CoreFields>(options) ?? throw new JsonException("A room snapshot is empty.");
        var parts = RoomFeatures.All.SnapshotPartTypes.Select(type => root.Deserialize(type, options)).OfType<object>().ToList();
        return new RoomSnapshot(core.RoomId, core.Seq, core.Status, core.Participants ?? [], core.RecentMessages ?? [], core.HasEarlierMessages)
        {
            ServerNow = core.ServerNow,
            Parts = parts,
        };
    }

    public override void Write(Utf8JsonWriter writer, RoomSnapshot value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteFields(writer, new CoreFields(value.RoomId, value.Seq, value.Status, value.Participants, value.RecentMessages, value.HasEarlierMessages, value.ServerNow), options);
        foreach (var part in value.Parts)
        {
            WriteFields(writer, part, options);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes the properties of <paramref name="value"/> into the object being written, as the options would.</summary>
    private static void WriteFields(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        var skipNulls = options.DefaultIgnoreCondition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
        foreach (var property in options.GetTypeInfo(value.GetType()).Properties)
        {
            if (property.Get is not { } get)
            {
                continue;
            }
            var field = get(value);
            if ((field is null && skipNulls) || property.ShouldSerialize?.Invoke(value, field) == false)
            {
                continue;
            }
            writer.WritePropertyName(property.Name);
            JsonSerializer.Serialize(writer, field, property.PropertyType, options);
        }
    }

    private sealed record CoreFields(
        string RoomId,
        long Seq,
        RoomStatus Status,
        IReadOnlyList<Participant>? Participants,
        IReadOnlyList<ChatMessage>? RecentMessages,
        bool HasEarlierMessages,
        DateTimeOffset? ServerNow);
}
