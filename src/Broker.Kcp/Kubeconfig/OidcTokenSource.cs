using Broker.Kcp.Http;
using Duende.IdentityModel.Client;

namespace Broker.Kcp.Kubeconfig;

/// <summary>
/// The id-token of a kubeconfig's <c>auth-provider: oidc</c> user, renewed as kubectl renews it: when it expires (10 s
/// early) or the server rejects it, the refresh-token is exchanged at the token endpoint the issuer's discovery document
/// names (Duende.IdentityModel), once for all callers waiting meanwhile, and the new tokens are written back into the
/// kubeconfig (when that fails, the notice says so). KubernetesClient's own OidcTokenProvider keeps renewed tokens to itself (so they cannot be written back),
/// takes no cancellation and ignores <c>idp-certificate-authority</c>, so it is not used. Failures are a
/// <see cref="KubeconfigException"/> naming the kubeconfig, the context, the user and the cause.
/// </summary>
public sealed class OidcTokenSource : IDisposable
{
    private readonly OidcAuthProvider _provider;
    private readonly HttpClient _issuer;
    private readonly CredentialCache<OidcToken> _token;
    private readonly Action<string> _notice;
    private string? _refreshToken;

    /// <param name="notice">Told, in one line, when renewed tokens could not be written back into the kubeconfig.</param>
    public OidcTokenSource(OidcAuthProvider provider, TimeProvider time, Action<string> notice)
    {
        _provider = provider;
        _notice = notice;
        _refreshToken = provider.RefreshToken;
        _token = new CredentialCache<OidcToken>(time, skew: TimeSpan.FromSeconds(10), provider.IdToken is { Length: > 0 } idToken ? OidcToken.From(idToken) : null);
        _issuer = new HttpClient(KcpHandlerFactory.Create(new KcpCredentials { CertificateAuthorityPem = provider.IssuerCertificateAuthorityPem }))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The id-token while it is valid, else a renewed one. <paramref name="rejected"/> is the token the server just
    /// refused: it is not handed out again.</summary>
    public Task<OidcToken> GetAsync(OidcToken? rejected, CancellationToken cancellationToken) =>
        _token.GetAsync(rejected, RenewAsync, cancellationToken);

    public void Dispose() => _issuer.Dispose();

    // As the kubeconfig spells it: the discovery document's issuer must match it exactly.
    private string Issuer => _provider.Issuer.OriginalString;

    private async Task<OidcToken> RenewAsync(CancellationToken cancellationToken)
    {
        if (_refreshToken is null)
        {
            throw Failure(_token.Current is null
                ? "has neither an id-token nor a refresh-token; log in again"
                : "the id-token has expired or was rejected, and there is no refresh-token to renew it; log in again");
        }

        var discovery = await _issuer.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = Issuer,
            Policy = new DiscoveryPolicy { RequireKeySet = false, ValidateEndpoints = false }, // the server verifies the token, not the broker
        }, cancellationToken);
        if (discovery.IsError)
        {
            throw Failure($"cannot read the discovery document of issuer {Issuer}: {OneLine.Of(discovery.Error)}");
        }

        var response = await _issuer.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = _provider.ClientId,
            ClientSecret = _provider.ClientSecret,
            RefreshToken = _refreshToken,
        }, cancellationToken);
        if (response.IsError)
        {
            throw Failure($"issuer {Issuer} did not renew the id-token: {OneLine.Of(response.Error)}{(response.ErrorDescription is { Length: > 0 } d ? $" ({OneLine.Of(d)})" : "")}");
        }

        if (string.IsNullOrEmpty(response.IdentityToken))
        {
            throw Failure($"issuer {Issuer} answered the refresh without an id_token");
        }

        _refreshToken = string.IsNullOrEmpty(response.RefreshToken) ? _refreshToken : response.RefreshToken;
        WriteBack(response.IdentityToken, _refreshToken);
        return OidcToken.From(response.IdentityToken);
    }

    private void WriteBack(string idToken, string refreshToken)
    {
        try
        {
            KubeconfigTokenWriter.Write(_provider.KubeconfigFile, _provider.UserName, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id-token"] = idToken,
                ["refresh-token"] = refreshToken,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or YamlDotNet.Core.YamlException)
        {
            // A read-only kubeconfig (a mounted Secret) is common in a pod: the tokens are used from memory all the same.
            _notice($"{_provider.Where}: renewed OIDC tokens are used from memory; writing them to {_provider.KubeconfigFile} failed: {OneLine.Of(e.Message)}");
        }
    }

    private KubeconfigException Failure(string cause) => new($"{_provider.Where}: auth-provider oidc: {cause}");
}
