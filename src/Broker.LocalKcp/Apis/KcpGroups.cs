namespace Broker.LocalKcp.Apis;

/// <summary>kcp's API group names and well-known annotation and label keys.</summary>
public static class KcpGroups
{
    public const string Apis = "apis.kcp.io";
    public const string Tenancy = "tenancy.kcp.io";
    public const string Core = "core.kcp.io";

    public const string ClusterAnnotation = "kcp.io/cluster";
    public const string PathAnnotation = "kcp.io/path";
    public const string ShardAnnotation = "core.kcp.io/shard";
    public const string OwnerAnnotation = "experimental.tenancy.kcp.io/owner";
    public const string TypeAnnotation = "internal.tenancy.kcp.io/type";
    public const string PhaseLabel = "tenancy.kcp.io/phase";
    public const string ExportLabel = "internal.apis.kcp.io/export";
    public const string SkipEndpointSliceAnnotation = "apiexports.apis.kcp.io/skip-endpointslice";
    public const string ClaimLabelPrefix = "claimed.internal.apis.kcp.io/";
}
