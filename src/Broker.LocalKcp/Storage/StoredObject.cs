using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Storage;

/// <summary>
/// One immutable version of an object: its serialized JSON plus the few fields selectors need,
/// so lists and watches never parse the JSON again.
/// </summary>
public sealed class StoredObject(ObjectKey key, long resourceVersion, byte[] json, KeyValuePair<string, string>[]? labels)
{
    public ObjectKey Key { get; } = key;

    public long ResourceVersion { get; } = resourceVersion;

    /// <summary>UTF-8 JSON of the object as served in its storage version, including resourceVersion.</summary>
    public ReadOnlyMemory<byte> Json { get; } = json;

    /// <summary>Labels or null when there are none.</summary>
    public KeyValuePair<string, string>[]? Labels { get; } = labels;

    public string? GetLabel(string name)
    {
        if (Labels is null)
        {
            return null;
        }

        foreach (var pair in Labels)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json.Span)!;
}
