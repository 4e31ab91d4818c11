using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using k8s.Models;

namespace Broker.Kcp.Models;

/// <summary>Core objects the broker creates, built as KubernetesClient's typed models and sent as JSON.</summary>
public static class CoreObjects
{
    public static readonly GroupVersionResource Namespaces = new("", V1Namespace.KubeApiVersion, "namespaces", Namespaced: false);

    public static JsonObject Namespace(string name) => KubeJson.ToNode(new V1Namespace
    {
        ApiVersion = V1Namespace.KubeApiVersion,
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta { Name = name },
    });
}
