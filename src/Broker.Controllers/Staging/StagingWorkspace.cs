using Broker.Kcp.Http;

namespace Broker.Controllers.Staging;

/// <summary>A ready staging workspace: bound to a provider's export, so the provider sees what the broker writes here.
/// <see cref="Client"/> addresses its logical cluster <see cref="Cluster"/>, not its <see cref="Path"/>.</summary>
public sealed record StagingWorkspace(string Name, string Path, string Cluster, ClusterClient Client);
