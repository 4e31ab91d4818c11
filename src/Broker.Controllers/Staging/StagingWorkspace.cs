using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Staging;

/// <summary>A ready staging workspace: bound to a provider's export, so the provider sees what the broker writes here.
/// <see cref="Client"/> addresses its logical cluster <see cref="Cluster"/>, not its <see cref="Path"/>.</summary>
public sealed record StagingWorkspace(string Name, string Path, string Cluster, KcpClient Kcp)
{
    /// <summary>Made on each use rather than kept: with a staging workspace per consumer and provider, a kept client (its
    /// URI and their strings) cost about half a KiB per workspace, and making one is cheap.</summary>
    public ClusterClient Client => Kcp.Cluster(ClusterPath.Parse(Cluster));
}
