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
    public static string Hash(params ReadOnlySpan<string> parts) => HexOfSha256(parts, 12);

    /// <summary>One Placement per brokered object: p-&lt;hash(consumer cluster, group, resource, namespace, name)&gt;.</summary>
    public static string Placement(string consumerCluster, GroupVersionResource gvr, string ns, string name) =>
        "p-" + HexOfSha256([consumerCluster, gvr.Group, gvr.Resource, ns, name], 20);

    /// <summary>One staging workspace per (consumer cluster, provider cluster, provider export).</summary>
    public static string StagingWorkspace(string consumerCluster, string providerCluster, string exportName) =>
        $"staging-{Hash(consumerCluster)}-{Hash(providerCluster)}-{Hash(exportName)}";

    // The first hexDigits lower-case hex digits of SHA-256 over the parts' UTF-8 joined by NUL. Computed in a pooled buffer
    // (names are made on every pass): only the name itself is allocated.
    private static string HexOfSha256(ReadOnlySpan<string> parts, int hexDigits)
    {
        var length = parts.Length;
        foreach (var part in parts)
        {
            length += Encoding.UTF8.GetMaxByteCount(part.Length);
        }

        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    rented[written++] = 0;
                }

                written += Encoding.UTF8.GetBytes(parts[i], rented.AsSpan(written));
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(rented.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash[..(hexDigits / 2)]);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The label value that ties related-object copies to their brokered object.</summary>
    public static string OwnerValue(GroupVersionResource gvr, string ns, string name) => Hash(gvr.Group, gvr.Resource, ns, name);

    /// <summary>Labels and annotations the broker and kcp own; never copied to providers.</summary>
    public static bool IsSystemKey(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal)
        || key.StartsWith("kcp.io/", StringComparison.Ordinal)
        || key.Contains(".kcp.io/", StringComparison.Ordinal)
        || key == "kubectl.kubernetes.io/last-applied-configuration";
}
