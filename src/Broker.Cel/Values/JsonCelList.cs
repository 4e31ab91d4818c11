using System.Text.Json.Nodes;

namespace Broker.Cel.Values;

/// <summary>A view of a JSON array as a CEL list; elements convert lazily.</summary>
internal sealed class JsonCelList(JsonArray array) : CelList
{
    public JsonArray Node => array;

    public override int Count => array.Count;

    public override object? this[int index] => JsonValues.ToCel(array[index]);
}
