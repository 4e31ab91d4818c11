using System.Text.Json;

namespace Broker.Kcp.Models;

/// <summary>Reads well-known fields of an object's <see cref="JsonElement"/> (a parsed document, no node tree), as
/// <see cref="KubeObject"/> does of a node: what the caches' index functions read of every object they file.
/// A value of the wrong type reads as absent.</summary>
public static class KubeElement
{
    /// <summary>The property <paramref name="name"/> of an object, or null when it is absent or not an object.</summary>
    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The value at <paramref name="path"/>, through nested objects.</summary>
    public static JsonElement? At(JsonElement element, params ReadOnlySpan<string> path)
    {
        JsonElement? current = element;
        foreach (var name in path)
        {
            current = current is { } value ? Property(value, name) : null;
        }

        return current;
    }

    /// <summary>The string at <paramref name="path"/>, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement element, params ReadOnlySpan<string> path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static string Name(JsonElement obj) => String(obj, "metadata", "name") ?? "";

    public static string Namespace(JsonElement obj) => String(obj, "metadata", "namespace") ?? "";

    /// <summary>The <c>kcp.io/cluster</c> annotation, or "".</summary>
    public static string Cluster(JsonElement obj) => String(obj, "metadata", "annotations", KcpAnnotations.Cluster) ?? "";

    public static string? Label(JsonElement obj, string key) => String(obj, "metadata", "labels", key);

    /// <summary>The elements of the array at <paramref name="path"/> that are objects; none when it is not an array.</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement element, params ReadOnlySpan<string> path) =>
        At(element, path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object) : [];

    /// <summary>Those of the properties <paramref name="names"/> of <paramref name="element"/> that are objects, in that order.</summary>
    public static IReadOnlyList<JsonElement> ObjectProperties(JsonElement element, params ReadOnlySpan<string> names)
    {
        var found = new List<JsonElement>(names.Length);
        foreach (var name in names)
        {
            if (Property(element, name) is { ValueKind: JsonValueKind.Object } value)
            {
                found.Add(value);
            }
        }

        return found;
    }
}
