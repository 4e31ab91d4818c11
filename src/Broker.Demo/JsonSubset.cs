using System.Text.Json.Nodes;

namespace Broker.Demo;

/// <summary>"Does the server's object already say what the manifest says?" Servers add defaults and status, so every
/// field of the desired value must be present and equal, and extra fields on the actual value are fine. Arrays
/// must match element by element.</summary>
internal static class JsonSubset
{
    public static bool Contains(JsonNode? actual, JsonNode? desired) => (actual, desired) switch
    {
        (_, null) => true,
        (null, _) => false,
        (JsonObject a, JsonObject d) => d.All(p => a.TryGetPropertyValue(p.Key, out var value) ? Contains(value, p.Value) : p.Value is null),
        (JsonArray a, JsonArray d) => a.Count == d.Count && a.Zip(d).All(pair => Contains(pair.First, pair.Second)),
        (JsonValue, JsonValue) => JsonNode.DeepEquals(actual, desired),
        _ => false,
    };
}
