using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reactive.Subjects;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>The cache of one resource, fed by the informers of every endpoint URL. Writes are serialised and publish a
/// new <see cref="StoreSnapshot"/>; reads are lock-free. An object is attributed to the URL that last reported it, and
/// a delete or retraction from another URL leaves it alone: resourceVersions of different URLs are never compared.</summary>
public sealed class ObjectStore : IObjectReader, IDisposable
{
    private readonly Lock _write = new();
    private readonly IReadOnlyList<CacheIndex> _indexes;
    private readonly FrozenSet<string> _counted; // the indexes of counts only
    private readonly Subject<CacheChange> _changes = new();
    private readonly Func<ReadOnlyMemory<byte>, byte[]>? _transform;
    private readonly StringPool _namespaces = new(256); // used under _write only
    private StoreSnapshot _snapshot;

    public ObjectStore(GroupVersionResource resource, params IReadOnlyList<CacheIndex> indexes)
        : this(resource, null, indexes)
    {
    }

    /// <param name="transform">What the cache keeps of each object (client-go's TransformFunc), from its JSON to JSON: the
    /// watch event's bytes, so nothing is built into a node tree (an object listed as a node is serialized for it), e.g.
    /// a digest instead of a Secret's data. It must keep the metadata. Null: the object as received. Either way without
    /// <see cref="Unread"/>.</param>
    public ObjectStore(GroupVersionResource resource, Func<ReadOnlyMemory<byte>, byte[]>? transform, params IReadOnlyList<CacheIndex> indexes)
    {
        Resource = resource;
        _transform = transform;
        _indexes = indexes;
        _counted = indexes.Where(i => i.CountsOnly).Select(i => i.Name).ToFrozenSet(StringComparer.Ordinal);
        var empty = StoreSnapshot.Empty;
        _snapshot = new StoreSnapshot(
            empty.Clusters,
            indexes.Aggregate(empty.Indexes, (all, index) => all.Add(index.Name, ImmutableDictionary.Create<string, IndexedKeys>(StringComparer.Ordinal))),
            0, 0);
    }

    public GroupVersionResource Resource { get; }

    /// <summary>The metadata fields this cache leaves out of every object (<c>managedFields</c> at least).</summary>
    public UnreadMetadata Unread { get; init; } = UnreadMetadata.ManagedFieldsOnly;

    /// <summary>How the cache compresses its objects' JSON (a dictionary from its first objects, by default); the
    /// store owns it and disposes it.</summary>
    public CacheCompression Compression { get; init; } = new();

    /// <summary>The current state; hold on to it for a consistent view across several reads.</summary>
    public StoreSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Every effective change, in write order, after it is visible in <see cref="Snapshot"/>. Subscribers run
    /// on the writer's thread and must only enqueue.</summary>
    public IObservable<CacheChange> Changes => _changes;

    public bool TryGet(ObjectKey key, out CachedObject? obj) => Snapshot.TryGet(key, out obj);

    public IReadOnlyList<CachedObject> List(string cluster, string? ns) => [.. Snapshot.List(cluster, ns)];

    /// <summary>Applies one informer event from <paramref name="endpoint"/>; bookmarks are ignored.</summary>
    public void Apply(Uri endpoint, WatchEvent e)
    {
        if (e.Type == WatchEventType.Bookmark)
        {
            return;
        }

        lock (_write)
        {
            var snapshot = _snapshot;
            var key = Intern(snapshot, new ObjectKey(e.Header.Cluster, e.Header.Namespace, e.Header.Name));
            snapshot.TryGet(key, out var old);
            CachedObject? updated = null;
            if (e.Type == WatchEventType.Deleted)
            {
                if (old is null || !old.Endpoint.Equals(endpoint))
                {
                    return; // unknown, or now reported by another URL
                }
            }
            else
            {
                var kept = Kept(e);
                var cachedKey = old?.Key ?? key;
                updated = CachedObject.From(cachedKey, endpoint, kept, IndexEntries(snapshot, cachedKey, kept), Unread, Compression);
            }

            Volatile.Write(ref _snapshot, Write(snapshot, key, old, updated));
            _changes.OnNext(new CacheChange(key, old, updated));
        }
    }

    private WatchEvent Kept(WatchEvent e) =>
        _transform is null ? e : WatchEvent.FromUtf8(e.Type, _transform(e.Utf8.IsEmpty ? JsonSerializer.SerializeToUtf8Bytes(e.Object, KubeJson.Options) : e.Utf8));

    // Thousands of objects share a few cluster, namespace and index-value strings: keep one instance of each. A cluster's
    // comes from the snapshot; a namespace's from a pool across clusters, as most consumer workspaces hold few objects
    // each and all use "default" (one instance per cluster cost about 80 bytes per object).
    private ObjectKey Intern(StoreSnapshot snapshot, ObjectKey key)
    {
        var ns = _namespaces.Intern(key.Namespace);
        return snapshot.Clusters.TryGetKey(key.Cluster, out var cluster) ? new ObjectKey(cluster, ns, key.Name) : key with { Namespace = ns };
    }

    // Read from the object's JSON as a document (pooled, no node tree); an event made of a node is serialized for it. A
    // value already filed, or the object's own name (an index by name), is kept as the instance the store has.
    private (string Index, string Value)[] IndexEntries(StoreSnapshot snapshot, ObjectKey key, WatchEvent e)
    {
        if (_indexes.Count == 0)
        {
            return [];
        }

        using var document = e.Utf8.IsEmpty ? JsonSerializer.SerializeToDocument(e.Object, KubeJson.Options) : JsonDocument.Parse(e.Utf8);
        var obj = document.RootElement;
        var entries = new List<(string, string)>();
        foreach (var index in _indexes)
        {
            var values = snapshot.Indexes[index.Name];
            foreach (var value in index.Values(obj).Distinct(StringComparer.Ordinal))
            {
                entries.Add((index.Name, values.TryGetKey(value, out var known) ? known : value == key.Name ? key.Name : value));
            }
        }

        return [.. entries];
    }

    public void Dispose()
    {
        _changes.Dispose();
        Compression.Dispose();
    }

    private StoreSnapshot Write(StoreSnapshot snapshot, ObjectKey key, CachedObject? old, CachedObject? updated)
    {
        var objects = snapshot.Clusters.GetValueOrDefault(key.Cluster).With(key, updated);
        var clusters = objects.IsEmpty ? snapshot.Clusters.Remove(key.Cluster) : snapshot.Clusters.SetItem(key.Cluster, objects);

        var indexes = snapshot.Indexes;
        foreach (var (index, value) in old?.IndexEntries ?? [])
        {
            var byValue = indexes[index];
            var keys = _counted.Contains(index) ? byValue[value].RemoveCount() : byValue[value].Remove(key);
            indexes = indexes.SetItem(index, keys.Count == 0 ? byValue.Remove(value) : byValue.SetItem(value, keys));
        }

        foreach (var (index, value) in updated?.IndexEntries ?? [])
        {
            var byValue = indexes[index];
            var keys = byValue.GetValueOrDefault(value);
            indexes = indexes.SetItem(index, byValue.SetItem(value, _counted.Contains(index) ? keys.AddCount() : keys.Add(key)));
        }

        var count = snapshot.Count + (updated is null ? 0 : 1) - (old is null ? 0 : 1);
        var bytes = snapshot.Bytes + (updated?.Size ?? 0) - (old?.Size ?? 0);
        return new StoreSnapshot(clusters, indexes, count, bytes);
    }
}
