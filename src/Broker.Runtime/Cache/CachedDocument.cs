using System.Buffers;
using System.Text.Json;

namespace Broker.Runtime.Cache;

/// <summary>
/// A cached object's JSON as a read-only <see cref="JsonDocument"/> over the bytes the cache holds, or over a pooled buffer
/// its compressed frame is decoded into: a reader that only looks at a few fields (a change filter, an index, the router)
/// gets neither a node tree nor an array of its own. Dispose it when done; its <see cref="Root"/> is invalid after.
/// </summary>
public sealed class CachedDocument : IDisposable
{
    private readonly JsonDocument _document;
    private byte[]? _pooled;

    private CachedDocument(JsonDocument document, byte[]? pooled) => (_document, _pooled) = (document, pooled);

    public JsonElement Root => _document.RootElement;

    internal static CachedDocument Over(ReadOnlyMemory<byte> json, byte[]? pooled)
    {
        try
        {
            return new CachedDocument(JsonDocument.Parse(json), pooled);
        }
        catch
        {
            if (pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }

            throw;
        }
    }

    public void Dispose()
    {
        _document.Dispose();
        if (Interlocked.Exchange(ref _pooled, null) is { } pooled)
        {
            ArrayPool<byte>.Shared.Return(pooled); // after the document: it reads these bytes
        }
    }
}
