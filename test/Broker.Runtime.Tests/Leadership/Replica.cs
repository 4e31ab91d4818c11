using Broker.Kcp.Http;
using Broker.Runtime.Leadership;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Runtime.Tests.Leadership;

/// <summary>One elector running in a test, with work that runs until its token is cancelled.</summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<CancellationToken, Task>? _work;

    public Replica(ClusterClient cluster, LeaderElectionOptions options, TimeProvider? time = null, Func<CancellationToken, Task>? work = null)
    {
        _work = work;
        Elector = new LeaderElector(cluster, options, time ?? TimeProvider.System, NullLogger<LeaderElector>.Instance);
        Run = Elector.RunAsync(WorkAsync, _stop.Token);
    }

    public LeaderElector Elector { get; }

    public Task Run { get; }

    /// <summary>Completes when the work starts, that is when this replica leads.</summary>
    public TaskCompletionSource Leading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the work's token was cancelled.</summary>
    public TaskCompletionSource WorkCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancels the run (as SIGTERM does) and waits for it to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception e) when (e is LeaderElectionLostException or InvalidOperationException)
        {
            // Some tests end with a lost election or failing work; the test itself asserted on it.
        }

        _stop.Dispose();
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => WorkCancelled.TrySetResult());
        Leading.TrySetResult();
        if (_work is not null)
        {
            await _work(cancellationToken);
            return;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
