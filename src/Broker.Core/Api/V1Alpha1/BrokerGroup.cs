namespace Broker.Core.Api.V1Alpha1;

/// <summary>The broker's API group and the names it writes on objects.</summary>
public static class BrokerGroup
{
    public const string Name = "broker.platform-mesh.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Name + "/" + Version;

    /// <summary>Upstream's way to name the provider's export, accepted when spec.apiExportName is empty.</summary>
    public const string ApiExportNameAnnotation = Name + "/kcp-apiexport-name";

    /// <summary>The finalizer the broker keeps on brokered consumer objects.</summary>
    public const string ConsumerFinalizer = Name + "/generic-finalizer";

    public const string KcpClusterAnnotation = "kcp.io/cluster";
    public const string KcpPathAnnotation = "kcp.io/path";
}
