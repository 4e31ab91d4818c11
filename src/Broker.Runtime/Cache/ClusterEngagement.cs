using System.Reactive.Subjects;
using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>Which logical clusters are live, from the APIBindings an export's virtual workspace shows, as kcp's
/// multicluster-provider decides it: a cluster engages when one of its bindings is Ready (once; a later Ready=False does
/// not disengage) and disengages when its last binding is gone. Each engagement has a lifetime token.</summary>
public sealed class ClusterEngagement : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<JsonObject, bool> _isReady;
    private readonly Dictionary<string, ClusterState> _clusters = new(StringComparer.Ordinal);
    private readonly Subject<EngagementChange> _changes = new();

    /// <param name="isReady">When a binding engages its cluster; default: condition Ready is True.</param>
    public ClusterEngagement(Func<JsonObject, bool>? isReady = null) =>
        _isReady = isReady ?? (binding => KubeJson.ToTyped<ApiBinding>(binding).IsReady);

    /// <summary>Engagements and disengagements, in order; raised under the writer's call.</summary>
    public IObservable<EngagementChange> Changes => _changes;

    public IReadOnlyCollection<string> EngagedClusters
    {
        get
        {
            lock (_gate)
            {
                return [.. _clusters.Where(c => c.Value.Lifetime is not null).Select(c => c.Key)];
            }
        }
    }

    public bool IsEngaged(string cluster)
    {
        lock (_gate)
        {
            return _clusters.TryGetValue(cluster, out var state) && state.Lifetime is not null;
        }
    }

    /// <summary>The lifetime of an engaged cluster; <see cref="CancellationToken.None"/> is never returned for a live cluster.</summary>
    public bool TryGetLifetime(string cluster, out CancellationToken lifetime)
    {
        lock (_gate)
        {
            lifetime = _clusters.TryGetValue(cluster, out var state) && state.Lifetime is { } cts ? cts.Token : default;
            return state?.Lifetime is not null;
        }
    }

    /// <summary>Applies an APIBinding event from the informer of <paramref name="endpoint"/>.</summary>
    public void Apply(Uri endpoint, WatchEvent e)
    {
        if (e.Type == WatchEventType.Bookmark)
        {
            return;
        }

        var cluster = e.Header.Cluster;
        var name = e.Header.Name;
        EngagementChange? change;
        lock (_gate)
        {
            change = e.Type == WatchEventType.Deleted ? Remove(cluster, name) : Upsert(endpoint, cluster, name, e.Object);
            if (change is not null)
            {
                _changes.OnNext(change);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var state in _clusters.Values)
            {
                state.Lifetime?.Cancel();
                state.Lifetime?.Dispose();
            }

            _clusters.Clear();
        }

        _changes.Dispose();
    }

    private EngagementChange? Upsert(Uri endpoint, string cluster, string name, JsonObject binding)
    {
        if (!_clusters.TryGetValue(cluster, out var state))
        {
            state = new ClusterState(endpoint);
            _clusters[cluster] = state;
        }

        state.Bindings.Add(name);
        if (state.Lifetime is not null || !_isReady(binding))
        {
            return null;
        }

        state.Lifetime = new CancellationTokenSource();
        state.Endpoint = endpoint; // a cluster that moved shards re-engages through its new URL
        return new EngagementChange(cluster, endpoint, Engaged: true, state.Lifetime.Token);
    }

    private EngagementChange? Remove(string cluster, string name)
    {
        if (!_clusters.TryGetValue(cluster, out var state) || !state.Bindings.Remove(name) || state.Bindings.Count > 0)
        {
            return null;
        }

        _clusters.Remove(cluster);
        if (state.Lifetime is not { } lifetime)
        {
            return null;
        }

        var change = new EngagementChange(cluster, state.Endpoint, Engaged: false, lifetime.Token);
        lifetime.Cancel();
        lifetime.Dispose();
        return change;
    }

    private sealed class ClusterState(Uri endpoint)
    {
        public HashSet<string> Bindings { get; } = new(StringComparer.Ordinal);

        public Uri Endpoint { get; set; } = endpoint;

        public CancellationTokenSource? Lifetime { get; set; }
    }
}
