using System.Diagnostics.Metrics;

namespace Broker.Runtime.Queue;

/// <summary>Fair and stingy, like client-go's workqueue: a key added while it waits is handed out once; a key is never
/// held by two workers at once; a key added while held is handed out again after <see cref="Done"/>.
/// Every <see cref="TakeAsync"/> must be paired with one <see cref="Done"/>.</summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<TKey> _ready = new();           // order of hand-out; every key here is also in _dirty
    private readonly HashSet<TKey> _dirty = [];            // needs a pass
    private readonly Dictionary<TKey, long> _processing = []; // held by a worker, with the hand-out timestamp
    private readonly SemaphoreSlim _readyCount = new(0);
    private readonly TimeProvider _time;
    private readonly WorkQueueMetrics _metrics;

    public WorkQueue(string name, Meter meter, TimeProvider time)
    {
        _time = time;
        _metrics = new WorkQueueMetrics(meter, name);
    }

    /// <summary>Keys waiting to be handed out (not counting keys held by workers).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Keys currently held by workers.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (!_dirty.Add(key))
            {
                return; // already waiting: one pass covers both adds
            }

            _metrics.Added();
            if (_processing.ContainsKey(key))
            {
                return; // held: Done hands it out again
            }

            _ready.Enqueue(key);
            _metrics.Enqueued();
        }

        _readyCount.Release();
    }

    /// <summary>Waits for a key and marks it held; the caller must call <see cref="Done"/> with it.</summary>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        await _readyCount.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var key = _ready.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key, _time.GetTimestamp());
            _metrics.Dequeued();
            return key;
        }
    }

    /// <summary>Releases a held key; if it was added meanwhile it goes to the back of the queue.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            if (!_processing.Remove(key, out var since))
            {
                throw new InvalidOperationException($"Done({key}) for a key that is not held");
            }

            _metrics.Processed(_time.GetElapsedTime(since));
            if (!_dirty.Contains(key))
            {
                return;
            }

            _ready.Enqueue(key);
            _metrics.Enqueued();
        }

        _readyCount.Release();
    }

    internal void Retried() => _metrics.Retried();

    public void Dispose() => _readyCount.Dispose();
}
