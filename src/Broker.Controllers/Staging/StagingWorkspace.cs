using Broker.Kcp.Http;

namespace Broker.Controllers.Staging;

/// <summary>A ready staging workspace: bound to a provider's export, so the provider sees what the broker writes here.</summary>
public sealed record StagingWorkspace(string Name, string Path, string Cluster, ClusterClient Client);
