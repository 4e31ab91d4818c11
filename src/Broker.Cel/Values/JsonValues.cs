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

    private static object? FromValue(JsonValue value)
    {
        // Parsed documents hold JsonElements; nodes built in code hold CLR primitives.
        if (value.TryGetValue(out JsonElement element))
        {
            return FromElement(element);
        }
        return value.GetValue<object>() switch
        {
            int i => (long)i,
            long l => l,
            double d => d,
            string s => s,
            bool b => Boxes.Bool(b),
            short or sbyte or byte or ushort or uint => Convert.ToInt64(value.GetValue<object>(), CultureInfo.InvariantCulture),
            ulong u => u <= long.MaxValue ? (object)(long)u : (double)u,
            float f => (double)f,
            decimal m => decimal.IsInteger(m) && m >= long.MinValue && m <= long.MaxValue ? (object)(long)m : (double)m,
            char c => c.ToString(),
            _ => FromElement(JsonDocument.Parse(value.ToJsonString()).RootElement),
        };
    }

    private static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => Boxes.True,
        JsonValueKind.False => Boxes.False,
        JsonValueKind.Object => new JsonCelMap(JsonObject.Create(element)!),
        JsonValueKind.Array => new JsonCelList(JsonArray.Create(element)!),
        _ => null,
    };
}
