using System.Text.Json.Nodes;
using Broker.Kcp.Models;

namespace Broker.Runtime.Cache;

/// <summary>Which object, never what happened to it: logical cluster name, namespace ("" for cluster-scoped) and name.
/// Names are unique only per cluster, so the cluster is part of every key (kcp-api.md 5.2).</summary>
public readonly record struct ObjectKey(string Cluster, string Namespace, string Name)
{
    public static ObjectKey From(JsonObject obj) => new(KubeObject.Cluster(obj), KubeObject.Namespace(obj), KubeObject.Name(obj));

    public override string ToString() => Namespace.Length == 0 ? $"{Cluster}|{Name}" : $"{Cluster}|{Namespace}/{Name}";
}
