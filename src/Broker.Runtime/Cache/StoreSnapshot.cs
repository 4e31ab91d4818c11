using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Names = System.Collections.Immutable.ImmutableDictionary<string, Broker.Runtime.Cache.CachedObject>;
using Namespaces = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableDictionary<string, Broker.Runtime.Cache.CachedObject>>;

namespace Broker.Runtime.Cache;

/// <summary>One immutable state of an <see cref="ObjectStore"/>: objects by cluster, namespace and name, plus the
/// secondary indexes. Readers hold a snapshot as long as they like; writers publish a new one.</summary>
public sealed class StoreSnapshot
{
    public static readonly StoreSnapshot Empty = new(
        ImmutableDictionary.Create<string, Namespaces>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, IndexedKeys>>(StringComparer.Ordinal),
        count: 0, bytes: 0);

    internal StoreSnapshot(
        ImmutableDictionary<string, Namespaces> clusters,
        ImmutableDictionary<string, ImmutableDictionary<string, IndexedKeys>> indexes,
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

    public IEnumerable<CachedObject> All => Clusters.Values.SelectMany(c => c.Values).SelectMany(n => n.Values);

    internal static Namespaces NoNamespaces { get; } = ImmutableDictionary.Create<string, Names>(StringComparer.Ordinal);

    internal static Names NoNames { get; } = ImmutableDictionary.Create<string, CachedObject>(StringComparer.Ordinal);

    internal ImmutableDictionary<string, Namespaces> Clusters { get; }

    internal ImmutableDictionary<string, ImmutableDictionary<string, IndexedKeys>> Indexes { get; }

    public bool TryGet(ObjectKey key, [NotNullWhen(true)] out CachedObject? obj)
    {
        obj = null;
        return Clusters.TryGetValue(key.Cluster, out var namespaces)
            && namespaces.TryGetValue(key.Namespace, out var names)
            && names.TryGetValue(key.Name, out obj);
    }

    /// <summary>Objects of one cluster, optionally of one namespace ("" for cluster-scoped objects).</summary>
    public IEnumerable<CachedObject> List(string cluster, string? ns = null)
    {
        if (!Clusters.TryGetValue(cluster, out var namespaces))
        {
            return [];
        }

        if (ns is null)
        {
            return namespaces.Values.SelectMany(n => n.Values);
        }

        return namespaces.TryGetValue(ns, out var names) ? names.Values : [];
    }

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
