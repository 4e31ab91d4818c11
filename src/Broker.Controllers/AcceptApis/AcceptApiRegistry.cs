using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Controllers.Translations;
using Broker.Core.Routing;
using Broker.Runtime.Cache;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// The compiled AcceptAPIs of every provider, rebuilt from the cache after each change. Compilations
/// are reused while an AcceptAPI's resourceVersion is unchanged, so a rebuild costs little more than an
/// index build. Readers take <see cref="Router"/> without locking. With metrics, it reports each AcceptAPI's
/// availability and times the decisions made through <see cref="Decide"/>.
/// </summary>
public sealed class AcceptApiRegistry
{
    private static readonly CelExpressionCompiler Expressions = new();
    private static readonly TranslationCompiler Translations = new();
    private readonly ObjectStore _acceptApis;
    private readonly ProviderPaths _paths;
    private readonly AcceptApiMetrics? _metrics;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<ObjectKey, bool> _available = new();
    private Dictionary<ObjectKey, (string ResourceVersion, string? Path, AcceptApiCompilation Compilation)> _compiled = [];
    private Router _router = new(AcceptApiIndex.Empty);

    public AcceptApiRegistry(ObjectStore acceptApis, ProviderPaths paths, AcceptApiMetrics? metrics = null)
    {
        _acceptApis = acceptApis;
        _paths = paths;
        _metrics = metrics;
        metrics?.Attach(this);
    }

    public Router Router => Volatile.Read(ref _router);

    /// <summary>The current router's decision, timed for <c>resource_broker_routing_duration_seconds</c>.</summary>
    public RoutingDecision Decide(in RoutingRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var decision = Router.Decide(request);
        _metrics?.Routed(Stopwatch.GetElapsedTime(started), decision.Chosen is { } chosen ? chosen.Provider.Path ?? chosen.Provider.Cluster : "");
        return decision;
    }

    /// <summary>Records what the AcceptAPI's Available condition now says.</summary>
    public void SetAvailable(ObjectKey key, bool available) => _available[key] = available;

    /// <summary>Every AcceptAPI in the cache with its provider workspace (path, else cluster) and last reported
    /// availability (false until its condition was decided).</summary>
    public IReadOnlyList<(ObjectKey Key, string Workspace, bool Available)> Availability()
    {
        lock (_gate)
        {
            return [.. _compiled.Select(e => (e.Key, e.Value.Path ?? e.Key.Cluster, _available.GetValueOrDefault(e.Key)))];
        }
    }

    /// <summary>The compilation of one AcceptAPI (for its Available condition), or null when it is not in the cache.</summary>
    public AcceptApiCompilation? Compilation(ObjectKey key)
    {
        lock (_gate)
        {
            return _compiled.TryGetValue(key, out var entry) ? entry.Compilation : null;
        }
    }

    /// <summary>The translation of the AcceptAPI <paramref name="provider"/> names, while it still translates to the kind
    /// the Placement recorded; null otherwise.</summary>
    public ICompiledTranslation? Translation(ProviderReference provider)
    {
        var key = new ObjectKey(provider.Cluster, provider.AcceptApi.Namespace ?? "", provider.AcceptApi.Name);
        lock (_gate)
        {
            return _compiled.TryGetValue(key, out var entry) && entry.Compilation.Compiled?.Translation is { } translation && translation.Target == provider.TranslatedTo
                ? translation
                : null;
        }
    }

    /// <summary>Recompiles from the cache and swaps the router; returns the routers before and after.</summary>
    public (Router Before, Router After) Rebuild()
    {
        lock (_gate)
        {
            var next = new Dictionary<ObjectKey, (string ResourceVersion, string? Path, AcceptApiCompilation Compilation)>();
            foreach (var cached in _acceptApis.Snapshot.All)
            {
                var path = _paths.Find(cached.Key.Cluster);
                next[cached.Key] = _compiled.TryGetValue(cached.Key, out var known) && known.ResourceVersion == cached.ResourceVersion && known.Path == path
                    ? known
                    : (cached.ResourceVersion, path, Compile(cached, path));
            }

            _compiled = next;
            foreach (var gone in _available.Keys.Where(k => !next.ContainsKey(k)))
            {
                _available.TryRemove(gone, out _);
            }

            var before = _router;
            var valid = next.Values.Select(e => e.Compilation.Compiled).OfType<CompiledAcceptApi>();
            var after = new Router(AcceptApiIndex.Build(valid));
            Volatile.Write(ref _router, after);
            return (before, after);
        }
    }

    private static AcceptApiCompilation Compile(CachedObject cached, string? path)
    {
        AcceptApi acceptApi;
        try
        {
            acceptApi = cached.Deserialize(BrokerJsonContext.Default.AcceptApi);
        }
        catch (JsonException e)
        {
            // Schema validation should stop this at the API server; if it does not, say which field.
            return new AcceptApiCompilation(null, [$"{(e.Path is { Length: > 2 } p ? p[2..] : "the object")} cannot be read: {e.Message.Split('.')[0]}"]);
        }

        return AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity(cached.Key.Cluster, path), Expressions, Translations);
    }
}
