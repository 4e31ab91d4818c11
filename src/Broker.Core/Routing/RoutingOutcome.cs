namespace Broker.Core.Routing;

public enum RoutingOutcome
{
    /// <summary>Not placed yet, and a provider accepts it.</summary>
    Place,

    /// <summary>The current placement still matches: stay, even if a higher-priority provider appeared.</summary>
    Stay,

    /// <summary>The current placement no longer matches and another provider does: move there.</summary>
    Move,

    /// <summary>No provider accepts it. A placed object stays where it is (its only copy is never dropped).</summary>
    NoProvider,
}
