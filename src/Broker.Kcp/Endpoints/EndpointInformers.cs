using System.Reactive.Subjects;
using System.Threading.Channels;
using Broker.Kcp.Watch;
using Microsoft.Extensions.Logging;

namespace Broker.Kcp.Endpoints;

/// <summary>One informer per endpoint URL, following a changing URL set: a new URL gets an informer, a URL that
/// disappears has its informer disposed, which retracts its objects (DELETED tombstones). All events are merged into
/// one stream tagged with their URL. URL-set changes are applied one at a time by a single loop.</summary>
public sealed partial class EndpointInformers : IObservable<EndpointEvent>, IAsyncDisposable
{
    private readonly Func<Uri, Informer> _createInformer;
    private readonly ILogger _logger;
    private readonly Subject<EndpointEvent> _subject = new();
    private readonly ISubject<EndpointEvent> _events;   // informers run concurrently: serialise their events for observers
    private readonly Channel<IReadOnlySet<Uri>> _desired = Channel.CreateUnbounded<IReadOnlySet<Uri>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Uri, Watched> _watched = [];   // only the loop touches this
    private readonly IDisposable _subscription;
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<Uri, Informer> _current = new Dictionary<Uri, Informer>();
    private IReadOnlySet<Uri>? _received;   // the latest URL set seen, applied or not
    private IReadOnlySet<Uri>? _applied;    // the URL set the current informers follow

    /// <param name="urls">The endpoint URL sets, e.g. from <see cref="EndpointUrls.From"/>.</param>
    /// <param name="createInformer">Builds the (not yet started) informer for one URL.</param>
    public EndpointInformers(IObservable<IReadOnlySet<Uri>> urls, Func<Uri, Informer> createInformer, ILogger logger)
    {
        _createInformer = createInformer;
        _logger = logger;
        _events = Subject.Synchronize(_subject);
        _loop = Task.Run(RunAsync);
        _subscription = urls.Subscribe(
            set =>
            {
                Volatile.Write(ref _received, set);
                _desired.Writer.TryWrite(set);
            },
            () => _desired.Writer.TryComplete());
    }

    /// <summary>The URLs currently watched.</summary>
    public IReadOnlyCollection<Uri> Urls
    {
        get
        {
            lock (_gate)
            {
                return [.. _current.Keys];
            }
        }
    }

    /// <summary>The informers of the current URLs, by URL.</summary>
    public IReadOnlyDictionary<Uri, Informer> Informers
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>True once a URL set has been received, the latest one is being followed, and every one of its
    /// informers has listed (an empty set counts as synced once received).</summary>
    public bool HasSynced
    {
        get
        {
            lock (_gate)
            {
                var received = Volatile.Read(ref _received);
                return received is not null && ReferenceEquals(received, _applied) && _current.Values.All(i => i.HasSynced);
            }
        }
    }

    public IDisposable Subscribe(IObserver<EndpointEvent> observer) => _events.Subscribe(observer);

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        _desired.Writer.TryComplete();
        await _loop;
        _events.OnCompleted();
        _subject.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var urls in _desired.Reader.ReadAllAsync())
        {
            await ReconcileAsync(urls);
        }

        await ReconcileAsync(new HashSet<Uri>());
    }

    private async Task ReconcileAsync(IReadOnlySet<Uri> urls)
    {
        foreach (var url in urls.Where(u => !_watched.ContainsKey(u)))
        {
            var informer = _createInformer(url);
            var subscription = informer.Subscribe(e => _events.OnNext(new EndpointEvent(url, e)));
            _watched[url] = new Watched(informer, subscription);
            informer.Start();
            Log.Watching(_logger, url);
        }

        foreach (var (url, watched) in _watched.Where(w => !urls.Contains(w.Key)).ToList())
        {
            _watched.Remove(url);
            await watched.Informer.DisposeAsync(); // emits tombstones for what it reported, then completes
            watched.Subscription.Dispose();
            Log.Stopped(_logger, url);
        }

        lock (_gate)
        {
            _current = _watched.ToDictionary(w => w.Key, w => w.Value.Informer);
            _applied = urls;
        }
    }

    private sealed record Watched(Informer Informer, IDisposable Subscription);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Watching endpoint {Endpoint}")]
        public static partial void Watching(ILogger logger, Uri endpoint);

        [LoggerMessage(LogLevel.Information, "Endpoint {Endpoint} is gone; its informer is stopped and its objects retracted")]
        public static partial void Stopped(ILogger logger, Uri endpoint);
    }
}
