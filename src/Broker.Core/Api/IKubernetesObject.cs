using Broker.Core.Api.Meta;

namespace Broker.Core.Api;

/// <summary>What every typed Kubernetes object has.</summary>
public interface IKubernetesObject
{
    string ApiVersion { get; }
    string ObjectKind { get; }
    ObjectMeta Metadata { get; }
}
