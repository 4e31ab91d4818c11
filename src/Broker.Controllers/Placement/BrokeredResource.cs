using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Core.Routing;
using Broker.Kcp.Models;

namespace Broker.Controllers.Placement;

/// <summary>
/// One brokered resource: the cache of consumer objects seen through its export, the Secrets the broker
/// copied for them (shared by the resources of one export; null when the export has no claim on Secrets), and its routing key.
/// </summary>
public sealed record BrokeredResource(ExportInformer Informer, OwnedSecrets? Owned)
{
    public GroupVersionResource Resource => Informer.Resource;

    public GvrKey RouterGvr { get; } = new(Informer.Resource.Group, Informer.Resource.Version, Informer.Resource.Resource);
}
