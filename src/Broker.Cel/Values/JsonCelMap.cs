using System.Text.Json.Nodes;

namespace Broker.Cel.Values;

/// <summary>A view of a JSON object as a CEL map with string keys; values convert lazily.</summary>
internal sealed class JsonCelMap(JsonObject node) : CelMap
{
    public JsonObject Node => node;

    public override int Count => node.Count;

    public override IEnumerable<object> Keys => node.Select(p => (object)p.Key);

    // Presence only: no conversion of the value (has() is the hot path of many conditions).
    public override bool ContainsKey(object key) => key is string name && node.ContainsKey(name);

    /// <summary>The field converted to a CEL value, without boxing the key.</summary>
    public bool TryGetField(string name, out object? value)
    {
        if (node.TryGetPropertyValue(name, out var child))
        {
            value = JsonValues.ToCel(child);
            return true;
        }
        value = null;
        return false;
    }

    public override bool TryGetValue(object key, out object? value)
    {
        if (key is string name && node.TryGetPropertyValue(name, out var child))
        {
            value = JsonValues.ToCel(child);
            return true;
        }
        value = null;
        return false;
    }
}
