using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// APIExport v1alpha1 (spec.latestResourceSchemas, claims without verbs) to and from the storage
/// version v1alpha2 (spec.resources, claims with verbs).
/// </summary>
public sealed class ApiExportConverter : IVersionConverter
{
    public JsonObject ToStorage(JsonObject value, string fromVersion)
    {
        value["apiVersion"] = $"{KcpGroups.Apis}/v1alpha2";
        if (fromVersion != "v1alpha1" || value["spec"] is not JsonObject spec)
        {
            return value;
        }

        if (spec["latestResourceSchemas"] is JsonArray schemas)
        {
            spec.Remove("latestResourceSchemas");
            spec["resources"] = new JsonArray([.. schemas.Select(s => s?.GetValue<string>()).OfType<string>().Select(ResourceFromSchemaName)]);
        }

        ClaimConversion.ToV1Alpha2(spec["permissionClaims"] as JsonArray, withSelector: false);
        return value;
    }

    public JsonObject FromStorage(JsonObject value, string toVersion)
    {
        value["apiVersion"] = $"{KcpGroups.Apis}/{toVersion}";
        if (toVersion != "v1alpha1" || value["spec"] is not JsonObject spec)
        {
            return value;
        }

        if (spec["resources"] is JsonArray resources)
        {
            spec.Remove("resources");
            spec["latestResourceSchemas"] = new JsonArray([.. resources.Select(r => (JsonNode?)JsonValue.Create(r?["schema"]?.GetValue<string>()))]);
        }

        ClaimConversion.ToV1Alpha1(spec["permissionClaims"] as JsonArray);
        return value;
    }

    /// <summary>"prefix.plural.group" (group "core" meaning the core group) to a v1alpha2 resource entry.</summary>
    public static JsonObject ResourceFromSchemaName(string schemaName)
    {
        var parts = schemaName.Split('.', 3);
        var plural = parts.Length > 1 ? parts[1] : schemaName;
        var group = parts.Length > 2 ? parts[2] : "";
        return new JsonObject
        {
            ["group"] = group == "core" ? "" : group,
            ["name"] = plural,
            ["schema"] = schemaName,
            ["storage"] = new JsonObject { ["crd"] = new JsonObject() },
        };
    }
}
