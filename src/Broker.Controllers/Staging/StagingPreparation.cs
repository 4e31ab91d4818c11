namespace Broker.Controllers.Staging;

/// <summary>
/// The one background preparation of a staging workspace that objects wait for. It is started at most once;
/// <see cref="Completion"/> ends when the workspace is ready, the preparation is cancelled, or the broker stops.
/// </summary>
public sealed class StagingPreparation(string name, DateTimeOffset started, CancellationTokenSource cancellation)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public string Name { get; } = name;

    public DateTimeOffset Started { get; } = started;

    /// <summary>The last error of a step (e.g. the provider's export is not readable), shown to waiting objects.</summary>
    public string? Problem { get; internal set; }

    public Task Completion => _completion.Task;

    internal CancellationToken Token => cancellation.Token;

    /// <summary>
    /// Ends at the next <see cref="Wake"/>. Taken before a step, so a change that arrives while the step runs ends the
    /// wait after it at once.
    /// </summary>
    internal Task NextChange => Volatile.Read(ref _changed).Task;

    /// <summary>The workspace changed (its watch saw it): the preparation looks again without waiting for its poll.</summary>
    internal void Wake() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    internal void Start(Func<Task> prepare)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = RunAsync(prepare);
        }
    }

    internal async Task CancelAsync()
    {
        try
        {
            await cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Finished already.
        }
    }

    private async Task RunAsync(Func<Task> prepare)
    {
        try
        {
            await Task.Yield(); // never inside the caller's reconcile
            await prepare();
        }
        finally
        {
            cancellation.Dispose();
            _completion.TrySetResult();
        }
    }
}
