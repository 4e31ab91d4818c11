using System.Threading.Channels;

namespace Broker.LocalKcp.Storage;

/// <summary>
/// Group commit for one shard: the store enqueues its changes under its lock; whatever has queued up is committed in
/// one transaction, either by a request waiting in <see cref="WhenDurableAsync"/> (the first waiter commits for all,
/// on its own thread: no hand-off to another thread, whose wake-up is what a loaded machine makes slow) or by a
/// background thread for changes nobody waits for (controllers). A waiter first lets the work queued before it run
/// (one yield), so the requests in flight write before the commit and share it: a commit costs about as much as
/// several rows, and committing each request's row alone made persistent creates half as fast as memory-only. A
/// request is acknowledged only once its write is committed. A failed commit stops the writer: every later write and
/// wait fails rather than being acknowledged and lost.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const int MaxBatch = 4096;

    private readonly StoreFile _file;
    private readonly Channel<StoreRecord> _queue = Channel.CreateUnbounded<StoreRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly Lock _commit = new();
    private readonly List<StoreRecord> _batch = new(MaxBatch);
    // Waiters resume on the committing thread: a hop through the thread pool per waiter and commit was what made
    // persistent creates slow on a loaded machine. The signal is given outside the commit lock.
    private TaskCompletionSource _committed = new();
    private long _durable;
    private volatile StoredStateException? _failure;

    public StoreWriter(StoreFile file, long durable)
    {
        _file = file;
        _durable = durable;
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The newest revision whose change is committed.</summary>
    public long Durable => Interlocked.Read(ref _durable);

    public void Enqueue(in StoreRecord record)
    {
        ThrowIfFailed();
        if (!_queue.Writer.TryWrite(record))
        {
            throw new StoredStateException("the store is closed");
        }
    }

    /// <summary>Completes once every change up to <paramref name="revision"/> is committed.</summary>
    public async Task WhenDurableAsync(long revision, CancellationToken cancellationToken)
    {
        var yielded = false;
        while (true)
        {
            // Read the signal before the watermark: a commit in between completes this signal.
            var signal = Volatile.Read(ref _committed);
            ThrowIfFailed();
            if (Durable >= revision)
            {
                return;
            }

            if (!yielded)
            {
                // Behind whatever the thread pool holds: other requests' handlers, whose writes then join this commit.
                yielded = true;
                await Task.Yield();
                continue;
            }

            if (_commit.TryEnter())
            {
                try
                {
                    CommitQueued();
                }
                finally
                {
                    _commit.Exit();
                    Signal();
                }

                continue;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Commits what is queued and closes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait();
        lock (_commit)
        {
            _file.Dispose();
        }
    }

    private void Run()
    {
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult() && _failure is null)
        {
            lock (_commit)
            {
                CommitQueued();
            }

            Signal();
        }
    }

    // Under _commit: one transaction for what has queued up (MaxBatch at most), then the watermark and the signal.
    private void CommitQueued()
    {
        while (_batch.Count < MaxBatch && _queue.Reader.TryRead(out var record))
        {
            _batch.Add(record);
        }

        if (_batch.Count == 0 || _failure is not null)
        {
            return;
        }

        try
        {
            _file.Apply(_batch);
            Interlocked.Exchange(ref _durable, _batch[^1].Revision);
        }
        catch (StoredStateException e)
        {
            _failure = e;
            _queue.Writer.TryComplete();
        }
        finally
        {
            _batch.Clear();
        }
    }

    private void Signal() => Interlocked.Exchange(ref _committed, new TaskCompletionSource()).TrySetResult();

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new StoredStateException($"the store cannot be written: {failure.Message}", failure);
        }
    }
}
