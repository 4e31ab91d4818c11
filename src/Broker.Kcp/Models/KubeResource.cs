using Broker.Core.Api.Meta;

namespace Broker.Kcp.Models;

/// <summary>The common head of every typed Kubernetes object.</summary>
public abstract record KubeResource
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ObjectMeta Metadata { get; init; } = new();
}
