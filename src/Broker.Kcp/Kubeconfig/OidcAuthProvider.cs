namespace Broker.Kcp.Kubeconfig;

/// <summary>
/// A kubeconfig user's legacy <c>auth-provider: oidc</c> stanza (kubectl's OIDC support before exec plugins): the tokens
/// it holds, the issuer that renews them, and where it was declared: for messages, and for writing renewed tokens back
/// into the kubeconfig as kubectl does.
/// </summary>
public sealed record OidcAuthProvider
{
    public required Uri Issuer { get; init; }

    public required string ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public string? IdToken { get; init; }

    public string? RefreshToken { get; init; }

    /// <summary>PEM bundle trusted for the issuer (<c>idp-certificate-authority(-data)</c>); null trusts the system store.</summary>
    public string? IssuerCertificateAuthorityPem { get; init; }

    /// <summary>The kubeconfig file that holds the user entry, where renewed tokens are written.</summary>
    public required string KubeconfigFile { get; init; }

    public required string UserName { get; init; }

    /// <summary>For messages: <c>kubeconfig &lt;file&gt;: context '&lt;name&gt;', user '&lt;name&gt;'</c>.</summary>
    public required string Where { get; init; }

    /// <summary>Keeps tokens and the client secret out of logs.</summary>
    public override string ToString() => $"OidcAuthProvider {{ Issuer = {Issuer}, ClientId = {ClientId}, IdToken = {(IdToken is null ? "none" : "***")}, RefreshToken = {(RefreshToken is null ? "none" : "***")} }}";
}
