using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Placement;

/// <summary>Which brokered object: its resource and its key in the consumer's logical cluster.</summary>
public readonly record struct BrokeredKey(GroupVersionResource Resource, ObjectKey Object)
{
    public override string ToString() => $"{Resource.Resource}/{Object}";
}
