using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;

namespace Broker.Controllers.Placement;

/// <summary>
/// The placement controller's decisions, as a pure function: the facts of one object to the next step. A pass takes
/// steps until one ends it; each step either ends the pass or changes the fact it was chosen for, so the order below is
/// also the order of a placement's life (finalizer, record, copy; a move's target, Migration, cutover, old copy).
/// </summary>
public static class PlacementPlan
{
    public static PlacementStep Next(PlacementFacts facts) => facts switch
    {
        { Consumer: ConsumerState.Missing, HasPlacement: false } => PlacementStep.Nothing,
        { Consumer: ConsumerState.Missing } => PlacementStep.ConfirmGone,
        { Consumer: ConsumerState.Gone, HasPlacement: false } => PlacementStep.Nothing,
        { Consumer: ConsumerState.Gone } => PlacementStep.Release,
        { Consumer: ConsumerState.Deleting, HasPlacement: false } => PlacementStep.RemoveFinalizer,
        { Consumer: ConsumerState.Deleting } => PlacementStep.Release,
        { HasFinalizer: false } => PlacementStep.AddFinalizer,
        { HasPrevious: true } => PlacementStep.DeleteOldCopy,
        { HasProvider: false, Chosen: false } => PlacementStep.ReportNoProvider,
        { HasProvider: false } => PlacementStep.Place,
        { HasTarget: true, Moving: false } or { HasTarget: true, TargetIsChosen: false } => PlacementStep.DropTarget,
        { Moving: true, HasTarget: false } => PlacementStep.StartMove,
        { Moving: true, MigrationState: MigrationStates.Failed } => PlacementStep.RollBack,
        { Moving: true, MigrationState: MigrationStates.CutoverInProgress or MigrationStates.CutoverCompleted, NewCopyReady: true } => PlacementStep.CutOver,
        { Moving: true } => PlacementStep.AwaitMigration,
        { Outcome: RoutingOutcome.NoProvider or RoutingOutcome.Move } => PlacementStep.StayUnmatched,
        _ => PlacementStep.Stay,
    };
}
