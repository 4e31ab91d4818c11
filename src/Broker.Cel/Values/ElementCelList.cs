using System.Text.Json;

namespace Broker.Cel.Values;

/// <summary>A view of a JSON array held in a <see cref="JsonElement"/> as a CEL list.</summary>
internal sealed class ElementCelList(JsonElement element) : CelList
{
    public JsonElement Element => element;

    public override int Count => element.GetArrayLength();

    public override object? this[int index] => JsonValues.FromElement(element[index]);
}
