using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>An immutable cached object: its key, the endpoint URL it came through, and its JSON as compact UTF-8,
/// compressed with its cache's dictionary when it has one (<see cref="CacheCompression"/>). 56 bytes besides the JSON:
/// what the objects of a store share (endpoint, dictionary, indexes, namespace) is one reference (<see cref="CacheOrigin"/>). Keeping bytes rather than a
/// node tree is what keeps the cache near (and, compressed, below) the size of the objects' JSON; readers materialise
/// a private copy with <see cref="ToJsonObject"/> or <see cref="Deserialize{T}()"/>.</summary>
public sealed class CachedObject
{
    private readonly string _cluster;
    private readonly string _name;
    private readonly CacheOrigin _origin; // and the namespace
    private readonly byte[] _stored; // the JSON, or its zstd frame when the origin has a dictionary

    /// <param name="origin">Of the key's namespace.</param>
    internal CachedObject(ObjectKey key, CacheOrigin origin, byte[] stored, PackedIndexValues indexValues)
    {
        Debug.Assert(string.Equals(key.Namespace, origin.Namespace, StringComparison.Ordinal), "An object's origin is of its namespace");
        (_cluster, _name) = (key.Cluster, key.Name);
        _origin = origin;
        _stored = stored;
        Indexed = indexValues;
    }

    public ObjectKey Key => new(_cluster, _origin.Namespace, _name);

    /// <summary>The URL whose informer reported the object; its resourceVersion means something only there.</summary>
    public Uri Endpoint => _origin.Endpoint;

    /// <summary>Read from the JSON on demand: keeping it as a field would cost more memory than it saves time.</summary>
    public string ResourceVersion
    {
        get
        {
            using var json = Read();
            return ReadResourceVersion(json.Span);
        }
    }

    /// <summary>The object's JSON in an array of its own when it is kept compressed (the caller may keep it).</summary>
    public ReadOnlyMemory<byte> Utf8Json => _origin.Dictionary is not { } dictionary ? _stored : dictionary.Decompress(_stored);

    /// <summary>The bytes the cache holds for the object: its compressed frame when compressed.</summary>
    public int Size => _stored.Length;

    /// <summary>Whether the cache holds the object compressed.</summary>
    public bool IsCompressed => _origin.Dictionary is not null;

    /// <summary>The values this object is filed under in each index of its store; kept so a removal needs no re-parse.</summary>
    internal PackedIndexValues Indexed { get; }

    internal CacheOrigin Origin => _origin;

    /// <summary>The values this object has in <paramref name="index"/> (computed once, when it was cached); none when
    /// its store has no such index.</summary>
    public IReadOnlyList<string> IndexValues(string index) =>
        _origin.Indexes.TryPosition(index, out var position) ? Indexed.In(position).ToList() : [];

    /// <summary>The JSON as a read-only document, for reading a few fields; no array of its own when compressed.</summary>
    public CachedDocument ReadDocument()
    {
        if (_origin.Dictionary is not { } dictionary)
        {
            return CachedDocument.Over(_stored, pooled: null);
        }

        var buffer = dictionary.DecompressPooled(_stored, out var length);
        return CachedDocument.Over(buffer.AsMemory(0, length), buffer);
    }

    /// <summary>A fresh, mutable copy: changing it never changes the cache.</summary>
    public JsonObject ToJsonObject()
    {
        using var json = Read();
        return JsonNode.Parse(json.Span) as JsonObject ?? throw new InvalidDataException($"Cached {Key} is not an object");
    }

    public T Deserialize<T>()
    {
        using var json = Read();
        return JsonSerializer.Deserialize<T>(json.Span, KubeJson.Options) ?? throw new InvalidDataException($"Cached {Key} is null");
    }

    /// <summary>A typed copy through source-generated metadata, without an array of the JSON left behind.</summary>
    public T Deserialize<T>(JsonTypeInfo<T> type)
    {
        using var json = Read();
        return JsonSerializer.Deserialize(json.Span, type) ?? throw new InvalidDataException($"Cached {Key} is null");
    }

    // What the cache holds of an event's object: the bytes a watch received when it has them (serializing the parsed
    // object again would give the same JSON), without the cache's unread metadata (managedFields at least: often larger
    // than the rest of the object on a real kcp), compressed when the store's compression has a dictionary.
    internal static (byte[] Stored, JsonDictionary? Dictionary) Stored(WatchEvent e, UnreadMetadata unread, CacheCompression compression)
    {
        var utf8 = e.Utf8.IsEmpty ? JsonSerializer.SerializeToUtf8Bytes(e.Object, KubeJson.Options) : null;
        var cut = unread.MayCut(e.Header) ? unread.Without(utf8 ?? e.Utf8.Span) : null;
        ReadOnlyMemory<byte> json = cut ?? utf8 ?? e.Utf8;
        return compression.Compress(json.Span) is var (frame, dictionary) ? (frame, dictionary) : (ExactArray(json), null);
    }

    private static byte[] ExactArray(ReadOnlyMemory<byte> utf8) =>
        MemoryMarshal.TryGetArray(utf8, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : utf8.ToArray();

    // The JSON for a read that does not let it escape: the array itself, or a pooled buffer it is decompressed into.
    private PooledJson Read()
    {
        if (_origin.Dictionary is not { } dictionary)
        {
            return new PooledJson(_stored, _stored.Length, pooled: false);
        }

        var buffer = dictionary.DecompressPooled(_stored, out var length);
        return new PooledJson(buffer, length, pooled: true);
    }

    // Walks only to metadata.resourceVersion, skipping every other value.
    private static string ReadResourceVersion(ReadOnlySpan<byte> utf8)
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

    // A read's JSON; a pooled buffer goes back to the pool when the read is done. A ref struct: it cannot be copied
    // out of the read, so it is returned once.
    private readonly ref struct PooledJson(byte[] buffer, int length, bool pooled)
    {
        public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

        public void Dispose()
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
