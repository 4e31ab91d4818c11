using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Demo;

/// <summary>The REST resource of each kind the demo applies; kcp and the broker have no discovery-free alternative.</summary>
internal static class ManifestKinds
{
    private static readonly Dictionary<string, (string Plural, bool Namespaced)> Kinds = new(StringComparer.Ordinal)
    {
        ["APIResourceSchema"] = ("apiresourceschemas", false),
        ["APIExport"] = ("apiexports", false),
        ["APIBinding"] = ("apibindings", false),
        ["AcceptAPI"] = ("acceptapis", true),
        ["Certificate"] = ("certificates", true),
        ["Namespace"] = ("namespaces", false),
        ["ClusterRole"] = ("clusterroles", false),
        ["ClusterRoleBinding"] = ("clusterrolebindings", false),
    };

    public static GroupVersionResource ResourceOf(JsonObject manifest)
    {
        var apiVersion = manifest["apiVersion"]?.GetValue<string>() ?? throw new InvalidDataException("A manifest needs apiVersion");
        var kind = manifest["kind"]?.GetValue<string>() ?? throw new InvalidDataException("A manifest needs kind");
        if (!Kinds.TryGetValue(kind, out var resource))
        {
            throw new InvalidDataException($"The demo does not know how to apply kind {kind} ({apiVersion})");
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return new GroupVersionResource(group, version, resource.Plural, resource.Namespaced);
    }
}
