using Broker.Core.Api.Meta;
using k8s.Models;

namespace Broker.Kcp.Models;

/// <summary>The common head of every typed Kubernetes object.</summary>
public abstract record KubeResource
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public V1ObjectMeta Metadata { get; init; } = new();
}
