using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Hosting;

/// <summary>
/// Finds the resources the broker brokers: the named exports, or else every export of the platform
/// workspace except the broker's own (its resources are in the broker's group), each resource at the
/// storage version of its APIResourceSchema.
/// </summary>
public static class BrokeredResourceDiscovery
{
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);
    private static readonly GroupVersionResource Schemas = new("apis.kcp.io", "v1alpha1", "apiresourceschemas", Namespaced: false);

    public static async Task<IReadOnlyList<DiscoveredResource>> DiscoverAsync(
        ClusterClient platform, IReadOnlyList<string> exports, CancellationToken cancellationToken)
    {
        IEnumerable<JsonObject> candidates;
        if (exports.Count > 0)
        {
            var named = new List<JsonObject>();
            foreach (var name in exports)
            {
                try
                {
                    named.Add(await platform.GetAsync(ApiExports, null, name, cancellationToken));
                }
                catch (NotFoundException e)
                {
                    throw new InvalidOperationException($"--brokered-export {name}: no APIExport of that name in {platform.Cluster}", e);
                }
            }

            candidates = named;
        }
        else
        {
            candidates = (await platform.ListAllAsync(ApiExports, null, null, cancellationToken)).Items;
        }

        var result = new List<DiscoveredResource>();
        foreach (var export in candidates)
        {
            var claimsSecrets = (export["spec"]?["permissionClaims"] as JsonArray ?? []).OfType<JsonObject>()
                .Any(c => (string?)c["resource"] == "secrets" && (string?)c["group"] is null or "");
            foreach (var resource in (export["spec"]?["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var group = (string?)resource["group"] ?? "";
                if (group == BrokerGroup.Name || (string?)resource["schema"] is not { } schemaName)
                {
                    continue;
                }

                var schema = await platform.GetAsync(Schemas, null, schemaName, cancellationToken);
                var versions = (schema["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var version = versions.FirstOrDefault(v => (bool?)v["storage"] == true) ?? versions.FirstOrDefault();
                if (version is null)
                {
                    continue;
                }

                var namespaced = (string?)schema["spec"]?["scope"] != "Cluster";
                result.Add(new DiscoveredResource(KubeObject.Name(export), new GroupVersionResource(group, (string)version["name"]!, (string)resource["name"]!, namespaced), claimsSecrets));
            }
        }

        return result;
    }
}
