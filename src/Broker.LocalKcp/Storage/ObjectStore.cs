using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Watch;

namespace Broker.LocalKcp.Storage;

/// <summary>
/// The storage of one shard: every table, one resourceVersion sequence (like one etcd), the bounded
/// event history and the open watchers. Writes, history and fan-out happen under one lock, so events
/// reach every watcher in revision order.
/// </summary>
public sealed partial class ObjectStore(string shardName, int historyCapacity = 10_000, int watcherCapacity = 100_000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<StorageKey, ResourceTable> _tables = [];
    private readonly Dictionary<StorageKey, List<Watcher>> _watchers = [];
    private readonly List<Action<WatchEvent>> _listeners = [];
    private readonly WatchHistory _history = new(historyCapacity);
    private long _revision;

    public string ShardName { get; } = shardName;

    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    /// <summary>The newest revision whose event the history no longer holds; older continue tokens and resumes get 410.</summary>
    public long CompactedRevision
    {
        get
        {
            lock (_lock)
            {
                return _history.CompactedRevision;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tables.Values.Sum(t => t.Count);
            }
        }
    }

    /// <summary>The tables that hold objects.</summary>
    public IReadOnlyList<StorageKey> Resources()
    {
        lock (_lock)
        {
            return [.. _tables.Keys];
        }
    }

    /// <summary>Registers an in-process observer (controllers); it runs under the store lock and must only enqueue.</summary>
    public void AddListener(Action<WatchEvent> listener)
    {
        lock (_lock)
        {
            _listeners.Add(listener);
        }
    }

    public StoredObject? Get(StorageKey resource, ObjectKey key)
    {
        lock (_lock)
        {
            return _tables.TryGetValue(resource, out var table) ? table.Get(key) : null;
        }
    }

    /// <summary>Current objects of a table, for one cluster or all (null), optionally one namespace; unsorted.</summary>
    public (List<StoredObject> Items, long Revision) List(StorageKey resource, string? cluster, string? @namespace)
    {
        var items = new List<StoredObject>();
        lock (_lock)
        {
            if (_tables.TryGetValue(resource, out var table))
            {
                table.CopyTo(items, cluster, @namespace);
            }

            return (items, _revision);
        }
    }

    public StoredObject Create(StorageKey resource, ObjectKey key, JsonObject value)
    {
        lock (_lock)
        {
            var table = Table(resource);
            if (table.Get(key) is not null)
            {
                throw new StorageException(StorageErrorKind.AlreadyExists, key, $"{key} already exists");
            }

            var stored = Store(key, value);
            Persist(new StoreRecord(StoreRecordKind.Put, resource, key, stored.ResourceVersion, stored.Json));
            table.Set(stored);
            Publish(new WatchEvent(WatchEventType.Added, resource, stored.ResourceVersion, stored, null));
            return stored;
        }
    }

    /// <summary>Replaces an object; fails with Conflict when <paramref name="expectedRevision"/> is not the current one.</summary>
    public StoredObject Update(StorageKey resource, ObjectKey key, JsonObject value, long? expectedRevision)
    {
        lock (_lock)
        {
            var table = Table(resource);
            var current = table.Get(key) ?? throw new StorageException(StorageErrorKind.NotFound, key, $"{key} not found");
            if (expectedRevision is { } expected && expected != current.ResourceVersion)
            {
                throw new StorageException(StorageErrorKind.Conflict, key, $"{key} was modified (resourceVersion {current.ResourceVersion}, not {expected})");
            }

            var stored = Store(key, value);
            Persist(new StoreRecord(StoreRecordKind.Put, resource, key, stored.ResourceVersion, stored.Json));
            table.Set(stored);
            Publish(new WatchEvent(WatchEventType.Modified, resource, stored.ResourceVersion, stored, current));
            return stored;
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state at the deletion's revision.</summary>
    public StoredObject Delete(StorageKey resource, ObjectKey key, long? expectedRevision)
    {
        lock (_lock)
        {
            var table = Table(resource);
            var current = table.Get(key) ?? throw new StorageException(StorageErrorKind.NotFound, key, $"{key} not found");
            if (expectedRevision is { } expected && expected != current.ResourceVersion)
            {
                throw new StorageException(StorageErrorKind.Conflict, key, $"{key} was modified (resourceVersion {current.ResourceVersion}, not {expected})");
            }

            var last = Store(key, current.ToJsonObject());
            Persist(new StoreRecord(StoreRecordKind.Remove, resource, key, last.ResourceVersion, default));
            table.Remove(key);
            Publish(new WatchEvent(WatchEventType.Deleted, resource, last.ResourceVersion, last, current));
            return last;
        }
    }

    /// <summary>Deletes every object of a logical cluster (workspace deletion).</summary>
    public int DeleteCluster(string cluster)
    {
        lock (_lock)
        {
            // Queued first, at the revision the last deletion will have, so a failed store changes nothing.
            var count = _tables.Values.Sum(t => t.CountCluster(cluster));
            Persist(new StoreRecord(StoreRecordKind.RemoveCluster, default, new ObjectKey(cluster, "", ""), _revision + count, default));
            foreach (var (resource, table) in _tables)
            {
                foreach (var current in table.RemoveCluster(cluster))
                {
                    var last = Store(current.Key, current.ToJsonObject());
                    Publish(new WatchEvent(WatchEventType.Deleted, resource, last.ResourceVersion, last, current));
                }
            }

            return count;
        }
    }

    private ResourceTable Table(StorageKey resource)
    {
        if (!_tables.TryGetValue(resource, out var table))
        {
            table = new ResourceTable();
            _tables[resource] = table;
        }

        return table;
    }

    private StoredObject Store(ObjectKey key, JsonObject value)
    {
        var revision = ++_revision;
        ObjectMeta.Metadata(value)["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new StoredObject(key, revision, ObjectMeta.Serialize(value), ObjectMeta.ReadLabels(value));
    }

    private void Publish(WatchEvent value)
    {
        _history.Append(value);
        if (_watchers.TryGetValue(value.Resource, out var list))
        {
            foreach (var watcher in list)
            {
                if (watcher.Accepts(value))
                {
                    watcher.Offer(value);
                }
            }
        }

        foreach (var listener in _listeners)
        {
            listener(value);
        }
    }
}
