using System.Security.Cryptography;
using System.Text;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Controllers.Naming;

/// <summary>
/// Names the broker gives to the objects it creates. Hashes keep consumer identities out of anything
/// a provider can see (design invariant 5) and keep names unique and DNS-safe.
/// </summary>
public static class BrokerNames
{
    public const string Prefix = "broker.platform-mesh.io/";

    /// <summary>On staging workspaces, so a garbage-collection pass can tell them from other workspaces.</summary>
    public const string StagingLabel = Prefix + "staging";

    /// <summary>On related-object copies in the consumer's namespace: which brokered object they belong to (a hash).</summary>
    public const string OwnerLabel = Prefix + "owner";

    public const string ProviderLabel = Prefix + "provider";

    /// <summary>12 hex characters of SHA-256, as upstream names its copies.</summary>
    public static string Hash(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0000', parts)));
        return Convert.ToHexStringLower(bytes)[..12];
    }

    /// <summary>One Placement per brokered object: p-&lt;hash(consumer cluster, group, resource, namespace, name)&gt;.</summary>
    public static string Placement(string consumerCluster, GroupVersionResource gvr, string ns, string name) =>
        "p-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0000', consumerCluster, gvr.Group, gvr.Resource, ns, name))))[..20];

    /// <summary>One staging workspace per (consumer cluster, provider cluster, provider export).</summary>
    public static string StagingWorkspace(string consumerCluster, string providerCluster, string exportName) =>
        $"staging-{Hash(consumerCluster)}-{Hash(providerCluster)}-{Hash(exportName)}";

    /// <summary>The label value that ties related-object copies to their brokered object.</summary>
    public static string OwnerValue(GroupVersionResource gvr, string ns, string name) => Hash(gvr.Group, gvr.Resource, ns, name);

    /// <summary>Labels and annotations the broker and kcp own; never copied to providers.</summary>
    public static bool IsSystemKey(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal)
        || key.StartsWith("kcp.io/", StringComparison.Ordinal)
        || key.Contains(".kcp.io/", StringComparison.Ordinal)
        || key == "kubectl.kubernetes.io/last-applied-configuration";
}
