using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>One object to route: its consumer cluster, its GVR, the object itself and its current placement.</summary>
public readonly record struct RoutingRequest(string ConsumerCluster, GvrKey Gvr, JsonElement Object, CurrentPlacement? Current = null);
