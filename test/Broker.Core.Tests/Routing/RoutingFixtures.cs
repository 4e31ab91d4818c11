using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;

namespace Broker.Core.Tests.Routing;

/// <summary>Small builders so routing tests read as data.</summary>
internal static class RoutingFixtures
{
    public static readonly GvrKey Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");

    public static AcceptApi AcceptApi(string name, string filtersJson = "[]", int? priority = null, string resource = "certificates", string? ns = "default")
    {
        var json = new JsonObject
        {
            ["apiVersion"] = BrokerGroup.ApiVersion,
            ["kind"] = "AcceptAPI",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["gvr"] = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["resource"] = resource },
                ["apiExportName"] = "certificates",
                ["filters"] = JsonNode.Parse(filtersJson),
                ["priority"] = priority,
            },
        };
        return json.Deserialize(BrokerJsonContext.Default.AcceptApi)!;
    }

    public static CompiledAcceptApi Compile(AcceptApi acceptApi, string providerCluster, string? path = null)
    {
        var compilation = AcceptApiCompiler.Compile(acceptApi, new ProviderIdentity(providerCluster, path));
        compilation.Problems.ShouldBeEmpty();
        return compilation.Compiled!;
    }

    public static CompiledAcceptApi Compiled(string providerCluster, string filtersJson = "[]", int? priority = null, string name = "accept") =>
        Compile(AcceptApi(name, filtersJson, priority), providerCluster, $"root:providers:{providerCluster}");

    public static JsonElement Object(string specJson, string name = "cert", string ns = "default", string? metadataExtra = null) =>
        JsonDocument.Parse($$"""{"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","metadata":{"name":"{{name}}","namespace":"{{ns}}"{{(metadataExtra is null ? "" : "," + metadataExtra)}}},"spec":{{specJson}}}""").RootElement;

    public static RoutingRequest Request(JsonElement obj, CurrentPlacement? current = null, string consumer = "consumer1") =>
        new(consumer, Certificates, obj, current);
}
