using Broker.Kcp.Http;

namespace KcpCerts.Issuer;

/// <summary>How a <see cref="CertificateIssuer"/> runs.</summary>
/// <param name="Client">Credentials for the provider's own workspace (reads its endpoint slice) and its virtual workspaces.</param>
/// <param name="ExportWorkspacePath">The provider workspace holding the APIExport and its endpoint slice, e.g. <c>root:providers:internal-ca</c>.</param>
/// <param name="ExportName">The APIExport (and default endpoint slice) serving certificates.</param>
/// <param name="CaName">Common name of the issuing CA; it names the provider in every certificate it signs.</param>
/// <param name="IssueDelay">Simulated provisioning time between seeing a Certificate and issuing it; zero skips Provisioning.</param>
/// <param name="DataDirectory">Where the CA key and certificate are kept across restarts; null keeps them in memory only.</param>
public sealed record IssuerOptions(
    KcpClient Client,
    string ExportWorkspacePath,
    string ExportName = "certificates",
    string CaName = "example-ca",
    TimeSpan IssueDelay = default,
    string? DataDirectory = null)
{
    /// <summary>Validity of issued certificates. Default 90 days.</summary>
    public TimeSpan CertificateLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>A certificate closer than this to its expiry is reissued. Default 30 days.</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often every known Certificate gets a pass even without events. Default 10 minutes.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The certificate API the export serves: the generic Certificate (default) or the vendor's VendorCertificate.</summary>
    public CertificateApi Api { get; init; } = CertificateApi.Generic;

    /// <summary>Certificates reconciled in parallel. Default 8.</summary>
    public int Workers { get; init; } = 8;
}
