using System.Text.Json.Nodes;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Workspaces;

namespace Broker.Testing.Client;

/// <summary>An APIExport of <c>widgets.example.io/v1alpha1</c> in a provider workspace, and consumers bound to it:
/// the smallest kcp setup in which a client can list and watch through a virtual workspace.</summary>
public sealed class WidgetExport
{
    public const string Group = "example.io";
    public const string Version = "v1alpha1";
    public const string Resource = "widgets";

    private WidgetExport(LocalKcpFixture kcp, LogicalClusterInfo provider, string exportName)
    {
        Kcp = kcp;
        Provider = provider;
        ExportName = exportName;
    }

    public LocalKcpFixture Kcp { get; }

    public LogicalClusterInfo Provider { get; }

    public string ExportName { get; }

    /// <summary>Creates the provider workspace, the schema and the export (kcp creates the endpoint slice of the same name).</summary>
    public static async Task<WidgetExport> CreateAsync(LocalKcpFixture kcp, string providerPath, string exportName, CancellationToken cancellationToken)
    {
        var provider = await kcp.Bootstrap.CreateWorkspaceAsync(providerPath, cancellationToken);
        var schemaName = $"v1.{Resource}.{Group}";
        kcp.Bootstrap.Apply(provider, Schema(schemaName));
        kcp.Bootstrap.Apply(provider, Export(exportName, schemaName));
        return new WidgetExport(kcp, provider, exportName);
    }

    /// <summary>Creates a consumer workspace (on <paramref name="shard"/> if given) and binds it; returns it once Bound.</summary>
    public async Task<LogicalClusterInfo> BindConsumerAsync(string path, CancellationToken cancellationToken, string? shard = null, string? bindingName = null)
    {
        var consumer = await Kcp.Bootstrap.CreateWorkspaceAsync(path, cancellationToken, shard);
        await Kcp.Bootstrap.BindAsync(consumer, Provider.Path, ExportName, cancellationToken, bindingName);
        return consumer;
    }

    public static JsonObject Widget(string name, int size = 3, string ns = "default", string? padding = null)
    {
        var spec = new JsonObject { ["size"] = size };
        if (padding is not null)
        {
            spec["extra"] = new JsonObject { ["note"] = padding };
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "bench" } },
            ["spec"] = spec,
        };
    }

    private static JsonObject Schema(string name) => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha1",
        ["kind"] = "APIResourceSchema",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["group"] = Group,
            ["names"] = new JsonObject { ["plural"] = Resource, ["singular"] = "widget", ["kind"] = "Widget", ["listKind"] = "WidgetList" },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = Version,
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["schema"] = JsonNode.Parse("""
                    {"type":"object","properties":{
                      "spec":{"type":"object","properties":{"size":{"type":"integer"},"extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
                      "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
                    """),
            }),
        },
    };

    private static JsonObject Export(string name, string schema) => new()
    {
        ["apiVersion"] = "apis.kcp.io/v1alpha2",
        ["kind"] = "APIExport",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["resources"] = new JsonArray(new JsonObject
            {
                ["group"] = Group, ["name"] = Resource, ["schema"] = schema, ["storage"] = new JsonObject { ["crd"] = new JsonObject() },
            }),
        },
    };
}
