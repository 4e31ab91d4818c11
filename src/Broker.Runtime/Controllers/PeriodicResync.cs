namespace Broker.Runtime.Controllers;

/// <summary>
/// controller-runtime's sync period: every <c>interval</c>, every key the cache holds is queued again, so a change no event
/// reported (a lost watch event, a drift the broker does not watch) is repaired. Level-triggered reconcilers make this
/// cheap: a settled object's pass reads and writes nothing.
/// </summary>
public static class PeriodicResync
{
    /// <summary>Queues <paramref name="keys"/> every <paramref name="interval"/> until cancelled; a zero or negative
    /// interval turns the resync off and returns at once.</summary>
    public static async Task RunAsync<TKey>(TimeSpan interval, Func<IEnumerable<TKey>> keys, Action<TKey> enqueue, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(enqueue);
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var key in keys())
                {
                    enqueue(key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping with the controllers
        }
    }
}
