using System.Text.Json.Nodes;
using Broker.Controllers.Migrations;
using Broker.Controllers.Staging;
using Broker.Controllers.Status;
using Broker.Core.Api.V1Alpha1;
using Broker.Runtime.Controllers;
using Broker.Runtime.Events;

namespace Broker.Controllers.Placement;

// The steps of a move. The Migration controller drives the move (stages, timeouts); these keep the copies, the
// Placement and the consumer: the target is recorded before its copy exists, the related objects switch at cutover, the
// old copy goes after it, and a failed Migration is rolled back.
public sealed partial class PlacementReconciler
{
    /// <summary>Records the target (and when the move started) before anything is made there, so a restart knows to finish or undo it.</summary>
    private async Task StartMoveAsync(PlacementPass pass, ProviderReference target, CancellationToken cancellationToken)
    {
        var placement = pass.Record;
        var provider = placement.Spec.Provider!;
        placement = await records.Placements.UpdateAsync(placement with { Spec = placement.Spec with { Target = target } }, cancellationToken);
        pass.Placement = await records.Placements.UpdateStatusAsync(placement with { Status = (placement.Status ?? new PlacementStatus()) with { Phase = "Migrating", MoveStarted = time.GetUtcNow() } }, cancellationToken);
        pass.Migration = null;
        pass.NewCopy = null;
        Log.MoveStarted(logger, pass.Key, Describe(provider), Describe(target));
        metrics.MoveStarted(provider, target);
        events.Record(pass.LiveClient, pass.LiveConsumer, EventType.Normal, BrokerConditions.ReasonMoving, $"moving {FromTo(provider, target)}: creating the new copy first");
    }

    /// <summary>
    /// Keeps both copies and the Migration while the move runs and reports its progress on the consumer. Ends the pass
    /// unless the Migration is ready to cut over (with the new copy ready) or failed.
    /// </summary>
    private async Task<ReconcileResult?> AwaitMigrationAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var (key, consumer) = (pass.Key, pass.LiveConsumer);
        var placement = pass.Record;
        if (placement.Status?.MoveStarted is null)
        {
            // A restart between recording the target and the start.
            placement = pass.Placement = await records.Placements.UpdateStatusAsync(placement with { Status = (placement.Status ?? new PlacementStatus()) with { Phase = "Migrating", MoveStarted = time.GetUtcNow() } }, cancellationToken);
        }

        var (provider, target) = (placement.Spec.Provider!, placement.Spec.Target!);
        var migration = pass.Migration = await records.Migrations.EnsureAsync(placement.Metadata.Name!, consumer, provider, target, placement.Status!.MoveStarted!.Value, cancellationToken);
        var oldCopy = await EnsureCopyAsync(key, consumer, provider, cancellationToken, syncSpec: false);
        if (migration.Status?.State == MigrationStates.Failed)
        {
            return null; // rolled back next
        }

        var newCopy = pass.NewCopy = await EnsureCopyAsync(key, consumer, target, cancellationToken);
        if (migration.Status?.State is MigrationStates.CutoverInProgress or MigrationStates.CutoverCompleted && ProviderCopies.IsReady(newCopy))
        {
            return null; // cut over next
        }

        if (oldCopy is not null)
        {
            await MirrorStatusAsync(pass.LiveClient, key.Resource, consumer, oldCopy, PlacedOn(provider),
                Condition(BrokerConditions.Migrating, true, BrokerConditions.ReasonMoving, $"moving {FromTo(provider, target)}: {Progress(migration, newCopy)}"), cancellationToken);
        }

        return ReconcileResult.Done; // the Migration's and the new copy's changes wake this object
    }

    /// <summary>
    /// The consumer's related objects switch to the new provider's data in place, then the Placement names it. The pass
    /// ends here: the next one reads the consumer as written (its Migrating condition) and deletes the old copy.
    /// </summary>
    private async Task CutOverAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var (key, consumer) = (pass.Key, pass.LiveConsumer);
        var placement = pass.Record;
        var (provider, target) = (placement.Spec.Provider!, placement.Spec.Target!);
        var newCopy = pass.NewCopy!;
        await SyncRelatedAsync(key, consumer, pass.LiveClient, target, newCopy, cancellationToken);
        placement = await records.Placements.UpdateAsync(placement with { Spec = placement.Spec with { Provider = target, Target = null, Previous = provider } }, cancellationToken);
        pass.Placement = await records.Placements.UpdateStatusAsync(placement with
        {
            Status = (placement.Status ?? new PlacementStatus()) with
            {
                Phase = "Placed", MoveStarted = null, AbandonedTarget = null, AbandonedGeneration = null, AbandonedReason = null, AbandonedMessage = null, AbandonedConfiguration = null,
            },
        }, cancellationToken);
        await MirrorStatusAsync(pass.LiveClient, key.Resource, consumer, newCopy, PlacedOn(target),
            Condition(BrokerConditions.Migrating, false, BrokerConditions.ReasonCutoverCompleted, $"moved {FromTo(provider, target)}"), cancellationToken);
        Log.CutOver(logger, key, Describe(provider), Describe(target));
        metrics.MoveCompleted(provider, target);
        events.Record(pass.LiveClient, consumer, EventType.Normal, BrokerConditions.ReasonCutoverCompleted, $"moved {FromTo(provider, target)}; the related objects now hold the new provider's data");
    }

    /// <summary>
    /// The Migration failed: the new copy goes, the old placement and the consumer's related objects stay untouched, and
    /// the move is not tried again until the object's spec (its generation) or the configuration changes. The failure is
    /// recorded before the target is cleared, so a restart in between drops the target instead of trying again.
    /// </summary>
    private async Task<ReconcileResult?> RollBackAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var (key, consumer) = (pass.Key, pass.LiveConsumer);
        var placement = pass.Record;
        var target = placement.Spec.Target!;
        if (!await copies.DeleteAsync(key, target, cancellationToken))
        {
            return ReconcileResult.After(NotReadyYet);
        }

        var migration = pass.Migration!;
        var failure = migration.Status?.Conditions?.FirstOrDefault(c => c.Type == MigrationConditions.Failed);
        var reason = failure?.Reason is { Length: > 0 } r ? r : BrokerConditions.ReasonMigrationFailed;
        var message = failure?.Message ?? $"Migration {migration.Metadata.Name} failed";
        placement = await records.Placements.UpdateStatusAsync(placement with
        {
            Status = (placement.Status ?? new PlacementStatus()) with
            {
                Phase = "Placed", MoveStarted = null, AbandonedTarget = Describe(target), AbandonedGeneration = Generation(consumer),
                AbandonedReason = reason, AbandonedMessage = message, AbandonedConfiguration = ConfigurationVersion(consumer, placement.Spec.Provider?.TranslatedTo, target.TranslatedTo),
            },
        }, cancellationToken);
        pass.Placement = placement = await records.Placements.UpdateAsync(placement with { Spec = placement.Spec with { Target = null } }, cancellationToken);
        pass.Migration = null;
        await CollectStagingAsync(key.Object.Cluster, target, placement.Metadata.Name!, placement, cancellationToken);
        var provider = placement.Spec.Provider!;
        Log.MoveAbandoned(logger, key, Describe(target), message);
        metrics.MoveAbandoned(provider, target);
        events.Record(pass.LiveClient, consumer, EventType.Warning, reason, $"abandoned the move to {Describe(target)}: {message}; staying on {Describe(provider)}");
        return null;
    }

    /// <summary>A recorded target that is no longer wanted (the object changed its mind, or the move was given up): its copy goes, the object stays.</summary>
    private async Task<ReconcileResult?> DropTargetAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var key = pass.Key;
        var target = pass.Record.Spec.Target!;
        if (!await copies.DeleteAsync(key, target, cancellationToken))
        {
            return ReconcileResult.After(NotReadyYet);
        }

        var placement = pass.Record;
        pass.Placement = placement = await records.Placements.UpdateAsync(placement with { Spec = placement.Spec with { Target = null } }, cancellationToken);
        if (placement.Status?.MoveStarted is not null)
        {
            pass.Placement = placement = await records.Placements.UpdateStatusAsync(placement with { Status = placement.Status with { MoveStarted = null } }, cancellationToken);
        }

        (pass.Migration, pass.NewCopy) = (null, null);
        await CollectStagingAsync(key.Object.Cluster, target, placement.Metadata.Name!, placement, cancellationToken);
        return null;
    }

    /// <summary>What the move waits for, from its Migration: the new copy, or the stage and the expression that does not hold yet.</summary>
    private static string Progress(Migration migration, JsonObject? newCopy)
    {
        var status = migration.Status;
        if (status?.State is MigrationStates.CutoverInProgress or MigrationStates.CutoverCompleted || status?.Stage is null)
        {
            return newCopy is null ? "creating the new copy" : "waiting for the new copy to become ready";
        }

        var waiting = status.Conditions?.FirstOrDefault(c => c.Status == "False" && c.Type is MigrationConditions.PreconditionsMet or MigrationConditions.StageSucceeded);
        return $"Migration {migration.Metadata.Name} is {status.State}" + (waiting is null ? $" at stage \"{status.Stage}\"" : $": {waiting.Message}");
    }

    /// <summary>The MigrationConfiguration covering moves of this object between the copies' kinds (the brokered one, or
    /// a translating provider's), as name/generation; null when none does (or migrations are off).</summary>
    private string? ConfigurationVersion(JsonObject consumer, TranslationTarget? from, TranslationTarget? to)
    {
        var gvk = MigrationRecords.Gvk(consumer);
        return options.EnableMigration && records.Configurations.Find(MigrationRecords.KindAt(gvk, from), MigrationRecords.KindAt(gvk, to))?.Configuration is { } configuration
            ? $"{configuration.Metadata.Name}/{configuration.Metadata.Generation}"
            : null;
    }
}
