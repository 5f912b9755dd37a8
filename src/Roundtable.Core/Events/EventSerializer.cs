using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Roundtable.Core.Events;

/// <summary>
/// How events are written to and read from the log: one set of options for every log implementation, and one
/// contract for <see cref="DomainEvent"/> (its "type" discriminator, the type's name) that every other place
/// serialising events (the hubs, the HTTP API, clients) adds with <see cref="UseEventContract"/>.
/// </summary>
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
        return UseEventContract(options);
    }

    /// <summary>
    /// Makes <paramref name="options"/> write and read <see cref="DomainEvent"/> polymorphically, by the "type"
    /// discriminator, over <see cref="EventTypes.All"/>; keeps whatever resolver it had for everything else.
    /// </summary>
    public static JsonSerializerOptions UseEventContract(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(AddEventTypes);
        return options;
    }

    public static string Serialize(DomainEvent e) => JsonSerializer.Serialize(e, Options);

    public static DomainEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<DomainEvent>(json, Options)
        ?? throw new InvalidDataException("An event in the log is empty.");

    private static void AddEventTypes(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(DomainEvent))
        {
            return;
        }
        var polymorphism = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var type in EventTypes.All)
        {
            polymorphism.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
        }
        typeInfo.PolymorphismOptions = polymorphism;
    }
}
