using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Controllers.Hosting;

/// <summary>A resource some export of the platform workspace offers, and whether that export may see consumers' Secrets.</summary>
public sealed record DiscoveredResource(string Export, GroupVersionResource Resource, bool ClaimsSecrets)
{
    public override string ToString() => $"{Resource} ({Export})";
}
