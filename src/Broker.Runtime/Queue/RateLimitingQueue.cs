using System.Diagnostics.Metrics;

namespace Broker.Runtime.Queue;

/// <summary>A <see cref="WorkQueue{TKey}"/> with delayed adds (one timer per key, the earlier deadline wins) and, for
/// failures, per-key exponential backoff under an overall limit on retries (client-go's default controller rate limiter).</summary>
public sealed class RateLimitingQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly WorkQueue<TKey> _queue;
    private readonly ExponentialBackoff<TKey> _backoff;
    private readonly TokenBucket? _retries;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Delayed> _delayed = [];
    private bool _disposed;

    public RateLimitingQueue(string name, RateLimitingQueueOptions options, Meter meter, TimeProvider time)
    {
        _queue = new WorkQueue<TKey>(name, meter, time);
        _backoff = new ExponentialBackoff<TKey>(options.BackoffBase, options.BackoffMax);
        _retries = options.RetryLimit is { } limit ? new TokenBucket(limit, time) : null;
        _time = time;
        Meter = meter;
    }

    /// <summary>The meter this queue reports on: its controller reports there too.</summary>
    internal Meter Meter { get; }

    internal TimeProvider Time => _time;

    /// <summary>Keys ready to be handed out.</summary>
    public int Count => _queue.Count;

    /// <summary>Keys waiting for their delay to pass.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_gate)
            {
                return _delayed.Count;
            }
        }
    }

    public int InFlight => _queue.InFlight;

    public void Add(TKey key) => _queue.Add(key);

    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(30);

    /// <summary>Adds <paramref name="key"/> after <paramref name="delay"/>; an earlier pending deadline is kept.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            _queue.Add(key);
            return;
        }

        // Timers cannot wait longer than about 49 days; a longer requeue (e.g. a certificate renewal) waits in steps.
        if (delay > MaxTimerDelay)
        {
            delay = MaxTimerDelay;
        }

        var due = _time.GetUtcNow() + delay;
        lock (_gate)
        {
            if (_disposed || (_delayed.TryGetValue(key, out var pending) && pending.Due <= due))
            {
                return;
            }

            pending?.Timer.Dispose();
            var entry = new Delayed(due);
            entry.Timer = CreateTimer(_ => Fire(key, entry), delay);
            _delayed[key] = entry;
        }
    }

    // Without the adder's ExecutionContext: the timer would keep its Activity, log scopes and AsyncLocals alive until it
    // fires, and a finished Migration is requeued for the whole retention (the soak found one Activity held per timer).
    private ITimer CreateTimer(TimerCallback callback, TimeSpan delay)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return _time.CreateTimer(callback, null, delay, Timeout.InfiniteTimeSpan);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return _time.CreateTimer(callback, null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds <paramref name="key"/> again after its per-key backoff, or later if retries overall are over their
    /// limit; call after a failed pass.</summary>
    public void AddRateLimited(TKey key)
    {
        _queue.Retried();
        var backoff = _backoff.NextDelay(key);
        AddAfter(key, _retries?.Reserve() is { } overall && overall > backoff ? overall : backoff);
    }

    /// <summary>
    /// Adds <paramref name="key"/> again after its per-key backoff alone, which the overall retry limit does not hold back;
    /// counts as a failure like <see cref="AddRateLimited"/>. For a retry the server answers at once and that nothing else
    /// will trigger: a 409 Conflict whose newer version is often the controller's own write, whose echo wakes nobody.
    /// Behind the limit, which sustained conflicts (about 20 a second at 200 creations a second) overdraw, such a key
    /// waited longer with every round of conflicts, its object unconverged meanwhile.
    /// </summary>
    public void AddAfterBackoff(TKey key)
    {
        _queue.Retried();
        AddAfter(key, _backoff.NextDelay(key));
    }

    /// <summary>Forgets the failure history of <paramref name="key"/>; call after a successful pass.</summary>
    public void Forget(TKey key) => _backoff.Forget(key);

    /// <summary>Drops a pending delayed add of <paramref name="key"/>. A successful pass of a level-triggered reconciler
    /// saw everything an earlier pass waited for, and its own result says when the key is due again.</summary>
    public void CancelDelayed(TKey key)
    {
        lock (_gate)
        {
            if (_delayed.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
            }
        }
    }

    public int Failures(TKey key) => _backoff.Failures(key);

    /// <summary>Waits for a key; the caller must call <see cref="Done"/>.</summary>
    public Task<TKey> TakeAsync(CancellationToken cancellationToken) => _queue.TakeAsync(cancellationToken);

    public void Done(TKey key) => _queue.Done(key);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _delayed.Values)
            {
                entry.Timer.Dispose();
            }

            _delayed.Clear();
        }

        _queue.Dispose();
    }

    private void Fire(TKey key, Delayed entry)
    {
        lock (_gate)
        {
            // A newer, earlier timer may have replaced this one.
            if (!_delayed.TryGetValue(key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            _delayed.Remove(key);
            entry.Timer.Dispose();
        }

        _queue.Add(key);
    }

    private sealed class Delayed(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; } = due;

        public ITimer Timer { get; set; } = null!;
    }
}
