using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Microsoft.Extensions.Logging;

namespace Broker.Runtime.Events;

/// <summary>
/// Writes core/v1 Events about objects into their workspaces, as client-go's recorder does. <see cref="Record"/> never
/// blocks and never throws: it stamps the occurrence and queues it (a full queue drops it), and one background writer
/// counts identical Events within the aggregation window on one Event, holds each object to a token bucket, and writes.
/// Events are best effort: a failed write is dropped, counted and logged once per failing workspace, never retried; the
/// next occurrence carries the true count. The only second attempt is a re-create when the Event was deleted (404).
/// </summary>
public sealed partial class EventRecorder : IAsyncDisposable
{
    private const int MaxReasonLength = 128; // events.k8s.io's limit; reasons are CamelCase constants in practice

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventRecorderOptions _options;
    private readonly EventMetrics _metrics;
    private readonly Channel<EventOccurrence> _queue;
    private readonly EventCorrelator _correlator;
    private readonly LruCache<string, bool> _failingTargets;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _writer;
    private long _lastSuffix;
    private int _overflowReported;
    private volatile bool _disposed;

    public EventRecorder(TimeProvider time, ILogger logger, Meter meter, EventRecorderOptions? options = null)
    {
        _options = Validate(options ?? new EventRecorderOptions());
        _time = time;
        _logger = logger;
        _metrics = new EventMetrics(meter);
        _correlator = new EventCorrelator(_options);
        _failingTargets = new LruCache<string, bool>(_options.CacheSize);
        // Wait mode only makes TryWrite report a full queue; nothing ever waits on it.
        _queue = Channel.CreateBounded<EventOccurrence>(
            new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Occurrences waiting for the writer.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>
    /// Queues an Event about <paramref name="involvedObject"/> (apiVersion, kind, metadata name, namespace, uid,
    /// resourceVersion are read now), to be written through <paramref name="target"/> into the object's namespace.
    /// Returns at once; never throws. A message longer than <see cref="EventRecorderOptions.MaxMessageLength"/> is cut.
    /// </summary>
    public void Record(ClusterClient target, JsonObject involvedObject, EventType type, string reason, string message)
    {
        var obj = InvolvedObject.From(involvedObject);
        if (target is null || obj is null || string.IsNullOrWhiteSpace(reason) || !Enum.IsDefined(type))
        {
            _metrics.Dropped(EventMetrics.Invalid);
            Log.Invalid(_logger, reason ?? "", obj?.Kind ?? "", obj?.Name ?? "");
            return;
        }

        var occurrence = new EventOccurrence(
            target, obj, type, EventObjects.Truncate(reason, MaxReasonLength), EventObjects.Truncate(message ?? "", _options.MaxMessageLength), _time.GetUtcNow());
        if (_queue.Writer.TryWrite(occurrence))
        {
            return;
        }

        if (_disposed)
        {
            _metrics.Dropped(EventMetrics.Shutdown);
            return;
        }

        _metrics.Dropped(EventMetrics.Overflow);
        if (Interlocked.Exchange(ref _overflowReported, 1) == 0)
        {
            Log.QueueFull(_logger, _options.QueueCapacity);
        }
    }

    /// <summary>Starts the background writer. Occurrences recorded before are kept (up to the queue capacity) and written then.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                throw new InvalidOperationException("The event recorder has already been started");
            }

            _writer = Task.Run(() => WriteAllAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Stops taking occurrences, gives the queued ones <see cref="EventRecorderOptions.DrainTimeout"/> to be
    /// written, then cancels the writer and drops (and counts) the rest. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? writer;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            writer = _writer;
        }

        _queue.Writer.TryComplete();
        if (writer is not null)
        {
            try
            {
                await writer.WaitAsync(_options.DrainTimeout, _time);
            }
            catch (TimeoutException)
            {
                Log.DrainTimedOut(_logger, _options.DrainTimeout, _queue.Reader.Count);
                await _stop.CancelAsync();
                await writer; // ends promptly: the writer only awaits cancellable I/O
            }
        }

        var left = 0;
        while (_queue.Reader.TryRead(out _))
        {
            left++;
        }

        if (left > 0)
        {
            _metrics.Dropped(EventMetrics.Shutdown, left);
        }

        _stop.Dispose();
    }

    private async Task WriteAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var occurrence in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteAsync(occurrence, cancellationToken);
                if (_queue.Reader.Count == 0)
                {
                    Volatile.Write(ref _overflowReported, 0); // caught up: the next overflow is news again
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Dispose gave up waiting; it counts what is still queued.
        }
    }

    private async Task WriteAsync(EventOccurrence occurrence, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.WriteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var series = _correlator.Observe(occurrence);
            if (series is null)
            {
                _metrics.Dropped(EventMetrics.RateLimited);
                Log.RateLimited(_logger, occurrence.Reason, occurrence.Object.Kind, occurrence.Object.Namespace, occurrence.Object.Name, _options.Burst, _options.RefillInterval);
                return;
            }

            if (series.Name is not null && await TryCountAsync(occurrence, series, linked.Token))
            {
                _metrics.Aggregated();
            }
            else
            {
                await CreateAsync(occurrence, series, linked.Token);
                _metrics.Written();
            }

            Succeeded(occurrence.Target);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _metrics.Dropped(EventMetrics.Shutdown);
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Failed(occurrence, new TimeoutException($"no answer within {_options.WriteTimeout.TotalSeconds:0.#} s (event write timeout)"));
        }
        catch (Exception ex) // best effort: any failure drops this write only; the next occurrence carries the count
        {
            Failed(occurrence, ex);
        }
    }

    // False when the Event is gone (deleted by someone, or expired by the server's TTL): the series starts over.
    private async Task<bool> TryCountAsync(EventOccurrence occurrence, EventSeries series, CancellationToken cancellationToken)
    {
        var ns = EventObjects.NamespaceOf(occurrence.Object);
        try
        {
            await occurrence.Target.PatchAsync(EventObjects.Resource, ns, series.Name!, PatchType.Merge, EventObjects.CountPatch(series), cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            Log.Recreating(_logger, series.Name!, ns, occurrence.Reason);
            series.Restart(occurrence.Time);
            return false;
        }
    }

    private async Task CreateAsync(EventOccurrence occurrence, EventSeries series, CancellationToken cancellationToken)
    {
        // Unique per recorder even when two occurrences share a timestamp (a coarse or fake clock).
        _lastSuffix = Math.Max((occurrence.Time - DateTimeOffset.UnixEpoch).Ticks * 100, _lastSuffix + 1);
        var name = EventObjects.Name(occurrence.Object.Name, _lastSuffix);
        var ns = EventObjects.NamespaceOf(occurrence.Object);
        await occurrence.Target.CreateForHeaderAsync(EventObjects.Resource, ns, EventObjects.New(name, occurrence, series, _options), cancellationToken);
        series.Name = name;
    }

    private void Succeeded(ClusterClient target)
    {
        if (_failingTargets.Remove(target.BaseUri.AbsoluteUri))
        {
            Log.Recovered(_logger, target.BaseUri);
        }
    }

    // One warning per workspace when its writes start failing, debug after that: a broken workspace must not flood the log.
    private void Failed(EventOccurrence occurrence, Exception error)
    {
        _metrics.Dropped(EventMetrics.WriteFailed);
        var obj = occurrence.Object;
        if (_failingTargets.TryGet(occurrence.Target.BaseUri.AbsoluteUri, out _))
        {
            Log.WriteFailedAgain(_logger, error, occurrence.Reason, obj.Kind, obj.Namespace, obj.Name, occurrence.Target.BaseUri);
            return;
        }

        _failingTargets.Set(occurrence.Target.BaseUri.AbsoluteUri, true);
        Log.WriteFailed(_logger, occurrence.Reason, obj.Kind, obj.Namespace, obj.Name, occurrence.Target.BaseUri, error.Message);
    }

    private static EventRecorderOptions Validate(EventRecorderOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Burst, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageLength, 16, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RefillInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.WriteTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AggregationWindow, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DrainTimeout, TimeSpan.Zero, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Component, nameof(options));
        return options;
    }
}
