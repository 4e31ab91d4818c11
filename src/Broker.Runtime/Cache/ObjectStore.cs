using System.Reactive.Subjects;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache.Trees;

namespace Broker.Runtime.Cache;

/// <summary>The cache of one resource, fed by the informers of every endpoint URL. Writes are serialised and publish a
/// new <see cref="StoreSnapshot"/>; reads are lock-free. An object is attributed to the URL that last reported it, and
/// a delete or retraction from another URL leaves it alone: resourceVersions of different URLs are never compared.</summary>
public sealed class ObjectStore : IObjectReader, IDisposable
{
    private readonly Lock _write = new();
    private readonly IndexLayout _layout;
    private readonly Subject<CacheChange> _changes = new();
    private readonly Func<ReadOnlyMemory<byte>, byte[]>? _transform;
    private readonly StringPool _namespaces = new(256); // used under _write only
    private readonly Dictionary<(Uri, JsonDictionary?, string), CacheOrigin> _origins = []; // used under _write only
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
        _layout = new IndexLayout(indexes);
        _snapshot = new StoreSnapshot(_layout, StoreSnapshot.Empty.Objects, [.. indexes.Select(IndexContents.For)], bytes: 0);
    }

    public GroupVersionResource Resource { get; }

    /// <summary>The metadata fields this cache leaves out of every object (<c>managedFields</c> at least).</summary>
    public UnreadMetadata Unread { get; init; } = UnreadMetadata.ManagedFieldsOnly;

    /// <summary>Where index values come from when given (<see cref="NameTable"/>): a value that names something other
    /// caches hold too (a Placement's staging workspace) is then one instance in the process, not one per cache.</summary>
    public NameTable? Names { get; init; }

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
            var sampling = !Compression.HasDictionary;
            var probe = new ObjectKey(e.Header.Cluster, e.Header.Namespace, e.Header.Name);
            snapshot.TryGet(probe, out var old);
            var key = old?.Key ?? Intern(snapshot, probe); // a known object's key already holds the shared instances
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
                var (stored, dictionary) = CachedObject.Stored(kept, Unread, Compression);
                updated = new CachedObject(key, Origin(endpoint, dictionary, key.Namespace), stored, IndexValues(snapshot, key, kept));
            }

            var next = Write(snapshot, old, updated);
            if (sampling && Compression.HasDictionary)
            {
                next = CompressSamples(next); // this write took the dictionary
                updated = next.TryGet(key, out var now) ? now : updated;
            }

            Volatile.Write(ref _snapshot, next);
            _changes.OnNext(new CacheChange(key, old, updated) { KnownVersion = updated is null ? null : e.Header.ResourceVersion });
        }
    }

    private WatchEvent Kept(WatchEvent e) =>
        _transform is null ? e : WatchEvent.FromUtf8(e.Type, _transform(e.Utf8.IsEmpty ? JsonSerializer.SerializeToUtf8Bytes(e.Object, KubeJson.Options) : e.Utf8));

    // Thousands of objects share a few cluster, namespace and index-value strings: keep one instance of each. A cluster's
    // comes from its neighbour in the snapshot (the seek that finds where the key goes); a namespace's from a pool across
    // clusters, as most consumer workspaces hold few objects each and all use "default" (one instance per cluster cost
    // about 80 bytes per object).
    private ObjectKey Intern(StoreSnapshot snapshot, ObjectKey key)
    {
        var ns = _namespaces.Intern(key.Namespace);
        return snapshot.Objects.TryFirst(new ClusterProbe(key.Cluster, null), out var neighbour) && string.Equals(neighbour.Key.Cluster, key.Cluster, StringComparison.Ordinal)
            ? new ObjectKey(neighbour.Key.Cluster, ns, key.Name)
            : key with { Namespace = ns };
    }

    // The objects kept as they are while the dictionary was sampled (the cache's first 20 KiB or so of JSON), compressed
    // once it is taken: a cache of a few dozen objects (a provider's Secrets at 100 providers and 5,000 objects) was
    // otherwise held mostly raw. Their content is the same, so no change is published; a reader that remembers a cached
    // object by identity (RecentlyParsed) parses it once more.
    private StoreSnapshot CompressSamples(StoreSnapshot snapshot)
    {
        var result = snapshot;
        foreach (var raw in snapshot.All.Where(o => !o.IsCompressed))
        {
            if (Compression.Compress(raw.Utf8Json.Span) is var (frame, dictionary))
            {
                result = Write(result, raw, new CachedObject(raw.Key, Origin(raw.Endpoint, dictionary, raw.Key.Namespace), frame, raw.Indexed));
            }
        }

        return result;
    }

    // Kept for as long as the store: a store sees few namespace names (each a string of the namespace pool's).
    private CacheOrigin Origin(Uri endpoint, JsonDictionary? dictionary, string ns)
    {
        if (!_origins.TryGetValue((endpoint, dictionary, ns), out var origin))
        {
            _origins[(endpoint, dictionary, ns)] = origin = new CacheOrigin(endpoint, dictionary, _layout, ns);
        }

        return origin;
    }

    // Read from the object's JSON as a document (pooled, no node tree); an event made of a node is serialized for it. A
    // value already filed, or the object's own name (an index by name), is kept as the instance the store has, else as
    // the name table's.
    private PackedIndexValues IndexValues(StoreSnapshot snapshot, ObjectKey key, WatchEvent e)
    {
        var indexes = _layout.Indexes;
        if (indexes.Count == 0)
        {
            return default;
        }

        using var document = e.Utf8.IsEmpty ? JsonSerializer.SerializeToDocument(e.Object, KubeJson.Options) : JsonDocument.Parse(e.Utf8);
        var obj = document.RootElement;
        var byIndex = new List<string>[indexes.Count];
        for (var position = 0; position < indexes.Count; position++)
        {
            var contents = snapshot.Indexes[position];
            byIndex[position] = [.. indexes[position].Values(obj).Distinct(StringComparer.Ordinal)
                .Select(value => value == key.Name ? key.Name : contents.Known(value, Names))];
        }

        return PackedIndexValues.Pack(byIndex);
    }

    public void Dispose()
    {
        _changes.Dispose();
        Compression.Dispose();
    }

    private static StoreSnapshot Write(StoreSnapshot snapshot, CachedObject? old, CachedObject? updated)
    {
        var objects = updated is not null ? snapshot.Objects.Set(updated) : old is not null ? snapshot.Objects.Remove(old) : snapshot.Objects;
        var indexes = snapshot.Indexes;
        for (var position = 0; position < snapshot.Indexes.Length; position++)
        {
            // Most writes leave most indexes alone (an object without values in them): those share the array.
            var written = snapshot.Indexes[position].Write(position, old, updated);
            if (written != snapshot.Indexes[position])
            {
                indexes = ReferenceEquals(indexes, snapshot.Indexes) ? (IndexContents[])indexes.Clone() : indexes;
                indexes[position] = written;
            }
        }

        var bytes = snapshot.Bytes + (updated?.Size ?? 0) - (old?.Size ?? 0);
        return new StoreSnapshot(snapshot.Layout, objects, indexes, bytes);
    }
}
