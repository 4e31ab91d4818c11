using Broker.Kcp.Models;

namespace Broker.Kcp.Endpoints;

/// <summary>An informer event and the endpoint URL whose informer produced it.</summary>
public sealed record EndpointEvent(Uri Endpoint, WatchEvent Event);
