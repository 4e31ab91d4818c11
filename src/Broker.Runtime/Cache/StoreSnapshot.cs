using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Broker.Runtime.Cache;

/// <summary>One immutable state of an <see cref="ObjectStore"/>: objects by cluster (<see cref="ClusterObjects"/>), namespace and name, plus the
/// secondary indexes. Readers hold a snapshot as long as they like; writers publish a new one.</summary>
public sealed class StoreSnapshot
{
    public static readonly StoreSnapshot Empty = new(
        ImmutableDictionary.Create<string, ClusterObjects>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, IndexedKeys>>(StringComparer.Ordinal),
        count: 0, bytes: 0);

    internal StoreSnapshot(
        ImmutableDictionary<string, ClusterObjects> clusters,
        ImmutableDictionary<string, ImmutableDictionary<string, IndexedKeys>> indexes,
        int count, long bytes)
    {
        Clusters = clusters;
        Indexes = indexes;
        Count = count;
        Bytes = bytes;
    }

    public int Count { get; }

    /// <summary>Total bytes the cache holds for its objects' JSON: compressed frames where compressed (<see cref="CachedObject.Size"/>).</summary>
    public long Bytes { get; }

    public IEnumerable<string> ClusterNames => Clusters.Keys;

    public IEnumerable<CachedObject> All => Clusters.Values.SelectMany(c => c.All);

    internal ImmutableDictionary<string, ClusterObjects> Clusters { get; }

    internal ImmutableDictionary<string, ImmutableDictionary<string, IndexedKeys>> Indexes { get; }

    public bool TryGet(ObjectKey key, [NotNullWhen(true)] out CachedObject? obj)
    {
        obj = null;
        return Clusters.TryGetValue(key.Cluster, out var objects) && objects.TryGet(key, out obj);
    }

    /// <summary>Objects of one cluster, optionally of one namespace ("" for cluster-scoped objects).</summary>
    public IEnumerable<CachedObject> List(string cluster, string? ns = null) =>
        !Clusters.TryGetValue(cluster, out var objects) ? []
        : ns is null ? objects.All
        : objects.InNamespace(ns);

    public bool HasIndex(string index) => Indexes.ContainsKey(index);

    /// <summary>Each value of the index <paramref name="index"/> with the number of objects filed under it: a count
    /// kept as objects change, so a reader (a metrics scrape) needs no pass over the objects.</summary>
    public IEnumerable<(string Value, int Count)> IndexCounts(string index) =>
        Indexes.TryGetValue(index, out var values)
            ? values.Select(v => (v.Key, v.Value.Count))
            : throw new ArgumentException($"No index named '{index}'", nameof(index));

    /// <summary>Objects filed under <paramref name="value"/> in the index <paramref name="index"/> (not one of counts only).</summary>
    public IEnumerable<CachedObject> ByIndex(string index, string value)
    {
        if (!Indexes.TryGetValue(index, out var values))
        {
            throw new ArgumentException($"No index named '{index}'", nameof(index));
        }

        if (!values.TryGetValue(value, out var keys))
        {
            return [];
        }

        return keys.Keys.Select(k => TryGet(k, out var obj) ? obj : null).OfType<CachedObject>();
    }
}
