using System.Net;
using Broker.Kcp.Kubeconfig;

namespace Broker.Kcp.Http;

/// <summary>Outermost handler of a server's pipeline: tells <see cref="CredentialHealth"/> whether the credential the
/// handlers inside it sent was usable. Any answer but 401 (a 403 too: the caller was recognised) means it works.</summary>
internal sealed class CredentialHealthHandler(CredentialHealth health, KcpConnection connection, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (KubeconfigException e)
        {
            health.Failed(e.Message); // the exec plugin or the token file: already one line naming the kubeconfig
            throw;
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            health.Failed(CredentialHealth.Rejected(connection));
        }
        else
        {
            health.Succeeded();
        }

        return response;
    }
}
