using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Watch;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// The kcp behind the HTTP surface: shards, logical clusters, the API catalog and the resource service. Everything
/// here works without HTTP, so controllers and bootstrap helpers write directly. Given stores that were loaded
/// from disk, it finds its logical clusters in them instead of creating root again.
/// </summary>
public sealed class ControlPlane : IDisposable
{
    public ControlPlane(LocalKcpOptions options, ServerAddress address, IObjectValidator validator, IReadOnlyList<ObjectStore>? stores = null)
    {
        Options = options;
        Address = address;
        Time = options.TimeProvider;
        Shards = [.. Enumerable.Range(0, Math.Max(1, options.Shards))
            .Select(Shard.NameOf)
            .Select((name, i) => new Shard(name, i, stores?[i] ?? new ObjectStore(name, options.WatchHistory), address))];
        Clusters = new LogicalClusterRegistry();
        Authorizer = new KcpAuthorizer(Shards);
        Catalog = new ApiCatalog(new FixedResources(), Clusters);
        Resources = new ResourceService(AdmissionPlugins.Create(this), validator, Time);
        Watches = new WatchStreamer(Time, options.BookmarkInterval);
        foreach (var shard in Shards)
        {
            shard.Store.AddListener(e =>
            {
                if (ApiCatalog.Affects(e.Resource) && (e.Object ?? e.Previous) is { } changed)
                {
                    Catalog.Invalidate(e.Resource, changed.Key.Cluster);
                }
            });
        }

        Root = LogicalClusterRestore.Restore(this) ?? CreateLogicalCluster("root", "root", Shards[0], owner: null);
        var bindings = Resource(Root, RbacPolicy.Group, "v1", "clusterrolebindings");
        var roles = Resource(Root, RbacPolicy.Group, "v1", "clusterroles");
        foreach (var policy in BootstrapPolicy.RootObjects())
        {
            var resource = ObjectMeta.GetString(policy, "kind") == "ClusterRole" ? roles : bindings;
            if (Resources.TryGet(Root, resource, "", ObjectMeta.Name(policy)) is null)
            {
                Resources.Create(Root, resource, null, policy, @internal: true);
            }
        }
    }

    public LocalKcpOptions Options { get; }

    public ServerAddress Address { get; }

    public TimeProvider Time { get; }

    public IReadOnlyList<Shard> Shards { get; }

    public LogicalClusterRegistry Clusters { get; }

    public ApiCatalog Catalog { get; }

    /// <summary>kcp's authorizer chain over the RBAC objects of each workspace and the bootstrap policy.</summary>
    public KcpAuthorizer Authorizer { get; }

    public ResourceService Resources { get; }

    public WatchStreamer Watches { get; }

    public LogicalClusterInfo Root { get; }

    /// <summary>The resource of the workspace's fixed or bound APIs, by group, version and plural.</summary>
    public ApiResource Resource(LogicalClusterInfo cluster, string group, string version, string plural) =>
        Catalog.ForCluster(cluster).Find(group, version, plural)
        ?? throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({plural}.{group}/{version})");

    /// <summary>Registers a logical cluster and creates its LogicalCluster singleton (with the parent's required groups, if any) and the default namespace.</summary>
    public LogicalClusterInfo CreateLogicalCluster(string name, string path, Shard shard, JsonObject? owner, string? requiredGroups = null, string type = "root:universal")
    {
        var cluster = new LogicalClusterInfo(name, path, shard);
        Clusters.Add(cluster);
        var annotations = new JsonObject { [KcpGroups.ShardAnnotation] = shard.Name, [KcpGroups.TypeAnnotation] = type };
        if (name != "root")
        {
            annotations[KcpGroups.PathAnnotation] = path;
        }

        if (!string.IsNullOrEmpty(requiredGroups))
        {
            annotations[RequiredGroups.Annotation] = requiredGroups;
        }

        var logicalCluster = new JsonObject
        {
            ["apiVersion"] = $"{KcpGroups.Core}/v1alpha1",
            ["kind"] = "LogicalCluster",
            ["metadata"] = new JsonObject
            {
                ["name"] = "cluster",
                ["annotations"] = annotations,
                ["labels"] = new JsonObject { [KcpGroups.PhaseLabel] = "Ready" },
            },
            ["spec"] = new JsonObject { ["directlyDeletable"] = false, ["owner"] = owner, ["initializers"] = new JsonArray() },
            ["status"] = new JsonObject
            {
                ["URL"] = $"{shard.VirtualWorkspaceUrl}/clusters/{name}",
                ["phase"] = "Ready",
                ["conditions"] = new JsonArray(),
                ["initializers"] = new JsonArray(),
            },
        };
        Resources.Create(cluster, Resource(cluster, KcpGroups.Core, "v1alpha1", "logicalclusters"), null, logicalCluster, @internal: true);
        Resources.Create(cluster, Resource(cluster, "", "v1", "namespaces"), null,
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, @internal: true);
        return cluster;
    }

    /// <summary>Completes when every change made so far on every shard is committed to its file.</summary>
    public Task WhenDurableAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Shards.Select(s => s.Store.WhenDurableAsync(cancellationToken)));

    /// <summary>Closes the shards' store files.</summary>
    public void Dispose()
    {
        foreach (var shard in Shards)
        {
            shard.Store.Dispose();
        }
    }

    /// <summary>Forgets a logical cluster and deletes all of its objects, and those of its child workspaces.</summary>
    public void DeleteLogicalCluster(LogicalClusterInfo cluster)
    {
        var workspaces = new StorageKey(KcpGroups.Tenancy, "workspaces");
        foreach (var child in cluster.Shard.Store.List(workspaces, cluster.Name, null).Items)
        {
            if (Json.ObjectMeta.GetString(child.ToJsonObject(), "spec", "cluster") is { } name && Clusters.TryGetByName(name) is { } grandchild)
            {
                DeleteLogicalCluster(grandchild);
            }
        }

        Clusters.Remove(cluster.Name);
        cluster.Shard.Store.DeleteCluster(cluster.Name);
        Authorizer.Forget(cluster.Name);
    }
}
