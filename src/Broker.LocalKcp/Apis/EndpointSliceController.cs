using System.Text.Json.Nodes;
using Broker.LocalKcp.Controllers;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// APIExportEndpointSlice: APIExportValid, and one endpoint URL per shard that hosts at least one
/// APIBinding to the export (none before the first binding), as kcp's URL controller does.
/// </summary>
internal sealed class EndpointSliceController(ControlPlane plane) : Controller
{
    public override StorageKey Primary { get; } = new(KcpGroups.Apis, "apiexportendpointslices");

    public override bool ResyncOn(StorageKey resource) =>
        resource == new StorageKey(KcpGroups.Apis, "apiexports") || resource == new StorageKey(KcpGroups.Apis, "apibindings");

    public override Task<TimeSpan?> ReconcileAsync(LogicalClusterInfo cluster, string name, CancellationToken cancellationToken)
    {
        var resource = plane.Resource(cluster, KcpGroups.Apis, "v1alpha1", "apiexportendpointslices");
        if (plane.Resources.TryGet(cluster, resource, "", name) is not { } stored)
        {
            return Task.FromResult<TimeSpan?>(null);
        }

        var slice = stored.ToJsonObject();
        var status = ObjectMeta.Child(slice, "status");
        var old = status["conditions"];
        var now = plane.Time.GetUtcNow();
        var (exportCluster, exportName, export) = ExportReference.Resolve(plane, cluster, slice["spec"]?["export"]);
        var endpoints = new JsonArray();
        if (export is null || exportCluster is null)
        {
            status["conditions"] = new JsonArray(
                Conditions.Make(old, "APIExportValid", false, "APIExportNotFound", $"APIExport {exportName} not found", now),
                Conditions.Make(old, "PartitionValid", true, null, null, now));
        }
        else
        {
            var label = KcpHashes.ExportLabel(exportCluster.Name, exportName);
            var bindings = new StorageKey(KcpGroups.Apis, "apibindings");
            foreach (var shard in plane.Shards)
            {
                if (shard.Store.List(bindings, null, null).Items.Any(b => b.GetLabel(KcpGroups.ExportLabel) == label))
                {
                    endpoints.Add(new JsonObject { ["url"] = $"{shard.VirtualWorkspaceUrl}/services/apiexport/{exportCluster.Name}/{exportName}" });
                }
            }

            status["conditions"] = new JsonArray(
                Conditions.Make(old, "APIExportValid", true, null, null, now),
                Conditions.Make(old, "PartitionValid", true, null, null, now));
        }

        status["shardSelector"] = "";
        status["endpoints"] = endpoints;
        plane.Resources.Update(cluster, resource, "", name, slice, "status", @internal: true);
        return Task.FromResult<TimeSpan?>(null);
    }
}
