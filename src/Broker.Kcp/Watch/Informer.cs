using System.Reactive.Subjects;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Broker.Kcp.Watch;

/// <summary>LIST then WATCH of one resource at one URL (typically an endpoint's <c>/clusters/*</c>), published as
/// <see cref="IObservable{WatchEvent}"/>. Resumes from the last resourceVersion (bookmarks included); after 410 Gone it
/// relists and emits the difference, so subscribers see neither a gap nor a ghost. Errors back off exponentially with
/// jitter, honouring Retry-After. Disposing retracts everything it reported (DELETED tombstones) and completes.
/// Events arrive on the informer's loop, one at a time: subscribers must only record or enqueue.</summary>
public sealed partial class Informer : IObservable<WatchEvent>, IAsyncDisposable
{
    // A watch open this long before it broke was established: its break is not a failed attempt.
    private static readonly TimeSpan EstablishedWatch = TimeSpan.FromSeconds(1);

    private readonly ClusterClient _client;
    private readonly GroupVersionResource _resource;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Subject<WatchEvent> _events = new();
    private readonly KnownObjects _known;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ResiliencePipeline _retry;
    private Task _loop = Task.CompletedTask;
    private string? _resourceVersion;
    private string _kind = "";
    private int _count;
    private int _relists;
    private int _disposed;
    private int _errors;
    private Refusal? _refused;

    public Informer(ClusterClient client, GroupVersionResource resource, InformerOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _known = new KnownObjects(client.Names);
        _resource = resource;
        _options = options;
        _time = time;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(RetryOptions()).Build();
    }

    /// <summary>The base this informer lists and watches under; resourceVersions are only meaningful per endpoint.</summary>
    public Uri Endpoint => _client.BaseUri;

    public GroupVersionResource Resource => _resource;

    /// <summary>True once the first list has been emitted.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Objects currently reported as present.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Lists done after the first (after 410 Gone).</summary>
    public int Relists => Volatile.Read(ref _relists);

    /// <summary>Failed lists and watches so far (each was retried with backoff).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>What kcp refused the last list or watch (403), until one succeeds: a missing permission to name while the
    /// cache cannot sync.</summary>
    public Refusal? Refused => Volatile.Read(ref _refused);

    // Kept here for /readyz and told to the client's telemetry for resource_broker_watches_refused.
    private void SetRefused(Refusal? refusal)
    {
        Volatile.Write(ref _refused, refusal);
        _client.Telemetry.SetRefused(this, _resource, refusal is not null);
    }

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public IDisposable Subscribe(IObserver<WatchEvent> observer) => _events.Subscribe(observer);

    /// <summary>Starts listing and watching in the background; subscribe first to see the initial list.</summary>
    public void Start()
    {
        if (!_loop.IsCompleted || Volatile.Read(ref _disposed) == 1)
        {
            throw new InvalidOperationException($"Informer for {_resource} at {Endpoint} is already started or stopped");
        }

        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _client.Telemetry.SetRefused(this, _resource, refused: false);
        foreach (var tombstone in _known.Clear(_resource.ApiVersion, _kind))
        {
            _events.OnNext(tombstone);
        }

        Volatile.Write(ref _count, 0);
        _events.OnCompleted();
        _events.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _retry.ExecuteAsync(ListAndWatchAsync, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping. The retry does not handle a failure that ends after the stop (a 403 answer in flight, say):
                // it must not make DisposeAsync throw, which ended a broker's shutdown with the list's 403.
                return;
            }
        }
    }

    private async ValueTask ListAndWatchAsync(CancellationToken cancellationToken)
    {
        if (_resourceVersion is null)
        {
            await ListAsync(cancellationToken);
        }

        var started = _time.GetTimestamp();
        var received = 0;
        try
        {
            var options = new ListOptions { ResourceVersion = _resourceVersion, LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector };
            await foreach (var e in _client.WatchAsync(_resource, null, options, cancellationToken))
            {
                if (received++ == 0)
                {
                    SetRefused(null);
                }

                Apply(e);
            }
        }
        catch (GoneException ex)
        {
            // The server no longer has our resourceVersion: relist on the next pass, at once, and emit the difference.
            Log.Expired(_logger, _resource.ToString(), Endpoint, _resourceVersion ?? "", ex.Message);
            Volatile.Write(ref _resourceVersion, null);
            return;
        }
        catch (Exception ex) when ((received > 0 || _time.GetElapsedTime(started) >= EstablishedWatch) && !cancellationToken.IsCancellationRequested)
        {
            // The watch made progress before it broke (events, or open a while on a quiet resource): resume at once and
            // let the backoff start from scratch, so one bad hour does not leave every later reconnect at the maximum
            // delay. Counting a quiet watch's breaks as failures grew its delay with each server restart until the
            // cache stayed stale for BackoffMax after the next one (found by the kill-anywhere sweep).
            Interlocked.Increment(ref _errors);
            Log.WatchBroke(_logger, ex, _resource.ToString(), Endpoint, received);
            return;
        }

        // A watch the server closes at once with nothing to say must not turn into a hot loop.
        if (received == 0 && _time.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(_options.BackoffBase, _time, cancellationToken);
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await _client.ListAllAsync(
            _resource, null, new ListOptions { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector }, cancellationToken);
        foreach (var item in list.Items)
        {
            Remember(item["kind"]?.GetValue<string>() ?? "");
        }

        var events = _known.Replace(list.Items, _resource.ApiVersion, _kind);
        foreach (var e in events)
        {
            _events.OnNext(e);
        }

        Volatile.Write(ref _count, _known.Count);
        Volatile.Write(ref _resourceVersion, list.ResourceVersion);
        SetRefused(null);
        if (HasSynced)
        {
            Interlocked.Increment(ref _relists);
            Log.Relisted(_logger, _resource.ToString(), Endpoint, list.Items.Count, events.Count);
        }
        else
        {
            Log.Synced(_logger, _resource.ToString(), Endpoint, list.Items.Count, list.ResourceVersion);
            _synced.TrySetResult();
        }
    }

    private void Apply(WatchEvent e)
    {
        var emitted = e.Type switch
        {
            WatchEventType.Added or WatchEventType.Modified => _known.Upsert(e),
            WatchEventType.Deleted => _known.Remove(e),
            _ => null,
        };
        if (e.Header.ResourceVersion is { Length: > 0 } version)
        {
            Volatile.Write(ref _resourceVersion, version);
        }

        if (emitted is not null)
        {
            Remember(emitted.Header.Kind);
            Volatile.Write(ref _count, _known.Count);
            _events.OnNext(emitted);
        }
    }

    private void Remember(string kind)
    {
        if (_kind.Length == 0 && kind.Length > 0)
        {
            _kind = kind;
        }
    }

    private RetryStrategyOptions RetryOptions() => new()
    {
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
        MaxRetryAttempts = int.MaxValue,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = _options.BackoffBase,
        MaxDelay = _options.BackoffMax,
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TooManyRequestsException { RetryAfter: { } after } ? after : (TimeSpan?)null),
        OnRetry = args =>
        {
            Interlocked.Increment(ref _errors);
            SetRefused((args.Outcome.Exception as ForbiddenException)?.Refusal);
            Log.Retrying(_logger, args.Outcome.Exception, _resource.ToString(), Endpoint, args.RetryDelay, args.AttemptNumber + 1);
            return default;
        },
    };
}
