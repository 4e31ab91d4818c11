using Broker.Core.Api.V1Alpha1;

namespace Broker.Controllers.Staging;

/// <summary>A placement pass needs a staging workspace for <paramref name="Provider"/>, named by its Placement <paramref name="PlacementName"/>.</summary>
public sealed record StagingDemand(ProviderReference Provider, string PlacementName);
