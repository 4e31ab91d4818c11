using System.Net;
using System.Net.Http.Headers;
using Broker.Kcp.Kubeconfig;

namespace Broker.Kcp.Http;

/// <summary>Sends a renewable credential's token: an exec credential plugin's (its client certificate, if it gave one, is
/// offered by the TLS handshake: <see cref="KcpHandlerFactory"/>) or an OIDC id-token. On 401 Unauthorized the credential is
/// renewed once (the plugin runs again, the refresh-token is exchanged) and the request repeated with the new one, as
/// client-go's exec and OIDC authenticators do. <c>credentials(rejected)</c> hands out a credential other than the rejected one.</summary>
internal sealed class RenewingCredentialHandler<TCredential>(Func<TCredential?, CancellationToken, Task<TCredential>> credentials, HttpMessageHandler inner)
    : DelegatingHandler(inner)
    where TCredential : class, IBearerCredential
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken); // so the request can be sent twice
        }

        var credential = await credentials(null, cancellationToken);
        Authorize(request, credential);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        using var retry = await CopyAsync(request, cancellationToken);
        Authorize(retry, await credentials(credential, cancellationToken));
        return await base.SendAsync(retry, cancellationToken);
    }

    private static void Authorize(HttpRequestMessage request, TCredential credential) =>
        request.Headers.Authorization = credential.Token is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;

    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync(cancellationToken));
            foreach (var (name, values) in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        foreach (var (key, value) in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[key] = value;
        }

        return copy;
    }
}
