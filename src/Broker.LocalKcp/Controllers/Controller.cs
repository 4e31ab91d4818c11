using Broker.LocalKcp.Storage;
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

    /// <summary>Moves the object one step; returns a delay to be called again, or null when done.</summary>
    public abstract Task<TimeSpan?> ReconcileAsync(LogicalClusterInfo cluster, string name, CancellationToken cancellationToken);
}
