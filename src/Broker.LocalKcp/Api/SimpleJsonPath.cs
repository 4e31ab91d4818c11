using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Api;

/// <summary>The JSONPath subset printer columns use: .a.b, .a['dotted.key'], .a[0]. Anything else yields null.</summary>
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
                node = inner.StartsWith('\'') && inner.EndsWith('\'') && node is JsonObject o
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
}
