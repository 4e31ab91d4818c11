using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Related;

/// <summary>An informer's store seen as one logical cluster's cache of one kind (e.g. Secrets); other kinds are unknown to it.
/// <paramref name="recent"/>: what the store's digesting transform delivered lately in full, if it keeps that.</summary>
public sealed class StoreRelatedCache(GroupVersionResource resource, ObjectStore store, Func<bool> hasSynced, string cluster, RecentContent? recent = null) : IRelatedCache
{
    /// <summary>Knows nothing: every read goes to the server.</summary>
    public static IRelatedCache None { get; } = new NoCache();

    public bool TryGet(GroupVersionResource kind, string ns, string name, out JsonObject? obj)
    {
        obj = null;
        if (!Covers(kind))
        {
            return false;
        }

        if (store.TryGet(new ObjectKey(cluster, ns, name), out var cached) && cached is not null)
        {
            obj = cached.ToJsonObject();
        }

        return true;
    }

    public IReadOnlyList<JsonObject>? ListLabelled(GroupVersionResource kind, string ns, string label, string value)
    {
        if (!Covers(kind))
        {
            return null;
        }

        // An index on the label saves reading every object of the namespace.
        var snapshot = store.Snapshot;
        var index = CacheIndex.LabelIndexName(label);
        var candidates = snapshot.HasIndex(index)
            ? snapshot.ByIndex(index, value).Where(c => c.Key.Cluster == cluster && c.Key.Namespace == ns)
            : snapshot.List(cluster, ns);
        return [.. candidates.Select(c => c.ToJsonObject()).Where(o => KubeObject.Label(o, label) == value)];
    }

    public JsonObject? TakeFull(GroupVersionResource kind, string ns, string name, string? resourceVersion) =>
        recent is not null && Covers(kind) ? recent.Take(cluster, ns, name, resourceVersion) : null;

    private bool Covers(GroupVersionResource kind) =>
        kind.Group == resource.Group && kind.Version == resource.Version && kind.Resource == resource.Resource && hasSynced();

    private sealed class NoCache : IRelatedCache
    {
        public bool TryGet(GroupVersionResource resource, string ns, string name, out JsonObject? obj)
        {
            obj = null;
            return false;
        }

        public IReadOnlyList<JsonObject>? ListLabelled(GroupVersionResource resource, string ns, string label, string value) => null;

        public JsonObject? TakeFull(GroupVersionResource resource, string ns, string name, string? resourceVersion) => null;
    }
}
