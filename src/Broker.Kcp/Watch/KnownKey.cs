using Broker.Kcp.Models;

namespace Broker.Kcp.Watch;

/// <summary>An informer's key for an object it reported: cluster, namespace ("" for cluster-scoped) and name. It holds
/// the strings the object's header came with, which the cache fed by the informer keys the object by too, instead of a
/// <c>cluster|namespace/name</c> string of its own per informer and object (about 90 bytes each).</summary>
internal readonly record struct KnownKey(string Cluster, string Namespace, string Name)
{
    public static KnownKey Of(ObjectHeader header) => new(header.Cluster, header.Namespace, header.Name);

    /// <summary>kcp's cluster-aware key, as <see cref="ObjectHeader.Key"/>.</summary>
    public override string ToString() => Namespace.Length == 0 ? $"{Cluster}|{Name}" : $"{Cluster}|{Namespace}/{Name}";
}
