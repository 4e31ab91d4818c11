using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Kcp.Watch;

/// <summary>What an informer has reported so far: cluster-aware key (<see cref="KnownKey"/>, sharing its strings with
/// the cache it feeds) to resourceVersion (held compactly, <see cref="ResourceVersionMap"/>), and nothing more, so the
/// informer costs little next to the cache that holds the objects. Enough to relist without gaps or ghosts.</summary>
internal sealed class KnownObjects(NameTable? names = null)
{
    private readonly ResourceVersionMap _versions = new();
    private readonly StringPool _namespaces = new(64); // each object's header brings its own "default"

    public int Count => _versions.Count;

    /// <summary>Records an ADDED or MODIFIED object; returns the event to emit, or null if it was already known at that version.</summary>
    public WatchEvent? Upsert(WatchEvent e)
    {
        var key = Key(e.Header);
        var version = e.Header.ResourceVersion ?? "";
        return _versions.Set(key, version, out var known) ? e.As(known ? WatchEventType.Modified : WatchEventType.Added) : null;
    }

    /// <summary>Forgets a deleted object; returns null for objects never reported (no ghost deletes).</summary>
    public WatchEvent? Remove(WatchEvent e) =>
        _versions.Remove(Key(e.Header)) ? e.As(WatchEventType.Deleted) : null;

    /// <summary>The difference between what was reported and a fresh list, as events: new and changed objects first,
    /// then tombstones for objects that vanished while the watch was away.</summary>
    public List<WatchEvent> Replace(IReadOnlyList<JsonObject> items, string apiVersion, string kind)
    {
        var events = new List<WatchEvent>();
        var seen = new HashSet<KnownKey>(items.Count);
        foreach (var item in items)
        {
            var listed = new WatchEvent(WatchEventType.Added, item, names);
            seen.Add(KnownKey.Of(listed.Header));
            if (Upsert(listed) is { } e)
            {
                events.Add(e);
            }
        }

        foreach (var key in _versions.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            events.Add(new WatchEvent(WatchEventType.Deleted, Tombstone(key, _versions[key], apiVersion, kind)));
            _versions.Remove(key);
        }

        return events;
    }

    /// <summary>Tombstones for everything, and forgets it all: what an informer retracts when it goes away.</summary>
    public List<WatchEvent> Clear(string apiVersion, string kind)
    {
        var events = _versions.Keys.Select(k => new WatchEvent(WatchEventType.Deleted, Tombstone(k, _versions[k], apiVersion, kind))).ToList();
        _versions.Clear();
        return events;
    }

    private KnownKey Key(ObjectHeader header) => KnownKey.Of(header) with { Namespace = _namespaces.Intern(header.Namespace) };

    // The deleted object's last state is not kept here: a tombstone carries identity and last resourceVersion only,
    // like client-go's DeletedFinalStateUnknown.
    internal static JsonObject Tombstone(KnownKey key, string resourceVersion, string apiVersion, string kind)
    {
        var metadata = new JsonObject
        {
            ["name"] = key.Name,
            ["resourceVersion"] = resourceVersion,
            ["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = key.Cluster },
        };
        if (key.Namespace.Length > 0)
        {
            metadata["namespace"] = key.Namespace;
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }
}
