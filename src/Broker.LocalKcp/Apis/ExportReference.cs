using System.Text.Json.Nodes;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Apis;

/// <summary>Resolves {path, name} references to an APIExport: path may be a canonical path, a cluster name, or empty (same workspace).</summary>
internal static class ExportReference
{
    public static (LogicalClusterInfo? Cluster, string Name, JsonObject? Export) Resolve(ControlPlane plane, LogicalClusterInfo from, JsonNode? reference)
    {
        var name = ObjectMeta.GetString(reference, "name") ?? "";
        var path = ObjectMeta.GetString(reference, "path") ?? "";
        var cluster = path.Length == 0 ? from : plane.Clusters.TryGet(path);
        var export = cluster is null || name.Length == 0 ? null : plane.Catalog.FindExport(cluster.Name, name);
        return (cluster, name, export);
    }
}
