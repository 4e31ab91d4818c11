namespace Broker.Kcp.Kubeconfig;

/// <summary>How to reach and trust a server and who to be there. PEM text, already read from files.</summary>
public sealed record KcpCredentials
{
    public string? BearerToken { get; init; }

    /// <summary>A file holding the token, re-read periodically so rotation is seen; wins over <see cref="BearerToken"/> at request time.</summary>
    public string? TokenFile { get; init; }

    /// <summary>PEM bundle of trusted CAs; null trusts the system store.</summary>
    public string? CertificateAuthorityPem { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public string? TlsServerName { get; init; }

    /// <summary>An exec credential plugin whose token is sent (run when needed, see <see cref="ExecCredentialSource"/>).</summary>
    public ExecPlugin? Exec { get; init; }

    /// <summary>A legacy <c>auth-provider: oidc</c> user whose id-token is sent and renewed (see <see cref="OidcTokenSource"/>).</summary>
    public OidcAuthProvider? Oidc { get; init; }

    /// <summary>Keeps tokens and keys out of logs.</summary>
    public override string ToString() =>
        $"KcpCredentials {{ Token = {(BearerToken is null ? "none" : "***")}, TokenFile = {TokenFile ?? "none"}, ClientCertificate = {ClientCertificatePem is not null}, CA = {CertificateAuthorityPem is not null}, Insecure = {InsecureSkipTlsVerify}, Exec = {Exec?.Execution.Command ?? "none"}, Oidc = {Oidc?.Issuer.AbsoluteUri ?? "none"} }}";
}
