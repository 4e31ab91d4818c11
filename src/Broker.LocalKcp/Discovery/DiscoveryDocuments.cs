using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Discovery;

/// <summary>
/// Legacy (unaggregated) discovery documents: APIVersions, APIGroupList, APIGroup, APIResourceList.
/// kubectl asks for aggregated discovery first and falls back to these when the content type says so.
/// </summary>
public static class DiscoveryDocuments
{
    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ClusterApis apis) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. apis.Groups().Select(g => (JsonNode)Group(g.Group, g.Versions))]),
    };

    public static JsonObject? Group(ClusterApis apis, string group) =>
        apis.Groups().FirstOrDefault(g => g.Group == group) is { Group: not null } found ? Group(found.Group, found.Versions) : null;

    public static JsonObject Group(string group, IReadOnlyList<string> versions)
    {
        var ordered = versions.OrderBy(v => v, KubeVersionComparer.Instance).ToList();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. ordered.Select(v => (JsonNode)GroupVersion(group, v))]),
            ["preferredVersion"] = GroupVersion(group, ordered[0]),
        };
    }

    /// <summary>The APIResourceList of one group version, or null when the workspace does not serve it.</summary>
    public static JsonObject? ResourceList(ClusterApis apis, string group, string version)
    {
        var resources = apis.Resources.Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0 && !(group.Length == 0 && version == "v1"))
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var resource in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = new JsonArray([.. resource.Verbs.Select(v => (JsonNode)v)]),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. resource.ShortNames.Select(v => (JsonNode)v)]);
            }

            if (resource.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray([.. resource.Categories.Select(v => (JsonNode)v)]);
            }

            list.Add(entry);
            if (resource.HasStatus)
            {
                list.Add(new JsonObject
                {
                    ["name"] = resource.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = resource.Kind,
                    ["verbs"] = resource.ReadOnly ? new JsonArray("get") : new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    private static JsonObject GroupVersion(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
}
