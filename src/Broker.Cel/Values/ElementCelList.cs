using System.Text.Json;

namespace Broker.Cel.Values;

/// <summary>A view of a JSON array held in a <see cref="JsonElement"/> as a CEL list.</summary>
internal sealed class ElementCelList(JsonElement element) : CelList
{
    // JsonElement indexing walks the array when elements are objects; collect the elements once
    // (a benign race: every thread computes the same array).
    private JsonElement[]? _items;

    public JsonElement Element => element;

    public override int Count => element.GetArrayLength();

    public override object? this[int index] => JsonValues.FromElement((_items ??= [.. element.EnumerateArray()])[index]);
}
