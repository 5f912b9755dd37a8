using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roundtable.Core.Events;

/// <summary>How events are written to and read from the log: one set of options for every log implementation.</summary>
public static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>The options the log and the wire share (camelCase, enums as strings, type discriminator first or not).</summary>
    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowOutOfOrderMetadataProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    public static string Serialize(DomainEvent e) => JsonSerializer.Serialize(e, Options);

    public static DomainEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<DomainEvent>(json, Options)
        ?? throw new InvalidDataException("An event in the log is empty.");
}
