namespace Broker.Core.Routing;

/// <summary>What the router decided; <see cref="Chosen"/> is null only for <see cref="RoutingOutcome.NoProvider"/>.</summary>
public readonly record struct RoutingDecision(RoutingOutcome Outcome, CompiledAcceptApi? Chosen);
