using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Json;

/// <summary>Reads and writes the metadata fields LocalKcp manages on unstructured objects.</summary>
public static class ObjectMeta
{
    public static JsonObject Metadata(JsonObject value)
    {
        if (value["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        value["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static string Name(JsonObject value) => GetString(value, "metadata", "name") ?? "";

    public static string Namespace(JsonObject value) => GetString(value, "metadata", "namespace") ?? "";

    public static JsonObject Annotations(JsonObject value) => Child(Metadata(value), "annotations");

    public static JsonObject Labels(JsonObject value) => Child(Metadata(value), "labels");

    public static string? Annotation(JsonObject value, string key) => GetString(value, "metadata", "annotations", key);

    public static void SetAnnotation(JsonObject value, string key, string annotation) => Annotations(value)[key] = annotation;

    public static void SetLabel(JsonObject value, string key, string label) => Labels(value)[key] = label;

    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = [];
        parent[name] = child;
        return child;
    }

    public static IReadOnlyList<string> Finalizers(JsonObject value) =>
        Metadata(value)["finalizers"] is JsonArray array
            ? [.. array.Select(f => f?.GetValue<string>() ?? "").Where(f => f.Length > 0)]
            : [];

    public static KeyValuePair<string, string>[]? ReadLabels(JsonObject value)
    {
        if (value["metadata"]?["labels"] is not JsonObject labels || labels.Count == 0)
        {
            return null;
        }

        var result = new KeyValuePair<string, string>[labels.Count];
        var i = 0;
        foreach (var (key, label) in labels)
        {
            result[i++] = new(key, label is JsonValue v && v.TryGetValue<string>(out var s) ? s : label?.ToJsonString() ?? "");
        }

        return result;
    }

    public static byte[] Serialize(JsonNode value)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Puts apiVersion, kind and metadata first, as Kubernetes serializes them.</summary>
    public static JsonObject Canonicalize(JsonObject value)
    {
        if (value.Count > 0 && value.GetAt(0).Key == "apiVersion" && value.Count > 1 && value.GetAt(1).Key == "kind")
        {
            return value;
        }

        var ordered = new JsonObject();
        foreach (var key in (string[])["apiVersion", "kind", "metadata"])
        {
            if (value.Remove(key, out var node))
            {
                ordered[key] = node;
            }
        }

        foreach (var key in value.Select(p => p.Key).ToList())
        {
            value.Remove(key, out var node);
            ordered[key] = node;
        }

        return ordered;
    }
}
