using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Yaml;

namespace Broker.Core.Api.Schema;

/// <summary>
/// Renders the catalog as kcp manifests: one APIResourceSchema per kind and one APIExport per export.
/// Schema names carry a hash of their content (as api-syncagent does), because APIResourceSchemas are
/// immutable: a changed schema is a new object, and the export moves to it.
/// </summary>
public static class KcpManifestGenerator
{
    public static IReadOnlyDictionary<string, string> Generate()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var schemaNames = new Dictionary<string, (string Group, string Name)>(StringComparer.Ordinal);
        foreach (var resource in ApiCatalog.Resources)
        {
            var schema = ApiResourceSchema(resource);
            schemaNames[resource.Plural] = (resource.Group, (string)schema["metadata"]!["name"]!);
            files[$"apiresourceschema-{resource.Plural}.yaml"] = Header + YamlJson.Write(schema);
        }

        foreach (var export in ApiCatalog.Exports)
        {
            files[$"apiexport-{export.Name}.yaml"] = Header + YamlJson.Write(ApiExport(export, schemaNames));
        }

        return files;
    }

    private const string Header = "# Generated from the C# types in src/Broker.Core/Api by KcpManifestGenerator; do not edit.\n# Regenerate with hack/update-generated.sh.\n";

    private static JsonObject ApiResourceSchema(ResourceDefinition resource)
    {
        var version = new JsonObject
        {
            ["name"] = resource.Version,
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = OpenApiSchemaGenerator.ForRoot(resource.Type),
        };
        if (resource.HasStatus)
        {
            version["subresources"] = new JsonObject { ["status"] = new JsonObject() };
        }

        version["additionalPrinterColumns"] = new JsonArray(resource.Columns.Select(PrinterColumnJson).ToArray());

        var names = new JsonObject
        {
            ["kind"] = resource.Kind,
            ["listKind"] = resource.Kind + "List",
            ["plural"] = resource.Plural,
            ["singular"] = resource.Singular,
        };
        if (resource.ShortNames is { Count: > 0 } shortNames)
        {
            names["shortNames"] = new JsonArray(shortNames.Select(n => (JsonNode?)n).ToArray());
        }

        if (resource.Categories is { Count: > 0 } categories)
        {
            names["categories"] = new JsonArray(categories.Select(n => (JsonNode?)n).ToArray());
        }

        var spec = new JsonObject
        {
            ["group"] = resource.Group,
            ["names"] = names,
            ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
            ["versions"] = new JsonArray(version),
        };
        var name = $"v{ContentHash(spec)}.{resource.Plural}.{(resource.Group.Length == 0 ? "core" : resource.Group)}";
        return new JsonObject
        {
            ["apiVersion"] = "apis.kcp.io/v1alpha1",
            ["kind"] = "APIResourceSchema",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    private static JsonObject ApiExport(ExportDefinition export, Dictionary<string, (string Group, string Name)> schemas)
    {
        var resources = new JsonArray();
        foreach (var plural in export.Resources)
        {
            var (group, schemaName) = schemas[plural];
            resources.Add(new JsonObject
            {
                ["group"] = group,
                ["name"] = plural,
                ["schema"] = schemaName,
                ["storage"] = new JsonObject { ["crd"] = new JsonObject() },
            });
        }

        var spec = new JsonObject { ["resources"] = resources };
        if (export.Claims.Count > 0)
        {
            spec["permissionClaims"] = new JsonArray(export.Claims.Select(c => (JsonNode?)new JsonObject
            {
                ["group"] = c.Group,
                ["resource"] = c.Resource,
                ["verbs"] = new JsonArray(c.Verbs.Select(v => (JsonNode?)v).ToArray()),
            }).ToArray());
        }

        return new JsonObject
        {
            ["apiVersion"] = "apis.kcp.io/v1alpha2",
            ["kind"] = "APIExport",
            ["metadata"] = new JsonObject { ["name"] = export.Name },
            ["spec"] = spec,
        };
    }

    private static JsonNode PrinterColumnJson(PrinterColumn column)
    {
        var json = new JsonObject { ["name"] = column.Name, ["type"] = column.Type, ["jsonPath"] = column.JsonPath };
        if (column.Description is { } description)
        {
            json["description"] = description;
        }

        if (column.Priority != 0)
        {
            json["priority"] = column.Priority;
        }

        return json;
    }

    private static string ContentHash(JsonNode node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())))[..8];
}
