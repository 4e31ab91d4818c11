using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Tests;

/// <summary>Schemas, exports and bindings used across tests.</summary>
public static class TestObjects
{
    public static JsonObject WidgetSchema(string scope = "Namespaced") => (JsonObject)JsonNode.Parse($$"""
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "required": ["size"],
              "properties": {
                "size": {"type": "integer", "minimum": 1, "maximum": 10},
                "color": {"type": "string", "enum": ["red", "blue"], "default": "red"},
                "name": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2},
                "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
              }
            },
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
          }
        }
        """)!;

    public static JsonObject Crd(string group = "crd.example.io", string plural = "gadgets", string kind = "Gadget", string scope = "Namespaced") => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = group,
            ["names"] = new JsonObject { ["plural"] = plural, ["singular"] = kind.ToLowerInvariant(), ["kind"] = kind, ["listKind"] = kind + "List" },
            ["scope"] = scope,
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = WidgetSchema() },
            }),
        },
    };

    public static JsonObject ResourceSchema(string prefix = "v1", string group = "example.io", string plural = "widgets", string kind = "Widget") => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha1",
        ["kind"] = "APIResourceSchema",
        ["metadata"] = new JsonObject { ["name"] = $"{prefix}.{plural}.{group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = group,
            ["names"] = new JsonObject { ["plural"] = plural, ["singular"] = kind.ToLowerInvariant(), ["kind"] = kind, ["listKind"] = kind + "List" },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1alpha1",
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["schema"] = WidgetSchema(),
            }),
        },
    };

    public static JsonObject Export(string name, string schema, bool claimSecrets = true) => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha2",
        ["kind"] = "APIExport",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["resources"] = new JsonArray(new JsonObject { ["group"] = "example.io", ["name"] = "widgets", ["schema"] = schema, ["storage"] = new JsonObject { ["crd"] = new JsonObject() } }),
            ["permissionClaims"] = claimSecrets
                ? new JsonArray(new JsonObject { ["group"] = "", ["resource"] = "secrets", ["verbs"] = new JsonArray("get", "list", "watch", "create") })
                : new JsonArray(),
        },
    };

    public static JsonArray AcceptSecrets() => new(new JsonObject
    {
        ["group"] = "",
        ["resource"] = "secrets",
        ["verbs"] = new JsonArray("*"),
        ["selector"] = new JsonObject { ["matchAll"] = true },
        ["state"] = "Accepted",
    });

    public static JsonObject Widget(string name, int size = 3, string ns = "default") => new()
    {
        ["apiVersion"] = "example.io/v1alpha1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["size"] = size },
    };
}
