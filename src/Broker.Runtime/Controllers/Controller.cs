using Broker.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Controllers;

/// <summary>Runs workers that take keys from a queue and reconcile them. The worker loop is the one place where an
/// exception becomes a retry with per-key backoff; a success forgets the key's failures.</summary>
public sealed partial class Controller<TKey>(
    string name, RateLimitingQueue<TKey> queue, IReconciler<TKey> reconciler, ControllerOptions options, ILogger logger)
    where TKey : notnull
{
    public string Name => name;

    /// <summary>Blocks until <paramref name="cancellationToken"/> is cancelled and every worker has finished its key.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Workers, "A controller needs at least one worker");
        }

        Log.Starting(logger, name, options.Workers);
        var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(workers);
        Log.Stopped(logger, name);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TKey key;
            try
            {
                key = await queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await ProcessAsync(key, cancellationToken);
        }
    }

    internal async Task ProcessAsync(TKey key, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>(StringComparer.Ordinal) { ["Controller"] = name, ["Key"] = key, ["ReconcileId"] = Guid.NewGuid() });
        try
        {
            var result = await reconciler.ReconcileAsync(key, cancellationToken);
            queue.Forget(key);
            queue.CancelDelayed(key); // e.g. a wait for an event that has since come: this pass's result replaces it
            if (result.RequeueAfter is { } delay)
            {
                queue.AddAfter(key, delay);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the key is level-triggered state and will be seen again on the next start.
        }
        catch (Exception ex) // the one place that turns any failure into backoff
        {
            queue.AddRateLimited(key);
            Log.ReconcileFailed(logger, ex, name, key, queue.Failures(key));
        }
        finally
        {
            queue.Done(key);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Starting controller {Controller} with {Workers} workers")]
        public static partial void Starting(ILogger logger, string controller, int workers);

        [LoggerMessage(LogLevel.Information, "Controller {Controller} stopped")]
        public static partial void Stopped(ILogger logger, string controller);

        [LoggerMessage(LogLevel.Error, "Reconcile of {Key} in {Controller} failed ({Failures} in a row); retrying with backoff")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, object key, int failures);
    }
}
