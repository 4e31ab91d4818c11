using Broker.Controllers.Placement;
using Broker.Core.Routing;

namespace Broker.Controllers.Tests.Placement;

/// <summary>The placement plan, without LocalKcp: every state of an object and its records, and what happens next.</summary>
public sealed class PlacementPlanTests
{
    // A placed object, finalizer on, staying where the router wants it.
    private static readonly PlacementFacts Placed = new()
    {
        Consumer = ConsumerState.Present, HasFinalizer = true, HasPlacement = true, HasProvider = true, Outcome = RoutingOutcome.Stay, Chosen = true,
    };

    // A move to the chosen provider, its target recorded.
    private static readonly PlacementFacts Moving = Placed with { Outcome = RoutingOutcome.Move, HasTarget = true, TargetIsChosen = true };

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("a missing object never placed: nothing", new PlacementFacts { Consumer = ConsumerState.Missing }, PlacementStep.Nothing);
        yield return Case("a missing object with a Placement: confirm with the endpoints first", Placed with { Consumer = ConsumerState.Missing }, PlacementStep.ConfirmGone);
        yield return Case("confirmed gone: release", Placed with { Consumer = ConsumerState.Gone }, PlacementStep.Release);
        yield return Case("confirmed gone, never placed: nothing", new PlacementFacts { Consumer = ConsumerState.Gone }, PlacementStep.Nothing);
        yield return Case("deleted, never placed: finalizer only", new PlacementFacts { Consumer = ConsumerState.Deleting, HasFinalizer = true }, PlacementStep.RemoveFinalizer);
        yield return Case("deleted while placed: release", Placed with { Consumer = ConsumerState.Deleting }, PlacementStep.Release);
        yield return Case("deleted mid-move: release (every copy)", Moving with { Consumer = ConsumerState.Deleting }, PlacementStep.Release);
        yield return Case("new object: the finalizer first", new PlacementFacts { Consumer = ConsumerState.Present }, PlacementStep.AddFinalizer);
        yield return Case("cut over: the old copy goes before routing", Placed with { HasPrevious = true, Outcome = RoutingOutcome.Move }, PlacementStep.DeleteOldCopy);
        yield return Case("new, nothing accepts it", new PlacementFacts { Consumer = ConsumerState.Present, HasFinalizer = true, Outcome = RoutingOutcome.NoProvider }, PlacementStep.ReportNoProvider);
        yield return Case("new, a provider accepts it: the record first", new PlacementFacts { Consumer = ConsumerState.Present, HasFinalizer = true, Outcome = RoutingOutcome.Place, Chosen = true }, PlacementStep.Place);
        yield return Case("placed and still accepted: stay", Placed, PlacementStep.Stay);
        yield return Case("placed, nothing accepts it any more: stay, unmatched", Placed with { Outcome = RoutingOutcome.NoProvider, Chosen = false }, PlacementStep.StayUnmatched);
        yield return Case("another provider accepts it: start the move", Placed with { Outcome = RoutingOutcome.Move }, PlacementStep.StartMove);
        yield return Case("the move failed for this generation: stay, unmatched", Placed with { Outcome = RoutingOutcome.Move, MoveAbandoned = true }, PlacementStep.StayUnmatched);
        yield return Case("move recorded, Migration not written yet", Moving, PlacementStep.AwaitMigration);
        yield return Case("Migration pending", Moving with { MigrationState = "Pending" }, PlacementStep.AwaitMigration);
        yield return Case("Migration running its stages", Moving with { MigrationState = "InitialInProgress" }, PlacementStep.AwaitMigration);
        yield return Case("Migration past its initial copy", Moving with { MigrationState = "InitialCompleted" }, PlacementStep.AwaitMigration);
        yield return Case("Migration ready to cut over, new copy not ready", Moving with { MigrationState = "CutoverInProgress" }, PlacementStep.AwaitMigration);
        yield return Case("Migration ready to cut over, new copy ready", Moving with { MigrationState = "CutoverInProgress", NewCopyReady = true }, PlacementStep.CutOver);
        yield return Case("restart after the cutover was marked: cut over (idempotent)", Moving with { MigrationState = "CutoverCompleted", NewCopyReady = true }, PlacementStep.CutOver);
        yield return Case("Migration failed: roll back", Moving with { MigrationState = "Failed" }, PlacementStep.RollBack);
        yield return Case("failed even with the new copy ready: roll back", Moving with { MigrationState = "Failed", NewCopyReady = true }, PlacementStep.RollBack);
        yield return Case("the object changed its mind mid-move: drop the target", Moving with { TargetIsChosen = false }, PlacementStep.DropTarget);
        yield return Case("the old provider accepts it again mid-move: drop the target", Moving with { Outcome = RoutingOutcome.Stay }, PlacementStep.DropTarget);
        yield return Case("nothing accepts it mid-move: drop the target", Moving with { Outcome = RoutingOutcome.NoProvider, Chosen = false }, PlacementStep.DropTarget);
        yield return Case("restart between a failure's record and clearing the target: drop it", Moving with { MoveAbandoned = true, MigrationState = "Failed" }, PlacementStep.DropTarget);
    }

    [TestCaseSource(nameof(Cases))]
    public void Next(PlacementFacts facts, PlacementStep expected) => PlacementPlan.Next(facts).ShouldBe(expected);

    [Test]
    public void Every_step_is_reachable()
    {
        var reached = Cases().Select(c => (PlacementStep)c.Arguments[1]!).ToHashSet();
        Enum.GetValues<PlacementStep>().Where(s => !reached.Contains(s)).ShouldBeEmpty();
    }

    [Test]
    public void A_life_of_a_move_takes_the_steps_in_order()
    {
        // What each step changes, applied to the facts: the plan walks a move from start to the old copy's deletion.
        var facts = Placed with { Outcome = RoutingOutcome.Move };
        var steps = new List<PlacementStep>();
        for (var i = 0; i < 10; i++)
        {
            var step = PlacementPlan.Next(facts);
            steps.Add(step);
            facts = step switch
            {
                PlacementStep.StartMove => facts with { HasTarget = true, TargetIsChosen = true },
                PlacementStep.AwaitMigration => facts with { MigrationState = "CutoverInProgress", NewCopyReady = true },
                PlacementStep.CutOver => facts with { HasTarget = false, HasPrevious = true, Outcome = RoutingOutcome.Stay, MigrationState = null },
                PlacementStep.DeleteOldCopy => facts with { HasPrevious = false },
                _ => facts,
            };
            if (step == PlacementStep.Stay)
            {
                break;
            }
        }

        steps.ShouldBe([PlacementStep.StartMove, PlacementStep.AwaitMigration, PlacementStep.CutOver, PlacementStep.DeleteOldCopy, PlacementStep.Stay]);
    }

    private static TestCaseData Case(string name, PlacementFacts facts, PlacementStep expected) => new TestCaseData(facts, expected).SetName(name);
}
