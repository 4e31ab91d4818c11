using System.Collections.Concurrent;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Security.Authorization;

/// <summary>
/// Decides requests as kcp's authorizer chain does (../shared/reference/kcp-authorization.md): system:masters may
/// do anything; health paths are open; wildcard and system: clusters are masters-only; the LogicalCluster's required
/// groups must be held; entering a workspace needs
/// verb access on "/" there; apibindings/status and apiexports/status are refused; then RBAC of the workspace
/// and of the bootstrap policy. Each user's rules per cluster are cached until an RBAC object or the LogicalCluster there changes.
/// </summary>
public sealed class KcpAuthorizer
{
    private const int MaxUsersPerCluster = 10_000;
    private readonly RbacPolicy _bootstrap = BootstrapPolicy.Create();
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClusterRules> _clusters = new(StringComparer.Ordinal);

    public KcpAuthorizer(IEnumerable<Shard> shards)
    {
        foreach (var shard in shards)
        {
            shard.Store.AddListener(e =>
            {
                if ((RbacPolicy.IsRbac(e.Resource) || RequiredGroups.IsLogicalCluster(e.Resource)) && (e.Object ?? e.Previous) is { } changed)
                {
                    Invalidate(changed.Key.Cluster);
                }
            });
        }
    }

    /// <summary>The full chain for a request to <paramref name="cluster"/> (null: the wildcard /clusters/*).</summary>
    public bool Allows(UserInfo user, LogicalClusterInfo? cluster, in RequestAttributes request)
    {
        if (user.IsMaster || (!request.IsResourceRequest && request.Path is "/healthz" or "/readyz" or "/livez"))
        {
            return true;
        }

        if (cluster is null || cluster.Name.StartsWith("system:", StringComparison.Ordinal))
        {
            return false;
        }

        var cached = Cluster(cluster);
        if (!cached.Required.Admits(user))
        {
            return false;
        }

        var rules = Rules(cached, user);
        if (!rules.MayEnter)
        {
            return false;
        }

        if (request.IsResourceRequest && request.Group == "apis.kcp.io" && request.Subresource == "status" && request.Resource is "apibindings" or "apiexports")
        {
            // kcp's system CRD authorizer: only kcp's controllers (and masters) write these statuses.
            return false;
        }

        return rules.Allows(request);
    }

    /// <summary>RBAC alone, without the workspace gate: kcp's deep SubjectAccessReview, used for the APIBinding bind check.</summary>
    public bool RbacAllows(UserInfo user, LogicalClusterInfo cluster, in RequestAttributes request) =>
        user.IsMaster || RulesFor(user, cluster).Allows(request);

    /// <summary>Throws kcp's 403 unless <see cref="Allows"/>.</summary>
    public void Check(UserInfo user, LogicalClusterInfo? cluster, in RequestAttributes request)
    {
        if (!Allows(user, cluster, request))
        {
            throw Forbidden.For(user, request, "access denied");
        }
    }

    public UserRules RulesFor(UserInfo user, LogicalClusterInfo cluster) => Rules(Cluster(cluster), user);

    private ClusterRules Cluster(LogicalClusterInfo cluster)
    {
        var generation = _generations.GetValueOrDefault(cluster.Name); // read first: a change while building leaves an older generation
        if (!_clusters.TryGetValue(cluster.Name, out var cached) || cached.Generation != generation)
        {
            cached = new ClusterRules(generation, RbacPolicy.FromStore(cluster.Shard.Store, cluster.Name), RequiredGroups.Of(cluster.Shard.Store, cluster.Name));
            _clusters[cluster.Name] = cached;
        }

        return cached;
    }

    private UserRules Rules(ClusterRules cached, UserInfo user)
    {
        if (cached.Users.TryGetValue(user.Key, out var rules))
        {
            return rules;
        }

        if (cached.Users.Count >= MaxUsersPerCluster)
        {
            cached.Users.Clear();
        }

        return cached.Users[user.Key] = UserRules.For(user, cached.Policy, _bootstrap);
    }

    /// <summary>Drops what is cached about a deleted logical cluster.</summary>
    public void Forget(string cluster)
    {
        _clusters.TryRemove(cluster, out _);
        _generations.TryRemove(cluster, out _);
    }

    private void Invalidate(string cluster)
    {
        _generations.AddOrUpdate(cluster, 1, static (_, n) => n + 1);
        _clusters.TryRemove(cluster, out _);
    }

    private sealed record ClusterRules(long Generation, RbacPolicy Policy, RequiredGroups Required)
    {
        public ConcurrentDictionary<string, UserRules> Users { get; } = new(StringComparer.Ordinal);
    }
}
