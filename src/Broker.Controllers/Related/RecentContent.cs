using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Runtime.Events;

namespace Broker.Controllers.Related;

/// <summary>
/// The full JSON of the related objects (Secrets) the staging workspaces' watches delivered lately, before their caches kept
/// only a digest (<see cref="RelatedContent.Digested"/>): the sync writes a consumer's new or changed copy from here instead
/// of reading the provider's object again from kcp, which was the one read per brokered object. An entry is the version the
/// watch delivered (taken only for that resourceVersion, so it is exactly what the cache digested), taken once (the copy is
/// then written), and kept at most <see cref="MaxAge"/> and <paramref name="capacity"/> entries (the oldest go first), so
/// memory stays flat: a miss reads from kcp as before. The event's bytes are held as they are, not copied.
/// </summary>
public sealed class RecentContent(int capacity, TimeProvider time)
{
    /// <summary>A copy is usually written within moments of its Secret's event; an entry nobody took by then is dropped.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly LruCache<ObjectKey, Entry> _entries = new(capacity);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The Secrets' caches' transform: remembers <paramref name="json"/> and returns what the cache keeps of it.</summary>
    public byte[] Digested(ReadOnlyMemory<byte> json)
    {
        var digested = RelatedContent.Digested(json);
        var header = ObjectHeader.Read(json.Span);
        if (header.ResourceVersion is { } version)
        {
            var now = time.GetUtcNow();
            lock (_gate)
            {
                _entries.RemoveOldestWhile(now - MaxAge, static (entry, oldest) => entry.Delivered < oldest);
                _entries.Set(new ObjectKey(header.Cluster, header.Namespace, header.Name), new Entry(version, json, now));
            }
        }

        return digested;
    }

    /// <summary>The object as delivered at <paramref name="resourceVersion"/>, removed from here; null when it is not held (never
    /// delivered, taken already, dropped, or another version).</summary>
    public JsonObject? Take(string cluster, string ns, string name, string? resourceVersion)
    {
        if (resourceVersion is null)
        {
            return null;
        }

        var key = new ObjectKey(cluster, ns, name);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGet(key, out entry) || entry.ResourceVersion != resourceVersion || entry.Delivered < time.GetUtcNow() - MaxAge)
            {
                return null;
            }

            _entries.Remove(key);
        }

        return JsonNode.Parse(entry.Json.Span) as JsonObject;
    }

    private readonly record struct Entry(string ResourceVersion, ReadOnlyMemory<byte> Json, DateTimeOffset Delivered);
}
