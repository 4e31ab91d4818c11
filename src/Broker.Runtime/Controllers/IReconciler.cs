namespace Broker.Runtime.Controllers;

/// <summary>Moves one object one step toward its desired state, reading current state first. The key says which
/// object, never what happened to it. Throw to be retried with per-key backoff.</summary>
public interface IReconciler<in TKey>
{
    Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken);
}
