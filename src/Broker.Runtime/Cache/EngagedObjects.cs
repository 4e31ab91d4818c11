using System.Reactive.Linq;

namespace Broker.Runtime.Cache;

/// <summary>An <see cref="ObjectStore"/> seen through <see cref="ClusterEngagement"/>: objects of clusters that are not
/// engaged are invisible, and <see cref="Keys"/> yields the keys a controller should reconcile, including every object
/// of a cluster when it engages or disengages (level-triggered: the reconciler reads what is there).</summary>
public sealed class EngagedObjects(ObjectStore store, ClusterEngagement engagement) : IObjectReader
{
    public IObservable<ObjectKey> Keys => Observable.Merge(
        store.Changes.Where(c => engagement.IsEngaged(c.Key.Cluster)).Select(c => c.Key),
        engagement.Changes.SelectMany(c => store.Snapshot.List(c.Cluster).Select(o => o.Key)));

    public bool TryGet(ObjectKey key, out CachedObject? obj)
    {
        obj = null;
        return engagement.IsEngaged(key.Cluster) && store.TryGet(key, out obj);
    }

    public IReadOnlyList<CachedObject> List(string cluster, string? ns) =>
        engagement.IsEngaged(cluster) ? store.List(cluster, ns) : [];
}
