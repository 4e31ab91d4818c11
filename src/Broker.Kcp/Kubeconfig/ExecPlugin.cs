using k8s.KubeConfigModels;

namespace Broker.Kcp.Kubeconfig;

/// <summary>A kubeconfig user's exec credential plugin (KubernetesClient's model) and where it was declared, for messages.</summary>
public sealed record ExecPlugin(ExternalExecution Execution, string Where)
{
    public const string ApiVersion = "client.authentication.k8s.io/v1";

    public const string BetaApiVersion = "client.authentication.k8s.io/v1beta1";
}
