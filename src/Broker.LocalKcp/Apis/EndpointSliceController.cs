using System.Text.Json.Nodes;
using Broker.LocalKcp.Controllers;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Watch;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// APIExportEndpointSlice: APIExportValid, and one endpoint URL per shard that hosts at least one
/// APIBinding to the export (none before the first binding), as kcp's URL controller does.
/// </summary>
internal sealed class EndpointSliceController(ControlPlane plane) : Controller
{
    private readonly BindingsByExport _bindings = new(plane.Shards);

    public override StorageKey Primary { get; } = new(KcpGroups.Apis, "apiexportendpointslices");

    public override bool ResyncOn(StorageKey resource) => resource == new StorageKey(KcpGroups.Apis, "apiexports");

    // A binding matters only when a shard gains its first or loses its last binding to an export.
    public override bool ResyncOn(WatchEvent e) => ResyncOn(e.Resource) || (e.Resource == new StorageKey(KcpGroups.Apis, "apibindings") && _bindings.TakeChanged());

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
            foreach (var shard in plane.Shards)
            {
                if (_bindings.Hosts(shard.Name, label))
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
