namespace Broker.Kcp.Models;

/// <summary>Metadata keys kcp stamps on objects (kcp-api.md 1.3).</summary>
public static class KcpAnnotations
{
    /// <summary>Logical cluster name of the object; present on every object kcp returns.</summary>
    public const string Cluster = "kcp.io/cluster";

    /// <summary>Canonical workspace path, on LogicalCluster, APIExport and APIBinding.</summary>
    public const string Path = "kcp.io/path";
}
