using System.Threading.Channels;

namespace Broker.LocalKcp.Storage;

/// <summary>
/// Group commit for one shard: the store enqueues its changes under its lock, one thread commits whatever has queued
/// up in one transaction, and <see cref="WhenDurableAsync"/> tells a request when its write is in the file, so that it
/// is acknowledged only then. A failed commit stops the writer: every later write and wait fails rather than being
/// acknowledged and lost.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const int MaxBatch = 4096;

    private readonly StoreFile _file;
    private readonly Channel<StoreRecord> _queue = Channel.CreateUnbounded<StoreRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        while (true)
        {
            // Read the signal before the watermark: a commit in between completes this signal.
            var signal = Volatile.Read(ref _committed);
            ThrowIfFailed();
            if (Durable >= revision)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Commits what is queued and closes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait();
        _file.Dispose();
    }

    private void Run()
    {
        var batch = new List<StoreRecord>(MaxBatch);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            try
            {
                _file.Apply(batch);
            }
            catch (StoredStateException e)
            {
                _failure = e;
                _queue.Writer.TryComplete();
                Signal();
                return;
            }

            Interlocked.Exchange(ref _durable, batch[^1].Revision);
            batch.Clear();
            Signal();
        }
    }

    private void Signal() => Interlocked.Exchange(ref _committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new StoredStateException($"the store cannot be written: {failure.Message}", failure);
        }
    }
}
