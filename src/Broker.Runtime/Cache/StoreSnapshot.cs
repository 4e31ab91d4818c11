using System.Diagnostics.CodeAnalysis;
using Broker.Runtime.Cache.Trees;

namespace Broker.Runtime.Cache;

/// <summary>One immutable state of an <see cref="ObjectStore"/>: its objects in one persistent tree ordered by key
/// (cluster, namespace, name), plus the secondary indexes (<see cref="IndexContents"/>). Readers hold a snapshot as long
/// as they like; writers publish a new one.</summary>
public sealed class StoreSnapshot
{
    public static readonly StoreSnapshot Empty = new(IndexLayout.None, PersistentTree<CachedObject, KeyOrder>.Empty, [], bytes: 0);

    internal StoreSnapshot(IndexLayout layout, PersistentTree<CachedObject, KeyOrder> objects, IndexContents[] indexes, long bytes)
    {
        Layout = layout;
        Objects = objects;
        Indexes = indexes;
        Bytes = bytes;
    }

    public int Count => Objects.Count;

    /// <summary>Total bytes the cache holds for its objects' JSON: compressed frames where compressed (<see cref="CachedObject.Size"/>).</summary>
    public long Bytes { get; }

    /// <summary>The clusters that hold objects, in order: a seek per cluster.</summary>
    public IEnumerable<string> ClusterNames
    {
        get
        {
            var probe = new ClusterProbe("", null);
            while (Objects.TryFirst(probe, out var first))
            {
                yield return first.Key.Cluster;
                probe = new ClusterProbe(first.Key.Cluster, null, after: true);
            }
        }
    }

    /// <summary>Every object, ordered by key.</summary>
    public IEnumerable<CachedObject> All => Objects.All;

    internal IndexLayout Layout { get; }

    internal PersistentTree<CachedObject, KeyOrder> Objects { get; }

    /// <summary>By position in <see cref="Layout"/>.</summary>
    internal IndexContents[] Indexes { get; }

    public bool TryGet(ObjectKey key, [NotNullWhen(true)] out CachedObject? obj)
    {
        var found = Objects.TryGet(new KeyProbe(key), out var entry);
        obj = found ? entry : null;
        return found;
    }

    /// <summary>Objects of one cluster, optionally of one namespace ("" for cluster-scoped objects), ordered by key.</summary>
    public IEnumerable<CachedObject> List(string cluster, string? ns = null) =>
        Objects.From(new ClusterProbe(cluster, ns))
            .TakeWhile(o => string.Equals(o.Key.Cluster, cluster, StringComparison.Ordinal) && (ns is null || string.Equals(o.Key.Namespace, ns, StringComparison.Ordinal)));

    public bool HasIndex(string index) => Layout.TryPosition(index, out _);

    /// <summary>Each value of the index <paramref name="index"/> with the number of objects filed under it: a count
    /// kept as objects change for an index of counts only, so a reader (a metrics scrape) needs no pass over the objects;
    /// for another index, counted from its entries.</summary>
    public IEnumerable<(string Value, int Count)> IndexCounts(string index)
    {
        var contents = Indexes[Layout.Position(index)];
        return contents.Counts is { } counts
            ? counts.Select(c => (c.Key, c.Value))
            : contents.Entries.All.GroupBy(e => e.Value, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));
    }

    /// <summary>Objects filed under <paramref name="value"/> in the index <paramref name="index"/> (not one of counts
    /// only), ordered by key.</summary>
    public IEnumerable<CachedObject> ByIndex(string index, string value)
    {
        var contents = Indexes[Layout.Position(index)];
        if (contents.Counts is not null)
        {
            throw new InvalidOperationException("An index of counts only lists no objects");
        }

        return contents.Entries.From(new ValueProbe(value))
            .TakeWhile(e => string.Equals(e.Value, value, StringComparison.Ordinal))
            .Select(e => e.Object);
    }
}
