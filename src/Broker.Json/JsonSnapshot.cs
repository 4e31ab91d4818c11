using System.Text.Json.Nodes;

namespace Broker.Json;

/// <summary>
/// Deep copies that are fully materialized. A node parsed from text fills itself in lazily on
/// first read, which is not thread-safe; copies made here can be read from many threads.
/// </summary>
internal static class JsonSnapshot
{
    public static JsonNode? Freeze(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject(obj.Options);
                foreach (var (name, value) in obj)
                {
                    copy[name] = Freeze(value);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray(array.Options);
                foreach (var item in array)
                {
                    items.Add(Freeze(item));
                }

                return items;
            default:
                return node?.DeepClone();
        }
    }
}
