using Broker.Core.Routing;

namespace Broker.Controllers.Placement;

/// <summary>Where the consumer object stands, as far as placement is concerned.</summary>
public enum ConsumerState
{
    /// <summary>In the cache and not being deleted.</summary>
    Present,

    /// <summary>Has a deletion timestamp.</summary>
    Deleting,

    /// <summary>Not in the cache: not proof, a shard's endpoint may be gone for a moment.</summary>
    Missing,

    /// <summary>An endpoint serving its cluster answered 404.</summary>
    Gone,
}

/// <summary>
/// The facts a placement pass decides on: the consumer object, its Placement record, the router's decision and, during a
/// move, the Migration's state and the new copy's readiness. Read from the caches; <see cref="PlacementPlan"/> turns
/// them into the next step without I/O.
/// </summary>
public sealed record PlacementFacts
{
    public required ConsumerState Consumer { get; init; }

    public bool HasFinalizer { get; init; }

    public bool HasPlacement { get; init; }

    /// <summary>The Placement names a provider (set when the record is written).</summary>
    public bool HasProvider { get; init; }

    /// <summary>A move cut over and the old copy is still to be deleted.</summary>
    public bool HasPrevious { get; init; }

    /// <summary>A move's target is recorded.</summary>
    public bool HasTarget { get; init; }

    public RoutingOutcome Outcome { get; init; }

    /// <summary>The router chose a provider (stay, move or first placement).</summary>
    public bool Chosen { get; init; }

    /// <summary>The move to the chosen provider failed for this generation of the object and this configuration.</summary>
    public bool MoveAbandoned { get; init; }

    /// <summary>The recorded target is the chosen provider.</summary>
    public bool TargetIsChosen { get; init; }

    /// <summary>The state of the recorded move's Migration; null when there is no move or its record is not written yet.</summary>
    public string? MigrationState { get; init; }

    /// <summary>The recorded target's copy reports ready (read only when the Migration is ready to cut over).</summary>
    public bool NewCopyReady { get; init; }

    /// <summary>The router wants the object elsewhere, and that move was not given up.</summary>
    public bool Moving => Outcome == RoutingOutcome.Move && Chosen && !MoveAbandoned;
}
