using System.Collections.Concurrent;
using System.Collections.Immutable;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>
/// What one <see cref="KcpClient"/> and its views do on the wire that an operator wants to see: the watch streams open
/// now and those kcp refuses, by resource, and each wait for the client-side rate limit. Metrics read it (the broker's
/// <c>resource_broker_watches</c>, <c>resource_broker_watches_refused</c> and <c>resource_broker_client_rate_limiter_wait_seconds</c>).
/// </summary>
public sealed class KcpClientTelemetry
{
    private readonly ConcurrentDictionary<string, int> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<object, string> _refused = new();

    private ImmutableArray<Action<TimeSpan>> _waitObservers = [];

    /// <summary>Tells <paramref name="observer"/> of every wait for the rate limit (zero when a token was there), on the
    /// waiting request's thread, until the result is disposed.</summary>
    public IDisposable ObserveRateLimiterWaits(Action<TimeSpan> observer)
    {
        ImmutableInterlocked.Update(ref _waitObservers, a => a.Add(observer));
        return new Unsubscribe(() => ImmutableInterlocked.Update(ref _waitObservers, a => a.Remove(observer)));
    }

    /// <summary>Watch streams open now (the server answered and the stream has not ended), by resource as kubectl names a
    /// group's resource (<c>secrets</c>, <c>certificates.example.platform-mesh.io</c>); resources with none are left out.</summary>
    public IReadOnlyDictionary<string, int> OpenWatches => _watches.Where(w => w.Value > 0).ToDictionary(StringComparer.Ordinal);

    /// <summary>Watch streams opened so far, by resource as <see cref="OpenWatches"/> names them: a reconnect, a relist
    /// or an informer started again each add one.</summary>
    public IReadOnlyDictionary<string, long> StartedWatches => _started.ToDictionary(StringComparer.Ordinal);

    /// <summary>The open watches of every resource together.</summary>
    public int OpenWatchCount => _watches.Values.Sum();

    /// <summary>Informers whose list or watch kcp refuses now (403: a permission the broker lacks), by resource as
    /// <see cref="OpenWatches"/> names them; resources with none are left out.</summary>
    public IReadOnlyDictionary<string, int> RefusedWatches =>
        _refused.Values.GroupBy(key => key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Whether kcp refuses <paramref name="informer"/>'s list or watch of <paramref name="resource"/> now.</summary>
    internal void SetRefused(object informer, GroupVersionResource resource, bool refused)
    {
        if (refused)
        {
            _refused[informer] = Key(resource);
        }
        else
        {
            _refused.TryRemove(informer, out _);
        }
    }

    internal IDisposable WatchOpened(GroupVersionResource resource)
    {
        var key = Key(resource);
        _watches.AddOrUpdate(key, 1, (_, n) => n + 1);
        _started.AddOrUpdate(key, 1, (_, n) => n + 1);
        return new Closed(this, key);
    }

    private static string Key(GroupVersionResource resource) => resource.Group.Length == 0 ? resource.Resource : $"{resource.Resource}.{resource.Group}";

    internal void Waited(TimeSpan wait)
    {
        foreach (var observer in _waitObservers)
        {
            observer(wait);
        }
    }

    private sealed class Unsubscribe(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }

    private sealed class Closed(KcpClientTelemetry telemetry, string key) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                telemetry._watches.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }
    }
}
