namespace Broker.Runtime.Cache;

/// <summary>A logical cluster became live (<see cref="Engaged"/>) or stopped being live. <see cref="Lifetime"/> is
/// cancelled on disengagement; work started for the cluster should stop with it.</summary>
public sealed record EngagementChange(string Cluster, Uri Endpoint, bool Engaged, CancellationToken Lifetime);
