namespace Broker.Core.Routing;

/// <summary>A decision with every verdict behind it and a one-line summary for conditions and logs.</summary>
public sealed record RoutingExplanation(RoutingDecision Decision, IReadOnlyList<Verdict> Verdicts, string Summary);
