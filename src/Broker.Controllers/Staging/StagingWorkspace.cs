using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Staging;

/// <summary>A ready staging workspace: bound to a provider's export, so the provider sees what the broker writes here.
/// <see cref="Client"/> addresses its logical cluster <see cref="Cluster"/>, not its <see cref="Path"/>.</summary>
/// <param name="Root">The staging root's path, one instance for every staging workspace.</param>
public sealed record StagingWorkspace(string Name, string Root, string Cluster, KcpClient Kcp)
{
    /// <summary>Made on use (logs): kept, it was a string of about 140 bytes per staging workspace.</summary>
    public string Path => $"{Root}:{Name}";

    /// <summary>Made on each use rather than kept: with a staging workspace per consumer and provider, a kept client (its
    /// URI and their strings) cost about half a KiB per workspace, and making one is cheap.</summary>
    public ClusterClient Client => Kcp.Cluster(ClusterPath.Parse(Cluster));
}
