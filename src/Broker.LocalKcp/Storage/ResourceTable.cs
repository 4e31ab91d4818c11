namespace Broker.LocalKcp.Storage;

/// <summary>All objects of one <see cref="StorageKey"/> on one shard, bucketed by logical cluster. Not thread-safe.</summary>
internal sealed class ResourceTable
{
    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), StoredObject>> _clusters =
        new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public StoredObject? Get(ObjectKey key) =>
        _clusters.TryGetValue(key.Cluster, out var bucket) && bucket.TryGetValue((key.Namespace, key.Name), out var value)
            ? value
            : null;

    public void Set(StoredObject value)
    {
        var key = value.Key;
        if (!_clusters.TryGetValue(key.Cluster, out var bucket))
        {
            bucket = [];
            _clusters[key.Cluster] = bucket;
        }

        if (bucket.TryAdd((key.Namespace, key.Name), value))
        {
            Count++;
        }
        else
        {
            bucket[(key.Namespace, key.Name)] = value;
        }
    }

    public bool Remove(ObjectKey key)
    {
        if (!_clusters.TryGetValue(key.Cluster, out var bucket) || !bucket.Remove((key.Namespace, key.Name)))
        {
            return false;
        }

        Count--;
        if (bucket.Count == 0)
        {
            _clusters.Remove(key.Cluster);
        }

        return true;
    }

    public void CopyTo(List<StoredObject> target, string? cluster, string? @namespace)
    {
        if (cluster is not null)
        {
            if (_clusters.TryGetValue(cluster, out var bucket))
            {
                CopyBucket(bucket, target, @namespace);
            }

            return;
        }

        foreach (var bucket in _clusters.Values)
        {
            CopyBucket(bucket, target, @namespace);
        }
    }

    public int CountCluster(string cluster) => _clusters.TryGetValue(cluster, out var bucket) ? bucket.Count : 0;

    public IReadOnlyList<StoredObject> RemoveCluster(string cluster)
    {
        if (!_clusters.Remove(cluster, out var bucket))
        {
            return [];
        }

        Count -= bucket.Count;
        return [.. bucket.Values];
    }

    private static void CopyBucket(
        Dictionary<(string Namespace, string Name), StoredObject> bucket, List<StoredObject> target, string? @namespace)
    {
        foreach (var value in bucket.Values)
        {
            if (@namespace is null || string.Equals(value.Key.Namespace, @namespace, StringComparison.Ordinal))
            {
                target.Add(value);
            }
        }
    }
}
