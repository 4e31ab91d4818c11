namespace Broker.Runtime.Queue;

/// <summary>Per-key failure counts: delay = base x 2^failures, capped, never "give up" (a dropped key would never converge).</summary>
public sealed class ExponentialBackoff<TKey>(TimeSpan baseDelay, TimeSpan maxDelay)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, int> _failures = [];

    /// <summary>Records a failure of <paramref name="key"/> and returns how long to wait before its next pass.</summary>
    public TimeSpan NextDelay(TKey key)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(key, out exponent);
            _failures[key] = exponent + 1;
        }

        // Cap the exponent before multiplying so the arithmetic cannot overflow.
        var factor = Math.Pow(2, Math.Min(exponent, 62));
        var ticks = baseDelay.Ticks * factor;
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public int Failures(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Clears the history of <paramref name="key"/> after a success.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
