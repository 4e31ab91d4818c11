using System.Text.Json.Nodes;
using Broker.LocalKcp.Controllers;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// APIBinding: "" → Binding → Bound. Resolves the export, records status.apiExportClusterName,
/// boundResources (schema name, UID, identityHash), export and applied permission claims and the
/// conditions (Ready summarises InitialBindingCompleted, which stays true once reached).
/// </summary>
internal sealed class ApiBindingController(ControlPlane plane) : Controller
{
    public override StorageKey Primary { get; } = new(KcpGroups.Apis, "apibindings");

    public override bool ResyncOn(StorageKey resource) =>
        resource == new StorageKey(KcpGroups.Apis, "apiexports") || resource == new StorageKey(KcpGroups.Apis, "apiresourceschemas");

    public override Task<TimeSpan?> ReconcileAsync(LogicalClusterInfo cluster, string name, CancellationToken cancellationToken)
    {
        var resource = plane.Resource(cluster, KcpGroups.Apis, "v1alpha2", "apibindings");
        if (plane.Resources.TryGet(cluster, resource, "", name) is not { } stored)
        {
            return Done;
        }

        var binding = stored.ToJsonObject();
        if (ObjectMeta.GetString(binding, "metadata", "deletionTimestamp") is not null)
        {
            return Done;
        }

        var status = ObjectMeta.Child(binding, "status");
        var phase = ObjectMeta.GetString(status, "phase") ?? "";
        var now = plane.Time.GetUtcNow();
        var old = status["conditions"];
        var (exportCluster, exportName, export) = ExportReference.Resolve(plane, cluster, binding["spec"]?["reference"]?["export"]);
        if (phase.Length == 0)
        {
            status["phase"] = "Binding";
            plane.Resources.Update(cluster, resource, "", name, binding, "status", @internal: true);
            return Done;
        }

        var identity = ObjectMeta.GetString(export, "status", "identityHash");
        if (export is null || exportCluster is null || identity is null)
        {
            var completed = IsTrue(old, "InitialBindingCompleted");
            status["conditions"] = new JsonArray(
                Conditions.Make(old, "APIExportValid", false, "APIExportNotFound", $"APIExport {exportName} not found", now),
                Conditions.Make(old, "InitialBindingCompleted", completed, completed ? null : "WaitingForEstablished", null, now),
                Conditions.Make(old, "Ready", completed, completed ? null : "WaitingForEstablished", null, now));
            plane.Resources.Update(cluster, resource, "", name, binding, "status", @internal: true);
            return Done;
        }

        var bound = BoundResources(exportCluster, export, identity);
        var exportClaims = export["spec"]?["permissionClaims"]?.DeepClone() as JsonArray ?? [];
        status["apiExportClusterName"] = exportCluster.Name;
        status["phase"] = "Bound";
        status["boundResources"] = bound;
        status["exportPermissionClaims"] = exportClaims;
        status["appliedPermissionClaims"] = new JsonArray([.. AcceptedClaims(binding, exportClaims).Select(c => (JsonNode)c)]);
        status["conditions"] = new JsonArray(
            Conditions.Make(old, "APIExportValid", true, null, null, now),
            Conditions.Make(old, "BindingUpToDate", true, null, null, now),
            Conditions.Make(old, "InitialBindingCompleted", true, null, null, now),
            Conditions.Make(old, "PermissionClaimsApplied", true, null, null, now),
            Conditions.Make(old, "PermissionClaimsValid", true, null, null, now),
            Conditions.Make(old, "Ready", true, null, null, now));
        plane.Resources.Update(cluster, resource, "", name, binding, "status", @internal: true);
        return Done;
    }

    /// <summary>Claims the consumer accepted that the export actually makes.</summary>
    public static IEnumerable<JsonObject> AcceptedClaims(JsonObject binding, JsonArray exportClaims) =>
        (binding["spec"]?["permissionClaims"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(c => ObjectMeta.GetString(c, "state") == "Accepted")
            .Where(c => exportClaims.OfType<JsonObject>().Any(e =>
                (ObjectMeta.GetString(e, "group") ?? "") == (ObjectMeta.GetString(c, "group") ?? "")
                && ObjectMeta.GetString(e, "resource") == ObjectMeta.GetString(c, "resource")))
            .Select(c =>
            {
                var applied = (JsonObject)c.DeepClone();
                applied.Remove("state");
                return applied;
            });

    private JsonArray BoundResources(LogicalClusterInfo exportCluster, JsonObject export, string identity)
    {
        var bound = new JsonArray();
        foreach (var entry in (export["spec"]?["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var schemaName = ObjectMeta.GetString(entry, "schema") ?? "";
            var schema = plane.Catalog.FindSchema(exportCluster.Name, schemaName);
            if (schema is null)
            {
                continue;
            }

            var storageVersions = (schema["spec"]?["versions"] as JsonArray ?? [])
                .Where(v => v?["storage"]?.GetValue<bool>() == true)
                .Select(v => (JsonNode?)JsonValue.Create(ObjectMeta.GetString(v, "name")));
            bound.Add(new JsonObject
            {
                ["group"] = ObjectMeta.GetString(entry, "group") ?? "",
                ["resource"] = ObjectMeta.GetString(entry, "name"),
                ["schema"] = new JsonObject
                {
                    ["name"] = schemaName,
                    ["UID"] = ObjectMeta.GetString(schema, "metadata", "uid"),
                    ["identityHash"] = identity,
                },
                ["storageVersions"] = new JsonArray([.. storageVersions]),
            });
        }

        return bound;
    }

    private static Task<TimeSpan?> Done => Task.FromResult<TimeSpan?>(null);

    private static bool IsTrue(JsonNode? conditions, string type) =>
        (conditions as JsonArray)?.OfType<JsonObject>().Any(c => ObjectMeta.GetString(c, "type") == type && ObjectMeta.GetString(c, "status") == "True") == true;
}
