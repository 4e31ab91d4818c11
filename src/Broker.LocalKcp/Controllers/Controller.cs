using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Watch;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Controllers;

/// <summary>
/// A level-triggered reconciler of one cluster-scoped kcp resource. Events of <see cref="Primary"/> queue
/// their object; events of resources for which <see cref="ResyncOn"/> is true queue every object.
/// </summary>
public abstract class Controller
{
    public abstract StorageKey Primary { get; }

    public virtual bool ResyncOn(StorageKey resource) => false;

    /// <summary>Whether this event (of a resource other than <see cref="Primary"/>) queues every object; by default
    /// <see cref="ResyncOn(StorageKey)"/> of its resource. Runs under the store lock: bookkeeping only.</summary>
    public virtual bool ResyncOn(WatchEvent e) => ResyncOn(e.Resource);

    /// <summary>Moves the object one step; returns a delay to be called again, or null when done.</summary>
    public abstract Task<TimeSpan?> ReconcileAsync(LogicalClusterInfo cluster, string name, CancellationToken cancellationToken);
}
