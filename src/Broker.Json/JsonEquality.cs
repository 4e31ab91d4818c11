using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json;

/// <summary>
/// Structural JSON equality: object member order is ignored and numbers compare by value
/// (1 equals 1.0 and 1e0), which RFC 6902 "test" and list-set uniqueness need.
/// </summary>
public static class JsonEquality
{
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        var kind = KindOf(left);
        if (kind != KindOf(right))
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.Null => true,
            JsonValueKind.Object => ObjectsEqual((JsonObject)left!, (JsonObject)right!),
            JsonValueKind.Array => ArraysEqual((JsonArray)left!, (JsonArray)right!),
            JsonValueKind.Number => string.Equals(CanonicalNumber(left!), CanonicalNumber(right!), StringComparison.Ordinal),
            JsonValueKind.String => string.Equals(StringValue(left!), StringValue(right!), StringComparison.Ordinal),
            _ => true, // True and False: the kind is the value
        };
    }

    /// <summary>A hash consistent with <see cref="DeepEquals"/>.</summary>
    public static int GetDeepHashCode(JsonNode? node)
    {
        switch (KindOf(node))
        {
            case JsonValueKind.Object:
                var objectHash = 17;
                foreach (var (name, value) in (JsonObject)node!)
                {
                    // Order-independent: members may come in any order.
                    objectHash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), GetDeepHashCode(value));
                }

                return objectHash;
            case JsonValueKind.Array:
                var arrayHash = new HashCode();
                foreach (var item in (JsonArray)node!)
                {
                    arrayHash.Add(GetDeepHashCode(item));
                }

                return arrayHash.ToHashCode();
            case JsonValueKind.Number:
                return StringComparer.Ordinal.GetHashCode(CanonicalNumber(node!));
            case JsonValueKind.String:
                return StringComparer.Ordinal.GetHashCode(StringValue(node!));
            default:
                return (int)KindOf(node);
        }
    }

    internal static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    internal static string CanonicalNumber(JsonNode number) => JsonNumber.Canonicalize(number.ToJsonString());

    internal static string StringValue(JsonNode node) =>
        node.AsValue().TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(node.ToJsonString())!;

    private static bool ObjectsEqual(JsonObject left, JsonObject right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (name, value) in left)
        {
            if (!right.TryGetPropertyValue(name, out var other) || !DeepEquals(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ArraysEqual(JsonArray left, JsonArray right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!DeepEquals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }
}
