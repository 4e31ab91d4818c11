namespace Broker.Runtime.Cache.Trees;

/// <summary>Cached objects by key: cluster, then namespace, then name (ordinal), so a cluster's objects, and a
/// namespace's within it, are neighbours.</summary>
internal readonly struct KeyOrder : ITreeOrder<CachedObject>
{
    public static int Compare(CachedObject x, CachedObject y) => Compare(x.Key, y.Key);

    public static int Compare(in ObjectKey x, in ObjectKey y)
    {
        var cluster = string.CompareOrdinal(x.Cluster, y.Cluster);
        if (cluster != 0)
        {
            return cluster;
        }

        var ns = string.CompareOrdinal(x.Namespace, y.Namespace);
        return ns != 0 ? ns : string.CompareOrdinal(x.Name, y.Name);
    }
}
