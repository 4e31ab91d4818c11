using System.Text.Json;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Runtime.Cache;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// The compiled AcceptAPIs of every provider, rebuilt from the cache after each change. Compilations
/// are reused while an AcceptAPI's resourceVersion is unchanged, so a rebuild costs little more than an
/// index build. Readers take <see cref="Router"/> without locking.
/// </summary>
public sealed class AcceptApiRegistry(ObjectStore acceptApis, ProviderPaths paths)
{
    private static readonly CelExpressionCompiler Expressions = new();
    private readonly Lock _gate = new();
    private Dictionary<ObjectKey, (string ResourceVersion, string? Path, AcceptApiCompilation Compilation)> _compiled = [];
    private Router _router = new(AcceptApiIndex.Empty);

    public Router Router => Volatile.Read(ref _router);

    /// <summary>The compilation of one AcceptAPI (for its Available condition), or null when it is not in the cache.</summary>
    public AcceptApiCompilation? Compilation(ObjectKey key)
    {
        lock (_gate)
        {
            return _compiled.TryGetValue(key, out var entry) ? entry.Compilation : null;
        }
    }

    /// <summary>Recompiles from the cache and swaps the router; returns the routers before and after.</summary>
    public (Router Before, Router After) Rebuild()
    {
        lock (_gate)
        {
            var next = new Dictionary<ObjectKey, (string ResourceVersion, string? Path, AcceptApiCompilation Compilation)>();
            foreach (var cached in acceptApis.Snapshot.All)
            {
                var path = paths.Find(cached.Key.Cluster);
                next[cached.Key] = _compiled.TryGetValue(cached.Key, out var known) && known.ResourceVersion == cached.ResourceVersion && known.Path == path
                    ? known
                    : (cached.ResourceVersion, path, Compile(cached, path));
            }

            _compiled = next;
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
            acceptApi = JsonSerializer.Deserialize(cached.Utf8Json.Span, BrokerJsonContext.Default.AcceptApi)!;
        }
        catch (JsonException e)
        {
            // Schema validation should stop this at the API server; if it does not, say which field.
            return new AcceptApiCompilation(null, [$"{(e.Path is { Length: > 2 } p ? p[2..] : "the object")} cannot be read: {e.Message.Split('.')[0]}"]);
        }

        return AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity(cached.Key.Cluster, path), Expressions);
    }
}
