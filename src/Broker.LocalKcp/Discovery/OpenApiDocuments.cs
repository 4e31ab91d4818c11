using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Discovery;

/// <summary>
/// OpenAPI v3 (index and per group-version documents) and v2 as JSON, enough for kubectl: explain finds
/// the schema by x-kubernetes-group-version-kind, and apply sees the fieldValidation parameter on PATCH and
/// so leaves validation to the server.
/// </summary>
public static class OpenApiDocuments
{
    public static JsonObject V3Index(ClusterApis apis, string pathPrefix)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in apis.Resources.Select(r => (r.Group, r.Version)).Distinct())
        {
            var key = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            var hash = Hash(V3GroupVersion(apis, group, version));
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"{pathPrefix}/openapi/v3/{key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject V3GroupVersion(ClusterApis apis, string group, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var resource in apis.Resources.Where(r => r.Group == group && r.Version == version))
        {
            var schemaName = SchemaName(resource);
            schemas[schemaName] = Schema(resource);
            var gvk = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = resource.Kind };
            var root = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var collection = resource.Namespaced ? $"{root}/namespaces/{{namespace}}/{resource.Plural}" : $"{root}/{resource.Plural}";
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(gvk, "list", schemaName),
                ["post"] = Operation(gvk, "create", schemaName),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(gvk, "get", schemaName),
                ["put"] = Operation(gvk, "update", schemaName),
                ["patch"] = Operation(gvk, "patch", schemaName),
                ["delete"] = Operation(gvk, "delete", schemaName),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public static JsonObject V2(ClusterApis apis)
    {
        var definitions = new JsonObject();
        foreach (var resource in apis.Resources)
        {
            definitions[SchemaName(resource)] = Schema(resource);
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    private static JsonObject Operation(JsonObject gvk, string action, string schemaName)
    {
        var parameters = new JsonArray();
        if (action is "create" or "update" or "patch")
        {
            parameters.Add(new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
            parameters.Add(new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        return new JsonObject
        {
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject
                    {
                        ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" } },
                    },
                },
            },
        };
    }

    private static JsonObject Schema(ApiResource resource)
    {
        var schema = resource.Schema?.DeepClone() as JsonObject ?? new JsonObject
        {
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        };
        schema["type"] ??= "object";
        schema["description"] ??= $"{resource.Kind} ({resource.GroupVersion}) served by LocalKcp.";
        var properties = ObjectMeta.Child(schema, "properties");
        properties["apiVersion"] ??= new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
        properties["kind"] ??= new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
        properties["metadata"] ??= new JsonObject { ["type"] = "object", ["description"] = "Standard object's metadata." };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = resource.Group,
            ["kind"] = resource.Kind,
            ["version"] = resource.Version,
        });
        return schema;
    }

    private static string SchemaName(ApiResource resource)
    {
        var group = resource.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', resource.Group.Split('.').Reverse());
        return $"{group}.{resource.Version}.{resource.Kind}";
    }

    private static string Hash(JsonObject document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..32];
}
