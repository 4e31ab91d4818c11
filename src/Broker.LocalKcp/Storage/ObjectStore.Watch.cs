using Broker.LocalKcp.Watch;

namespace Broker.LocalKcp.Storage;

/// <summary>Watch registration, bookmarks and the history faults (drop watches, compaction).</summary>
public sealed partial class ObjectStore
{
    /// <summary>
    /// Opens a watch. With <paramref name="fromRevision"/> null the current objects arrive first as ADDED;
    /// otherwise everything after that revision is replayed, or <see cref="WatchStart.Expired"/> is set.
    /// </summary>
    public WatchStart Watch(StorageKey resource, string? cluster, long? fromRevision)
    {
        var watcher = new Watcher(resource, cluster, watcherCapacity);
        var initial = new List<WatchEvent>();
        lock (_lock)
        {
            if (fromRevision is { } from)
            {
                if (!_history.TryGetSince(from, e => e.Resource == resource && watcher.Accepts(e), initial))
                {
                    return new WatchStart(null, [], _revision, Expired: true, _history.CompactedRevision);
                }
            }
            else if (_tables.TryGetValue(resource, out var table))
            {
                var items = new List<StoredObject>();
                table.CopyTo(items, cluster, null);
                items.Sort((a, b) => a.ResourceVersion.CompareTo(b.ResourceVersion));
                initial.AddRange(items.Select(o => new WatchEvent(WatchEventType.Added, resource, o.ResourceVersion, o, null)));
            }

            if (!_watchers.TryGetValue(resource, out var list))
            {
                list = [];
                _watchers[resource] = list;
            }

            list.Add(watcher);
            return new WatchStart(watcher, initial, _revision, Expired: false, _history.CompactedRevision);
        }
    }

    /// <summary>Watches open on this shard.</summary>
    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Values.Sum(l => l.Count);
            }
        }
    }

    public void Unwatch(Watcher watcher)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(watcher.Resource, out var list))
            {
                list.Remove(watcher);
            }

            watcher.Close();
        }
    }

    /// <summary>Queues a bookmark at the current revision behind every event already queued for the watcher.</summary>
    public void Bookmark(Watcher watcher)
    {
        lock (_lock)
        {
            watcher.Offer(WatchEvent.Bookmark(watcher.Resource, _revision));
        }
    }

    /// <summary>Closes every open watch (fault injection, shutdown).</summary>
    public int DropWatches()
    {
        lock (_lock)
        {
            var count = 0;
            foreach (var list in _watchers.Values)
            {
                foreach (var watcher in list)
                {
                    watcher.Close();
                    count++;
                }

                list.Clear();
            }

            return count;
        }
    }

    /// <summary>
    /// Forgets the history. The revision moves on by one so that every revision a client has seen is
    /// now too old (410), while a fresh list returns one it can watch from.
    /// </summary>
    public long Compact()
    {
        lock (_lock)
        {
            Persist(new StoreRecord(StoreRecordKind.Revision, default, default, _revision + 1, default));
            _revision++;
            _history.Compact(_revision);
            return _revision;
        }
    }
}
