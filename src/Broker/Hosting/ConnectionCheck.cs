using System.Net;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;

namespace Broker.Hosting;

/// <summary>
/// <c>broker run</c>'s first request, made before anything starts, so bad credentials end the process with one line
/// naming the kubeconfig, the context and the cause (an exec plugin that is missing or fails, an expired token, an
/// untrusted CA) instead of informers retrying forever. A server that does not answer yet, and other answers (403, 404),
/// are left to the broker, which retries and reports them where they matter.
/// </summary>
internal static class ConnectionCheck
{
    public static async Task<string?> ProblemAsync(KcpClient client, ClusterPath platform, CancellationToken cancellationToken)
    {
        var source = client.Connection.Source;
        try
        {
            await client.Cluster(platform).GetAsync(LogicalCluster.Resource, null, "cluster", cancellationToken);
            return null;
        }
        catch (KubeconfigException e)
        {
            return e.Message; // names the kubeconfig, context, user and plugin
        }
        catch (KubeApiException e) when (e.Status.Code == (int)HttpStatusCode.Unauthorized)
        {
            return CredentialHealth.Rejected(client.Connection);
        }
        catch (KubeApiException)
        {
            return null;
        }
        catch (HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException)
        {
            return $"{source}: cannot reach {client.Connection.Server}: its TLS certificate is not trusted (check the cluster's certificate-authority): {Innermost(e)}";
        }
        catch (HttpRequestException)
        {
            return null; // unreachable for now (kcp restarting, network): the informers retry with backoff, as before
        }
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e.Message;
    }
}
