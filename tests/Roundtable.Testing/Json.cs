using System.Text.Json;
using System.Text.Json.Serialization;
using Roundtable.Core.Events;

namespace Roundtable.Testing;

/// <summary>The JSON conventions of the server's HTTP API and hub (camelCase, enums as strings, polymorphic events).</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };
        options.Converters.Add(new JsonStringEnumConverter());
        return EventSerializer.UseEventContract(options);
    }
}
