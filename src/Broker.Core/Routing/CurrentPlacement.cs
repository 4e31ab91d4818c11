namespace Broker.Core.Routing;

/// <summary>Where an object is placed now: the provider cluster, and the AcceptAPI that accepted it when known.</summary>
public sealed record CurrentPlacement(string ProviderCluster, AcceptApiId? AcceptApi = null);
