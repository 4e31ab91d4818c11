using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Kcp.Http;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Placement;

/// <summary>
/// What one placement pass knows of its object, updated by the steps it takes: a write's answer is used by the next
/// step, since the caches may not show it yet.
/// </summary>
internal sealed class PlacementPass(BrokeredKey key, BrokeredResource resource, string placementName)
{
    private (JsonObject From, JsonElement Element)? _element;

    public BrokeredKey Key { get; } = key;

    public BrokeredResource Resource { get; } = resource;

    public string PlacementName { get; } = placementName;

    public string Cluster => Key.Object.Cluster;

    /// <summary>The consumer object; null when it is not in the cache.</summary>
    public JsonObject? Consumer { get; set; }

    /// <summary>Through the endpoint that serves the consumer's cluster; null when the object is not in the cache.</summary>
    public ClusterClient? ConsumerClient { get; init; }

    /// <summary>An endpoint answered 404 for the object.</summary>
    public bool ConfirmedGone { get; set; }

    public PlacementRecord? Placement { get; set; }

    /// <summary>The router's decision for the current Placement (recomputed when the Placement changes).</summary>
    public RoutingDecision? Decision { get; set; }

    public RoutingRequest? Request { get; set; }

    /// <summary>The move's Migration as last written or read in this pass.</summary>
    public Migration? Migration { get; set; }

    /// <summary>The move target's copy as last made or read in this pass.</summary>
    public JsonObject? NewCopy { get; set; }

    /// <summary>The consumer as the router reads it, serialized once per version the pass holds.</summary>
    public JsonElement ConsumerElement()
    {
        if (_element is not { } element || !ReferenceEquals(element.From, LiveConsumer))
        {
            _element = element = (LiveConsumer, JsonSerializer.SerializeToElement(LiveConsumer));
        }

        return element.Element;
    }

    public JsonObject LiveConsumer => Consumer ?? throw new InvalidOperationException($"{Key} is not in the cache");

    public ClusterClient LiveClient => ConsumerClient ?? throw new InvalidOperationException($"{Key} is not in the cache");

    public PlacementRecord Record => Placement ?? throw new InvalidOperationException($"{Key} has no Placement");
}
