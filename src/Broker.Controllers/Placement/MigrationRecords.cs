using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Runtime.Cache;
using GroupVersionResource = Broker.Kcp.Models.GroupVersionResource;

namespace Broker.Controllers.Placement;

/// <summary>
/// Records a move as a Migration when a MigrationConfiguration covers the object's kind (from/to GVK), so
/// operators see it progress to CutoverCompleted. Running stages is later work: a configuration with
/// stages leaves the Migration waiting with a condition that says so, and the move does not cut over.
/// </summary>
public sealed class MigrationRecords(ClusterClient platform, ObjectStore configurations, TimeProvider time)
{
    public static readonly GroupVersionResource Configurations = new("broker.platform-mesh.io", "v1alpha1", "migrationconfigurations");
    private static readonly GroupVersionResource Migrations = new("broker.platform-mesh.io", "v1alpha1", "migrations");

    /// <summary>The configuration for moving objects of this kind, or null when none covers it.</summary>
    public MigrationConfiguration? Find(JsonObject consumer)
    {
        var apiVersion = (string?)consumer["apiVersion"] ?? "";
        var kind = (string?)consumer["kind"] ?? "";
        return configurations.Snapshot.All
            .Select(c => JsonSerializer.Deserialize(c.Utf8Json.Span, BrokerJsonContext.Default.MigrationConfiguration)!)
            .Where(c => c.Spec.From.ApiVersion == apiVersion && c.Spec.From.Kind == kind && c.Spec.To.ApiVersion == apiVersion && c.Spec.To.Kind == kind)
            .OrderBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Creates or advances the Migration of this move to <paramref name="state"/>; no write when it is already there.</summary>
    public async Task RecordAsync(
        string placementName, JsonObject consumer, ProviderReference from, ProviderReference to, string state, Condition? condition, CancellationToken cancellationToken)
    {
        var name = "m-" + BrokerNames.Hash(placementName, to.Cluster, to.ApiExportName);
        JsonObject migration;
        try
        {
            migration = await platform.GetAsync(Migrations, "default", name, cancellationToken);
        }
        catch (NotFoundException)
        {
            var gvk = Gvk(consumer);
            var record = new Migration
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "default" },
                Spec = new MigrationSpec
                {
                    // Staging clusters, never consumer names: Migrations live beside the Placements.
                    From = new MigrationRef { Gvk = gvk, Name = KubeName(consumer), Namespace = KubeNamespace(consumer), ClusterName = from.StagingWorkspace ?? from.Cluster },
                    To = new MigrationRef { Gvk = gvk, Name = KubeName(consumer), Namespace = KubeNamespace(consumer), ClusterName = to.StagingWorkspace ?? to.Cluster },
                },
            };
            migration = await platform.CreateAsync(Migrations, "default", JsonSerializer.SerializeToNode(record, BrokerJsonContext.Default.Migration)!.AsObject(), cancellationToken);
        }

        var status = new JsonObject { ["state"] = state };
        if (condition is not null)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = condition.Status,
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
                ["lastTransitionTime"] = (migration["status"]?["conditions"]?[0]?["lastTransitionTime"] as JsonValue)?.ToString() ?? time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        if (!JsonNode.DeepEquals(migration["status"], status))
        {
            migration["status"] = status;
            await platform.UpdateStatusAsync(Migrations, migration, cancellationToken);
        }
    }

    private static GroupVersionKind Gvk(JsonObject consumer)
    {
        var apiVersion = (string?)consumer["apiVersion"] ?? "";
        var slash = apiVersion.LastIndexOf('/');
        return new GroupVersionKind { Group = slash < 0 ? "" : apiVersion[..slash], Version = apiVersion[(slash + 1)..], Kind = (string?)consumer["kind"] ?? "" };
    }

    private static string KubeName(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    private static string? KubeNamespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"];
}
