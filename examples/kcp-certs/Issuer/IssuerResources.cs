using Broker.Core.Api.Example;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace KcpCerts.Issuer;

/// <summary>The resources the issuer touches and the names it stamps on them.</summary>
internal static class IssuerResources
{
    public static readonly GroupVersionResource Certificates = new(Certificate.Group, Certificate.Version, "certificates");

    /// <summary>Reached through the export's permission claim on core secrets.</summary>
    public static readonly GroupVersionResource Secrets = new("", "v1", "secrets");

    /// <summary>Held on every Certificate the issuer has seen, so deleting one removes its Secret first.</summary>
    public const string Finalizer = "kcp-certs.example.platform-mesh.io/issuer";

    /// <summary>On the Secrets the issuer writes; the value is the Certificate's name. Marks them as ours.</summary>
    public const string CertificateLabel = "kcp-certs.example.platform-mesh.io/certificate";

    public const string ReadyCondition = "Ready";
}
