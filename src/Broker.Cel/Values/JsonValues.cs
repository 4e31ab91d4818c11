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
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return Boxes.True;
            case JsonValueKind.False:
                return Boxes.False;
            case JsonValueKind.Number:
                if (value.TryGetValue<long>(out var integer) || value.TryGetValue(out JsonElement element) && element.TryGetInt64(out integer))
                {
                    return integer;
                }
                if (value.TryGetValue<int>(out var small))
                {
                    return (long)small;
                }
                if (value.TryGetValue<ulong>(out var unsigned))
                {
                    return unsigned;
                }
                return value.TryGetValue<double>(out var real) ? real : value.TryGetValue(out element) ? element.GetDouble() : Convert.ToDouble(value.GetValue<object>(), System.Globalization.CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }
}
