using System.Text.Json.Nodes;

namespace Broker.Json;

/// <summary><see cref="JsonEquality"/> as an equality comparer, for sets and dictionaries of JSON values.</summary>
public sealed class JsonNodeComparer : IEqualityComparer<JsonNode?>
{
    public static JsonNodeComparer Instance { get; } = new();

    public bool Equals(JsonNode? x, JsonNode? y) => JsonEquality.DeepEquals(x, y);

    public int GetHashCode(JsonNode? obj) => JsonEquality.GetDeepHashCode(obj);
}
