using System.Text.Json;

namespace Broker.Cel.Values;

/// <summary>A view of a JSON object held in a <see cref="JsonElement"/> (immutable, safe to share
/// across threads) as a CEL map; values convert on access.</summary>
internal sealed class ElementCelMap(JsonElement element) : CelMap
{
    public JsonElement Element => element;

    public override int Count => element.GetPropertyCount();

    public override IEnumerable<object> Keys => element.EnumerateObject().Select(p => (object)p.Name);

    public override bool ContainsKey(object key) => key is string name && element.TryGetProperty(name, out _);

    public override bool TryGetValue(object key, out object? value)
    {
        if (key is string name && element.TryGetProperty(name, out var child))
        {
            value = JsonValues.FromElement(child);
            return true;
        }
        value = null;
        return false;
    }
}
