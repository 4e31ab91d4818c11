namespace Broker.Runtime.Cache.Trees;

/// <summary>An object filed under one value of an index.</summary>
internal readonly record struct IndexEntry(string Value, CachedObject Object);

/// <summary>Index entries by value, then by the object's key.</summary>
internal readonly struct IndexOrder : ITreeOrder<IndexEntry>
{
    public static int Compare(IndexEntry x, IndexEntry y)
    {
        var value = string.CompareOrdinal(x.Value, y.Value);
        return value != 0 ? value : KeyOrder.Compare(x.Object.Key, y.Object.Key);
    }
}

/// <summary>Where the objects filed under a value start.</summary>
internal readonly struct ValueProbe(string value) : ITreeProbe<IndexEntry>
{
    public int CompareTo(IndexEntry entry)
    {
        var order = string.CompareOrdinal(value, entry.Value);
        return order != 0 ? order : -1;
    }
}
