namespace Broker.Runtime.Cache.Trees;

/// <summary>One object's key.</summary>
internal readonly struct KeyProbe(ObjectKey key) : ITreeProbe<CachedObject>
{
    public int CompareTo(CachedObject entry) => KeyOrder.Compare(key, entry.Key);
}

/// <summary>Where a cluster's objects (or those of one namespace of it) start, or, with <c>after</c>, where they end.</summary>
internal readonly struct ClusterProbe(string cluster, string? ns, bool after = false) : ITreeProbe<CachedObject>
{
    public int CompareTo(CachedObject entry)
    {
        var order = string.CompareOrdinal(cluster, entry.Key.Cluster);
        if (order == 0 && ns is not null)
        {
            order = string.CompareOrdinal(ns, entry.Key.Namespace);
        }

        return order != 0 ? order : after ? 1 : -1;
    }
}
