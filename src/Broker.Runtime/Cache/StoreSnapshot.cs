using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Broker.Runtime.Cache;

/// <summary>One immutable state of an <see cref="ObjectStore"/>: objects by cluster, then namespace and name, plus the
/// secondary indexes. Readers hold a snapshot as long as they like; writers publish a new one.</summary>
public sealed class StoreSnapshot
{
    public static readonly StoreSnapshot Empty = new(
        ImmutableDictionary.Create<string, ImmutableDictionary<(string Namespace, string Name), CachedObject>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, ImmutableHashSet<ObjectKey>>>(StringComparer.Ordinal),
        count: 0, bytes: 0);

    internal StoreSnapshot(
        ImmutableDictionary<string, ImmutableDictionary<(string Namespace, string Name), CachedObject>> clusters,
        ImmutableDictionary<string, ImmutableDictionary<string, ImmutableHashSet<ObjectKey>>> indexes,
        int count, long bytes)
    {
        Clusters = clusters;
        Indexes = indexes;
        Count = count;
        Bytes = bytes;
    }

    public int Count { get; }

    /// <summary>Total size of the cached objects' JSON.</summary>
    public long Bytes { get; }

    public IEnumerable<string> ClusterNames => Clusters.Keys;

    public IEnumerable<CachedObject> All => Clusters.Values.SelectMany(c => c.Values);

    internal ImmutableDictionary<string, ImmutableDictionary<(string Namespace, string Name), CachedObject>> Clusters { get; }

    internal ImmutableDictionary<string, ImmutableDictionary<string, ImmutableHashSet<ObjectKey>>> Indexes { get; }

    public bool TryGet(ObjectKey key, [NotNullWhen(true)] out CachedObject? obj)
    {
        obj = null;
        return Clusters.TryGetValue(key.Cluster, out var objects) && objects.TryGetValue((key.Namespace, key.Name), out obj);
    }

    /// <summary>Objects of one cluster, optionally of one namespace.</summary>
    public IEnumerable<CachedObject> List(string cluster, string? ns = null) =>
        !Clusters.TryGetValue(cluster, out var objects) ? []
        : ns is null ? objects.Values
        : objects.Where(p => string.Equals(p.Key.Namespace, ns, StringComparison.Ordinal)).Select(p => p.Value);

    /// <summary>Objects filed under <paramref name="value"/> in the index <paramref name="index"/>.</summary>
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

        return keys.Select(k => TryGet(k, out var obj) ? obj : null).OfType<CachedObject>();
    }
}
