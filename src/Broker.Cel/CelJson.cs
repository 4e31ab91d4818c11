using System.Text.Json.Nodes;
using Broker.Cel.Values;

namespace Broker.Cel;

/// <summary>Converts CEL results back to JSON: numbers and strings as themselves, bytes as base64,
/// timestamps as RFC 3339, durations like <c>1.5s</c>, types by name, optionals as their value or null.</summary>
public static class CelJson
{
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        double d => JsonValue.Create(CelFormatter.FormatDouble(d)),
        string s => JsonValue.Create(s),
        CelBytes bytes => JsonValue.Create(Convert.ToBase64String(bytes.Span)),
        JsonCelMap map => map.Node.DeepClone(),
        JsonCelList list => list.Node.DeepClone(),
        ElementCelMap map => JsonNode.Parse(map.Element.GetRawText()),
        ElementCelList list => JsonNode.Parse(list.Element.GetRawText()),
        CelList list => new JsonArray([.. list.Select(ToJson)]),
        CelMap map => ToObject(map),
        CelTimestamp or CelDuration or CelType => JsonValue.Create(value.ToString()),
        CelOptional optional => optional.HasValue ? ToJson(optional.Value) : null,
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject ToObject(CelMap map)
    {
        var obj = new JsonObject();
        foreach (var (key, item) in map)
        {
            obj[key is string s ? s : CelFormatter.Format(key)] = ToJson(item);
        }
        return obj;
    }
}
