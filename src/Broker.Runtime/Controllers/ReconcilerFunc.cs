namespace Broker.Runtime.Controllers;

/// <summary>Adapts a delegate to <see cref="IReconciler{TKey}"/>.</summary>
public sealed class ReconcilerFunc<TKey>(Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler<TKey>
{
    public Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken) => reconcile(key, cancellationToken);
}
