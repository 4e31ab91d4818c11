using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Controllers.Staging;

/// <summary>
/// What the cache of the staging root's Workspaces keeps of each (the store's transform): what <see cref="StagingWorkspaces"/>
/// and its reconciler read, which is the name, deletionTimestamp, spec.cluster and status.phase, with the resourceVersion
/// and logical cluster every cached object carries. A Workspace also has its owner annotation, shard, type, URL, finalizer
/// and conditions: about 1.1 KiB, of which this keeps about a third, for each staging workspace (at scale about one per
/// brokered object). The reconciler creates and deletes Workspaces by name and never writes one back from the cache.
/// </summary>
internal static class CachedWorkspace
{
    private static readonly string[] Metadata = ["name", "resourceVersion", "deletionTimestamp"];

    public static JsonObject Kept(JsonObject workspace)
    {
        var metadata = Fields(workspace["metadata"], Metadata);
        metadata["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = KubeObject.Cluster(workspace) };
        return new JsonObject
        {
            ["apiVersion"] = workspace["apiVersion"]?.DeepClone(),
            ["kind"] = workspace["kind"]?.DeepClone(),
            ["metadata"] = metadata,
            ["spec"] = Fields(workspace["spec"], "cluster"),
            ["status"] = Fields(workspace["status"], "phase"),
        };
    }

    private static JsonObject Fields(JsonNode? from, params string[] fields)
    {
        var kept = new JsonObject();
        foreach (var field in fields)
        {
            if (from?[field] is { } value)
            {
                kept[field] = value.DeepClone();
            }
        }

        return kept;
    }
}
