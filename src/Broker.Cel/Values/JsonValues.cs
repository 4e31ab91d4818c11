using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Cel.Values;

/// <summary>Reads JSON nodes as CEL values without copying: objects and arrays are wrapped,
/// integral numbers that fit 64 bits become <c>int</c>, every other number a <c>double</c>.</summary>
internal static class JsonValues
{
    public static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonCelMap(obj),
        JsonArray array => new JsonCelList(array),
        JsonValue value => FromValue(value),
        _ => null,
    };

    // Typed TryGetValue calls are several times cheaper than GetValue<object>() on nodes built in code.
    private static object? FromValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                if (value.TryGetValue(out int small))
                {
                    return Boxes.Int(small);
                }
                if (value.TryGetValue(out long integer))
                {
                    return Boxes.Int(integer);
                }
                if (value.TryGetValue(out double real))
                {
                    return real;
                }
                break;
            case JsonValueKind.String when value.TryGetValue(out string? text):
                return text;
            case JsonValueKind.True:
                return Boxes.True;
            case JsonValueKind.False:
                return Boxes.False;
            case JsonValueKind.Null:
                return null;
        }
        return value.TryGetValue(out JsonElement element) ? FromElement(element) : FromClr(value);
    }

    private static object? FromClr(JsonValue value) => value.GetValue<object>() switch
    {
        short or sbyte or byte or ushort or uint => Convert.ToInt64(value.GetValue<object>(), CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (object)(long)u : (double)u,
        float f => (double)f,
        decimal m => decimal.IsInteger(m) && m >= long.MinValue && m <= long.MaxValue ? (object)(long)m : (double)m,
        _ => FromElement(JsonDocument.Parse(value.ToJsonString()).RootElement),
    };

    public static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? Boxes.Int(integer) : element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => Boxes.True,
        JsonValueKind.False => Boxes.False,
        JsonValueKind.Object => new ElementCelMap(element),
        JsonValueKind.Array => new ElementCelList(element),
        _ => null,
    };
}
