using System.Diagnostics;
using Broker.Kcp.Http;
using Broker.Runtime.Metrics;
using Broker.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Controllers;

/// <summary>Runs workers that take keys from a queue and reconcile them. The worker loop is the one place where an
/// exception becomes a retry with per-key backoff; a success forgets the key's failures. A 409 Conflict is logged as an
/// error only from the <see cref="QuietConflicts"/>th in a row on. Each pass is a span and is timed; the failures logged as
/// errors are counted (<c>resource_broker_reconcile_duration_seconds</c>, <c>resource_broker_reconcile_errors_total</c>,
/// labelled with the controller's name), on the meter of its queue. A pass kcp refuses (403) is a missing permission an
/// operator grants while the broker runs: it is logged as kcp words it when it starts and when it ends, counted by verb and
/// resource (<see cref="ForbiddenMetrics"/>), handed to <paramref name="reportForbidden"/> (e.g. a condition and a Warning
/// Event on the object), and retried at least every <see cref="RefusedRetry"/> so a grant is noticed.</summary>
public sealed partial class Controller<TKey>(
    string name, RateLimitingQueue<TKey> queue, IReconciler<TKey> reconciler, ControllerOptions options, ILogger logger,
    Func<TKey, Refusal, CancellationToken, Task>? reportForbidden = null)
    where TKey : notnull
{
    /// <summary>Conflicts in a row retried at debug level; more mean someone else keeps writing the object.</summary>
    public const int QuietConflicts = 3;

    /// <summary>Longest wait before a refused key is tried again (the startup reads wait as long): the backoff's 5 minutes
    /// would leave a granted permission unnoticed for that long.</summary>
    public static readonly TimeSpan RefusedRetry = TimeSpan.FromSeconds(30);

    private readonly ControllerMetrics _metrics = new(queue.Meter, name);
    private readonly ForbiddenMetrics _forbidden = new(queue.Meter);

    // The keys whose last pass kcp refused, with what it refused.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TKey, Refusal> _refused = new();

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
        foreach (var key in _refused.Keys)
        {
            Cleared(key, granted: false); // this controller no longer reports them (a restarted one counts afresh)
        }

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
        using var activity = BrokerTelemetry.ActivitySource.StartActivity($"reconcile {name}");
        activity?.SetTag("controller", name);
        activity?.SetTag("key", key.ToString());
        using var scope = logger.BeginScope(new ReconcileScope<TKey>(name, key));
        var started = queue.Time.GetTimestamp();
        try
        {
            var result = await reconciler.ReconcileAsync(key, cancellationToken);
            Cleared(key, granted: true);
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
        catch (ConflictException ex) when (queue.Failures(key) < QuietConflicts)
        {
            // A write from a cached read the server has moved past (often this controller's own previous write, not yet
            // back through the watch): the usual outcome of optimistic concurrency, not an error until it keeps happening.
            // That echo wakes nobody, so this retry is what brings the key back: after its own backoff, not the overall limit.
            queue.AddAfterBackoff(key);
            Log.ReconcileConflicted(logger, name, key, ex.Message);
        }
        catch (ForbiddenException ex) when (ex.Refusal is { } refusal)
        {
            queue.AddRateLimited(key);
            queue.AddAfter(key, RefusedRetry); // the earlier of the two deadlines is kept
            _metrics.Failed();
            activity?.SetStatus(ActivityStatusCode.Error, refusal.ToString());
            await RefusedAsync(key, refusal, cancellationToken);
        }
        catch (Exception ex) // the one place that turns any failure into backoff
        {
            Cleared(key, granted: false);
            queue.AddRateLimited(key);
            _metrics.Failed();
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Log.ReconcileFailed(logger, ex, name, key, queue.Failures(key));
        }
        finally
        {
            _metrics.Reconciled(queue.Time.GetElapsedTime(started));
            queue.Done(key);
        }
    }

    private async Task RefusedAsync(TKey key, Refusal refusal, CancellationToken cancellationToken)
    {
        _forbidden.Refused(refusal);
        var previous = _refused.TryGetValue(key, out var known) ? known : null;
        _refused[key] = refusal;
        if (previous is not null && (previous.Verb, previous.Resource) == (refusal.Verb, refusal.Resource))
        {
            Log.StillForbidden(logger, name, key, refusal.ToString(), queue.Failures(key));
        }
        else
        {
            if (previous is not null)
            {
                _forbidden.Unblocked(previous);
            }

            _forbidden.Blocked(refusal);
            Log.Forbidden(logger, name, key, refusal.ToString());
        }

        if (reportForbidden is null)
        {
            return;
        }

        try
        {
            await reportForbidden(key, refusal, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReportFailed(logger, name, key, e.Message);
        }
    }

    private void Cleared(TKey key, bool granted)
    {
        if (_refused.TryRemove(key, out var refusal))
        {
            _forbidden.Unblocked(refusal);
            if (granted)
            {
                Log.Permitted(logger, name, key, refusal.Verb, refusal.Resource, refusal.Workspace);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "Reconcile of {Key} in {Controller} refused: {Refusal}; grant it (contrib/kcp/rbac); retrying at least every 30 s")]
        public static partial void Forbidden(ILogger logger, string controller, object key, string refusal);

        [LoggerMessage(LogLevel.Debug, "Reconcile of {Key} in {Controller} still refused ({Failures} in a row): {Refusal}")]
        public static partial void StillForbidden(ILogger logger, string controller, object key, string refusal, int failures);

        [LoggerMessage(LogLevel.Information, "Reconcile of {Key} in {Controller} succeeds again after kcp refused it {Verb} {Resource} in {Workspace}")]
        public static partial void Permitted(ILogger logger, string controller, object key, string verb, string resource, string workspace);

        [LoggerMessage(LogLevel.Warning, "Could not report the refusal of {Key} in {Controller} on the object: {Problem}")]
        public static partial void ReportFailed(ILogger logger, string controller, object key, string problem);

        [LoggerMessage(LogLevel.Information, "Starting controller {Controller} with {Workers} workers")]
        public static partial void Starting(ILogger logger, string controller, int workers);

        [LoggerMessage(LogLevel.Information, "Controller {Controller} stopped")]
        public static partial void Stopped(ILogger logger, string controller);

        [LoggerMessage(LogLevel.Debug, "Reconcile of {Key} in {Controller} wrote from a stale read and is retried: {Conflict}")]
        public static partial void ReconcileConflicted(ILogger logger, string controller, object key, string conflict);

        [LoggerMessage(LogLevel.Error, "Reconcile of {Key} in {Controller} failed ({Failures} in a row); retrying with backoff")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, object key, int failures);
    }
}
