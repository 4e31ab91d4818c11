using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Workspaces;

/// <summary>
/// Rebuilds the logical cluster index from the LogicalCluster objects of stores loaded from disk. A logical cluster
/// that no Workspace references was being created when the process died (the Workspace was not yet updated); it is
/// deleted, and the Workspace controller schedules the Workspace again. Home workspaces have no Workspace: they stay.
/// </summary>
internal static class LogicalClusterRestore
{
    private static readonly StorageKey LogicalClusters = new(KcpGroups.Core, "logicalclusters");
    private static readonly StorageKey Workspaces = new(KcpGroups.Tenancy, "workspaces");

    /// <summary>The root logical cluster after registering every other one, or null when the stores hold none.</summary>
    public static LogicalClusterInfo? Restore(ControlPlane plane)
    {
        var referenced = plane.Shards
            .SelectMany(s => s.Store.List(Workspaces, null, null).Items)
            .Select(w => ObjectMeta.GetString(w.ToJsonObject(), "spec", "cluster"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var shard in plane.Shards)
        {
            foreach (var stored in shard.Store.List(LogicalClusters, null, null).Items)
            {
                var name = stored.Key.Cluster;
                var logicalCluster = stored.ToJsonObject();
                if (name != "root" && !referenced.Contains(name) && ObjectMeta.Annotation(logicalCluster, KcpGroups.TypeAnnotation) != HomeWorkspaces.Type)
                {
                    shard.Store.DeleteCluster(name);
                    continue;
                }

                var path = ObjectMeta.Annotation(logicalCluster, KcpGroups.PathAnnotation) ?? name;
                plane.Clusters.Add(new LogicalClusterInfo(name, path, shard));
            }
        }

        return plane.Clusters.TryGetByName("root");
    }
}
