using Broker.Core.Api.Meta;
using k8s.Models;

namespace Broker.Core.Api;

/// <summary>What every typed Kubernetes object has.</summary>
public interface IKubernetesObject
{
    string ApiVersion { get; }
    string ObjectKind { get; }
    V1ObjectMeta Metadata { get; }
}
