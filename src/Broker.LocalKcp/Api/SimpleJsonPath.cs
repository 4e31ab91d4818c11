using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Api;

/// <summary>The JSONPath subset printer columns use: .a.b, .a['dotted.key'], .a[0], and the condition filter
/// .a[?(@.type=="Ready")] (first match). Anything else yields null.</summary>
public static class SimpleJsonPath
{
    public static JsonNode? Evaluate(JsonNode? node, string path)
    {
        var i = 0;
        while (node is not null && i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                node = node is JsonObject o ? o[path[(i + 1)..end]] : null;
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return null;
                }

                var inner = path[(i + 1)..close].Trim();
                node = inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')') ? Filter(node as JsonArray, inner[2..^1])
                    : inner.StartsWith('\'') && inner.EndsWith('\'') && node is JsonObject o
                    ? o[inner[1..^1]]
                    : int.TryParse(inner, System.Globalization.CultureInfo.InvariantCulture, out var index) && node is JsonArray a && index < a.Count
                        ? a[index]
                        : null;
                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    // @.field=="value" (or 'value'): the first element whose field equals the value.
    private static JsonObject? Filter(JsonArray? items, string expression)
    {
        var equals = expression.IndexOf("==", StringComparison.Ordinal);
        if (items is null || equals < 0 || !expression.StartsWith("@.", StringComparison.Ordinal))
        {
            return null;
        }

        var field = expression[2..equals].Trim();
        var value = expression[(equals + 2)..].Trim().Trim('"', '\'');
        return items.OfType<JsonObject>().FirstOrDefault(item => item[field] is JsonValue v && v.ToString() == value);
    }
}
