namespace Broker.Core.Routing;

/// <summary>The provider workspace an AcceptAPI lives in: its logical cluster name and, when known, its path.</summary>
public sealed record ProviderIdentity(string Cluster, string? Path = null)
{
    /// <summary>The short name used in messages: the last segment of the path (internal-ca), else the cluster name.</summary>
    public string DisplayName => Path is { Length: > 0 } path ? path[(path.LastIndexOf(':') + 1)..] : Cluster;
}
