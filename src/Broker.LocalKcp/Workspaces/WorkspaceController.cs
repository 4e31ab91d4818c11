using System.Text.Json.Nodes;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Controllers;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Workspaces;

/// <summary>
/// Schedules Workspaces: picks a shard (location selector name=&lt;shard&gt;, else the least used), creates
/// the child logical cluster with its LogicalCluster and default namespace, then sets spec.cluster,
/// spec.URL and phase Ready. On deletion it removes the logical cluster and then the finalizer.
/// </summary>
internal sealed class WorkspaceController(ControlPlane plane) : Controller
{
    public override StorageKey Primary { get; } = new(KcpGroups.Tenancy, "workspaces");

    public override Task<TimeSpan?> ReconcileAsync(LogicalClusterInfo cluster, string name, CancellationToken cancellationToken)
    {
        var resource = plane.Resource(cluster, KcpGroups.Tenancy, "v1alpha1", "workspaces");
        if (plane.Resources.TryGet(cluster, resource, "", name) is not { } stored)
        {
            return Task.FromResult<TimeSpan?>(null);
        }

        var workspace = stored.ToJsonObject();
        var childName = ObjectMeta.GetString(workspace, "spec", "cluster");
        if (ObjectMeta.GetString(workspace, "metadata", "deletionTimestamp") is not null)
        {
            Finalize(cluster, resource, workspace, childName);
            return Task.FromResult<TimeSpan?>(null);
        }

        if (childName is not null)
        {
            if (ObjectMeta.GetString(workspace, "status", "phase") == "Initializing")
            {
                SetPhase(workspace, "Ready", initialized: true);
                plane.Resources.Update(cluster, resource, "", name, workspace, null, @internal: true);
            }

            return Task.FromResult<TimeSpan?>(null);
        }

        var created = DateTimeOffset.TryParse(ObjectMeta.GetString(workspace, "metadata", "creationTimestamp"), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : plane.Time.GetUtcNow();
        var wait = plane.Options.WorkspaceSchedulingDelay - (plane.Time.GetUtcNow() - created);
        if (wait > TimeSpan.Zero)
        {
            // Stay in Scheduling for a moment so clients can observe the phase transition.
            return Task.FromResult<TimeSpan?>(wait);
        }

        var shard = ChooseShard(workspace);
        var path = $"{cluster.Path}:{name}";
        var clusterName = ClusterNames.NewName();
        var owner = new JsonObject
        {
            ["apiVersion"] = $"{KcpGroups.Tenancy}/v1alpha1",
            ["resource"] = "workspaces",
            ["name"] = name,
            ["cluster"] = cluster.Name,
            ["uid"] = ObjectMeta.GetString(workspace, "metadata", "uid"),
        };
        MakeOwnerAdmin(plane.CreateLogicalCluster(clusterName, path, shard, owner, ObjectMeta.Annotation(workspace, RequiredGroups.Annotation)), workspace);

        var spec = ObjectMeta.Child(workspace, "spec");
        spec["cluster"] = clusterName;
        spec["URL"] = $"{plane.Address.BaseUrl.TrimEnd('/')}/clusters/{path}";
        ObjectMeta.SetAnnotation(workspace, KcpGroups.ShardAnnotation, shard.Name);
        ObjectMeta.SetAnnotation(workspace, "internal.tenancy.kcp.io/cluster", clusterName);
        SetPhase(workspace, "Initializing", initialized: false);
        plane.Resources.Update(cluster, resource, "", name, workspace, null, @internal: true);

        // Initializing ends on the next pass (LocalKcp has no initializers to wait for).
        return Task.FromResult<TimeSpan?>(TimeSpan.FromMilliseconds(10));
    }

    /// <summary>kcp's logicalcluster controller: the creator's user name (not its groups) becomes cluster-admin in the new workspace.</summary>
    private void MakeOwnerAdmin(LogicalClusterInfo child, JsonObject workspace)
    {
        string? creator;
        try
        {
            creator = ObjectMeta.GetString(JsonNode.Parse(ObjectMeta.Annotation(workspace, KcpGroups.OwnerAnnotation) ?? "null"), "username");
        }
        catch (System.Text.Json.JsonException)
        {
            creator = null;
        }

        if (!string.IsNullOrEmpty(creator))
        {
            plane.Resources.Create(child, plane.Resource(child, RbacPolicy.Group, "v1", "clusterrolebindings"), null, BootstrapPolicy.WorkspaceAdmin(creator), @internal: true);
        }
    }

    private void SetPhase(JsonObject workspace, string phase, bool initialized)
    {
        ObjectMeta.SetLabel(workspace, KcpGroups.PhaseLabel, phase);
        var now = plane.Time.GetUtcNow();
        var conditions = workspace["status"]?["conditions"];
        workspace["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Conditions.Make(conditions, "WorkspaceScheduled", true, null, null, now),
                Conditions.Make(conditions, "WorkspaceInitialized", initialized, initialized ? null : "InitializerExists", null, now)),
        };
    }

    private void Finalize(LogicalClusterInfo cluster, Discovery.ApiResource resource, JsonObject workspace, string? childName)
    {
        if (childName is not null && plane.Clusters.TryGetByName(childName) is { } child)
        {
            plane.DeleteLogicalCluster(child);
        }

        ObjectMeta.Metadata(workspace)["finalizers"] = new JsonArray([.. ObjectMeta.Finalizers(workspace)
            .Where(f => f != WorkspaceAdmission.Finalizer).Select(f => (JsonNode)f)]);
        plane.Resources.Update(cluster, resource, "", ObjectMeta.Name(workspace), workspace, null, @internal: true);
    }

    private Shard ChooseShard(JsonObject workspace)
    {
        if (ObjectMeta.GetString(workspace, "spec", "location", "selector", "matchLabels", "name") is { } wanted
            && plane.Shards.FirstOrDefault(s => s.Name == wanted) is { } pinned)
        {
            return pinned;
        }

        var load = plane.Clusters.All.GroupBy(c => c.Shard).ToDictionary(g => g.Key, g => g.Count());
        return plane.Shards.OrderBy(s => load.GetValueOrDefault(s)).ThenBy(s => s.Index).First();
    }
}
