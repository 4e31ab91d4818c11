namespace Broker.Controllers.Placement;

/// <summary>What a placement pass does next, as <see cref="PlacementPlan"/> decides it.</summary>
public enum PlacementStep
{
    /// <summary>Nothing to do: the object is gone and nothing was placed for it.</summary>
    Nothing,

    /// <summary>The object is missing from the cache but has a Placement: ask the endpoints whether it is really gone.</summary>
    ConfirmGone,

    /// <summary>The object is deleted (or confirmed gone): delete every copy and related object, then the Placement, then the finalizer.</summary>
    Release,

    /// <summary>The object is being deleted and was never placed: only the finalizer goes.</summary>
    RemoveFinalizer,

    /// <summary>The broker's finalizer first, so a deletion waits for the copies to go.</summary>
    AddFinalizer,

    /// <summary>A move cut over: the old copy goes.</summary>
    DeleteOldCopy,

    /// <summary>Not placed, and no provider accepts the object: say why.</summary>
    ReportNoProvider,

    /// <summary>Not placed, a provider accepts it: write the Placement record before any copy.</summary>
    Place,

    /// <summary>A move's target that is no longer wanted (changed, failed or no longer chosen): its copy and the target go.</summary>
    DropTarget,

    /// <summary>The router chose another provider: record the target before anything is made there.</summary>
    StartMove,

    /// <summary>A move in flight: keep both copies and the Migration, and report its progress.</summary>
    AwaitMigration,

    /// <summary>The Migration is ready to cut over and the new copy is ready: switch the related objects, then the Placement.</summary>
    CutOver,

    /// <summary>The Migration failed: the new copy goes, the old placement stays, the move waits for a change.</summary>
    RollBack,

    /// <summary>Placed where the router wants it: keep the copy, status and related objects in sync.</summary>
    Stay,

    /// <summary>Placed on a provider that no longer accepts the object, with nowhere (else) to go: keep serving, say why.</summary>
    StayUnmatched,
}
