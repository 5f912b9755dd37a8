using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.SignalR;

namespace Roundtable.Server.Hubs;

/// <summary>A hub's methods as SignalR offers them, for their parameter names.</summary>
internal static class HubMethods
{
    private static readonly ConcurrentDictionary<(Type Hub, string Name, int Count), ParameterInfo[]?> Found = new();

    /// <summary>The parameters of the hub method of this name taking these types, if found.</summary>
    public static ParameterInfo[]? Find(Type? hub, string name, IReadOnlyList<Type> types) =>
        hub is null ? null : Found.GetOrAdd((hub, name, types.Count), key => key.Hub
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == key.Name && m.DeclaringType is { } declaring && !IsHubBase(declaring))
            .Select(m => m.GetParameters())
            .FirstOrDefault(p => p.Select(x => x.ParameterType).SequenceEqual(types)));

    private static bool IsHubBase(Type type) => type == typeof(Hub) || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Hub<>);
}

/// <summary>
/// Says what is wrong with a call's arguments in words a client's author can act on: which argument (and which field
/// inside it), what it must be, and what came instead, like the REST API's problem details. Nothing of the server's
/// own types or code, and of what came only its kind (a short number or an enum's name is echoed; text never is).
/// </summary>
internal static class HubArguments
{
    public static string Describe(ParameterInfo[]? parameters, string method, IReadOnlyList<Type> types, JsonElement arguments, JsonSerializerOptions options)
    {
        if (arguments.ValueKind != JsonValueKind.Array)
        {
            return $"{method}: give its arguments as a list.";
        }
        var given = arguments.GetArrayLength();
        if (given != types.Count)
        {
            var names = parameters is null ? "" : $" ({string.Join(", ", parameters.Select(p => p.Name))})";
            return $"{method} takes {Count(types.Count)}{names}; this call gave {given}.";
        }
        for (var i = 0; i < types.Count; i++)
        {
            var name = parameters?[i].Name ?? $"argument {i + 1}";
            var argument = arguments[i];
            try
            {
                JsonSerializer.Deserialize(argument, types[i], options);
            }
            catch (JsonException ex)
            {
                return Mismatch(method, name, types[i], argument, ex.Path, options);
            }
            catch (Exception)
            {
                return $"{method}: {name} could not be read.";
            }
        }
        return $"{method}: the arguments could not be read.";
    }

    private static string Mismatch(string method, string name, Type type, JsonElement argument, string? path, JsonSerializerOptions options)
    {
        var segments = Segments(path);
        var where = name + string.Concat(segments.Select(s => s.Index is { } index ? $"[{index}]" : $".{s.Name}"));
        var expected = TypeAt(type, segments, options);
        var actual = ValueAt(argument, segments);
        if (expected is null || actual is null)
        {
            return $"{method}: {where} could not be read.";
        }
        return $"{method}: {where} must be {Expected(expected)}, not {Actual(actual.Value, expected)}.";
    }

    private static string Count(int n) => n == 1 ? "1 argument" : $"{n} arguments";

    private sealed record Segment(string? Name, int? Index);

    /// <summary>The steps of a System.Text.Json path: <c>$.a.b[2]['c d']</c>.</summary>
    private static List<Segment> Segments(string? path)
    {
        var segments = new List<Segment>();
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return segments;
        }
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new Segment(path[(i + 1)..end], null));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }
                segments.Add(new Segment(path[(i + 2)..end], null));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    break;
                }
                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else
            {
                break;
            }
        }
        return segments;
    }

    /// <summary>The .NET type expected at the path, by the serializer's own contract (JSON names, element types).</summary>
    private static Type? TypeAt(Type type, List<Segment> segments, JsonSerializerOptions options)
    {
        var current = type;
        foreach (var segment in segments)
        {
            current = Nullable.GetUnderlyingType(current) ?? current;
            JsonTypeInfo info;
            try
            {
                info = options.GetTypeInfo(current);
            }
            catch (Exception)
            {
                return null;
            }
            current = info.Kind switch
            {
                JsonTypeInfoKind.Object when segment.Name is { } property =>
                    info.Properties.FirstOrDefault(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase))?.PropertyType,
                JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary => info.ElementType,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    private static JsonElement? ValueAt(JsonElement element, List<Segment> segments)
    {
        var current = element;
        foreach (var segment in segments)
        {
            if (segment.Index is { } index && current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else if (segment.Name is { } name && current.ValueKind == JsonValueKind.Object
                && current.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: not JsonValueKind.Undefined } property)
            {
                current = property.Value;
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private static string Expected(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        var core = nullable ?? type;
        var words = core switch
        {
            _ when core == typeof(string) => "text",
            _ when core == typeof(bool) => "true or false",
            _ when core == typeof(int) => $"a whole number from {int.MinValue} to {int.MaxValue}",
            _ when core == typeof(long) || core == typeof(short) || core == typeof(byte) || core == typeof(uint) || core == typeof(ulong) => "a whole number",
            _ when core == typeof(double) || core == typeof(float) || core == typeof(decimal) => "a number",
            _ when core == typeof(DateTimeOffset) || core == typeof(DateTime) => "a date and time (ISO 8601)",
            _ when core == typeof(TimeSpan) => "a duration (hh:mm:ss)",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(core)),
            _ when core.IsArray || core.IsGenericType && core.GetGenericArguments().Length == 1
                && typeof(System.Collections.IEnumerable).IsAssignableFrom(core) => "a list",
            _ => "an object",
        };
        return nullable is null ? words : words + " (or null)";
    }

    private static string Actual(JsonElement value, Type expected) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText() is { Length: <= 24 } number ? number : "a very long number",
        // An enum's unknown name is worth echoing (it is short and says what to fix); other text is not.
        JsonValueKind.String when (Nullable.GetUnderlyingType(expected) ?? expected).IsEnum && value.GetString() is { Length: <= 40 } name =>
            $"'{Printable(name)}'",
        JsonValueKind.String => "text",
        JsonValueKind.Array => "a list",
        _ => "an object",
    };

    private static string Printable(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }
}
