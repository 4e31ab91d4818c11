using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>An immutable cached object: its key, the endpoint URL it came through, and its JSON as compact UTF-8.
/// Keeping bytes rather than a node tree is what keeps the cache near the size of the objects' JSON; readers
/// materialise a private copy with <see cref="ToJsonObject"/> or <see cref="Deserialize{T}"/>.</summary>
public sealed class CachedObject
{
    private readonly byte[] _utf8;

    internal CachedObject(ObjectKey key, Uri endpoint, byte[] utf8, (string Index, string Value)[] indexEntries)
    {
        IndexEntries = indexEntries;
        Key = key;
        Endpoint = endpoint;
        _utf8 = utf8;
    }

    public ObjectKey Key { get; }

    /// <summary>The URL whose informer reported the object; its resourceVersion means something only there.</summary>
    public Uri Endpoint { get; }

    /// <summary>Read from the JSON on demand: keeping it as a field would cost more memory than it saves time.</summary>
    public string ResourceVersion => ReadResourceVersion(_utf8);

    public ReadOnlyMemory<byte> Utf8Json => _utf8;

    public int Size => _utf8.Length;

    /// <summary>The (index, value) pairs this object is filed under; kept so a removal needs no re-parse.</summary>
    internal (string Index, string Value)[] IndexEntries { get; }

    /// <summary>The values this object has in <paramref name="index"/> (computed once, when it was cached).</summary>
    public IEnumerable<string> IndexValues(string index) => IndexEntries.Where(e => e.Index == index).Select(e => e.Value);

    /// <summary>A fresh, mutable copy: changing it never changes the cache.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(_utf8) as JsonObject ?? throw new InvalidDataException($"Cached {Key} is not an object");

    public T Deserialize<T>() => JsonSerializer.Deserialize<T>(_utf8, KubeJson.Options) ?? throw new InvalidDataException($"Cached {Key} is null");

    // Keeps the bytes a watch received when it has them: serializing the parsed object again would give the same JSON.
    // The cache's unread metadata (managedFields at least: often larger than the rest of the object on a real kcp) is left out.
    internal static CachedObject From(ObjectKey key, Uri endpoint, WatchEvent e, (string Index, string Value)[] indexEntries, UnreadMetadata unread)
    {
        var utf8 = e.Utf8.IsEmpty ? JsonSerializer.SerializeToUtf8Bytes(e.Object, KubeJson.Options) : null;
        var cut = unread.MayCut(e.Header) ? unread.Without(utf8 ?? e.Utf8.Span) : null;
        return new(key, endpoint, cut ?? utf8 ?? ExactArray(e.Utf8), indexEntries);
    }

    private static byte[] ExactArray(ReadOnlyMemory<byte> utf8) =>
        MemoryMarshal.TryGetArray(utf8, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : utf8.ToArray();

    // Walks only to metadata.resourceVersion, skipping every other value.
    private static string ReadResourceVersion(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read(); // the object
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("resourceVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.GetString() ?? "";
                }

                reader.Skip();
            }

            return "";
        }

        return "";
    }
}
