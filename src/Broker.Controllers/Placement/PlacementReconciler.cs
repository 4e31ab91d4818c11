using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Migrations;
using Broker.Controllers.Migrations.Configuration;
using Broker.Controllers.Naming;
using Broker.Controllers.Staging;
using Broker.Controllers.Status;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Controllers;
using Broker.Runtime.Events;
using Microsoft.Extensions.Logging;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Placement;

/// <summary>
/// Moves one brokered object one step toward where the router says it belongs, reading current state
/// first (level-triggered). The Placement record is written before any provider-side object exists,
/// a move records its target before creating the new copy, and the old copy is deleted only after the
/// new one is ready and the consumer's related objects were switched: a broker killed between any two
/// writes resumes from the records and converges.
/// </summary>
public sealed partial class PlacementReconciler(
    IReadOnlyDictionary<GroupVersionResource, BrokeredResource> resources,
    AcceptApiRegistry acceptApis,
    PlacementRecords placements,
    MigrationRecords migrations,
    MigrationConfigurations configurations,
    StagingWorkspaces staging,
    StagingWatches watches,
    ProviderPaths paths,
    KcpClient client,
    BrokerOptions options,
    Action<BrokeredKey> requeue,
    EventRecorder events,
    PlacementMetrics metrics,
    TimeProvider time,
    ILogger<PlacementReconciler> logger) : IReconciler<BrokeredKey>
{
    private static readonly TimeSpan NotReadyYet = TimeSpan.FromMilliseconds(250);

    // A staging workspace usually takes a moment; only a longer wait is worth a status write saying so.
    private static readonly TimeSpan PlacingGrace = TimeSpan.FromSeconds(1);

    // Likewise a provider usually answers a new copy within a moment: the consumer then sees one status write, not two.
    private static readonly TimeSpan ProviderGrace = TimeSpan.FromSeconds(1);

    // Copies this broker created and whose provider has not written a status yet, with when (lost on restart: then the status is written at once).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<BrokeredKey, DateTimeOffset> _awaitingProvider = new();

    // Placed objects told that their staging workspace is unusable: once per episode, not once per pass.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<BrokeredKey, byte> _stagingWarned = new();

    public async Task<ReconcileResult> ReconcileAsync(BrokeredKey key, CancellationToken cancellationToken)
    {
        var resource = resources[key.Resource];
        var (cluster, ns, name) = (key.Object.Cluster, key.Object.Namespace, key.Object.Name);
        var placementName = BrokerNames.Placement(cluster, key.Resource, ns, name);
        var placement = placements.Find(placementName);
        if (!resource.Informer.Store.TryGet(key.Object, out var cached) || cached is null)
        {
            // Missing from the cache is not proof: a shard URL may be gone for a moment. Only a 404 from an endpoint releases the copies.
            if (placement is null)
            {
                metrics.Forget(key);
            }

            return placement is null || !await ConfirmedGoneAsync(resource, key, cancellationToken)
                ? ReconcileResult.Done
                : await ReleaseAsync(key, placement, consumer: null, consumerClient: null, cancellationToken);
        }

        var consumer = cached.ToJsonObject();
        var consumerClient = client.VirtualWorkspace(cached.Endpoint, ClusterPath.Parse(cluster));
        if (consumer["metadata"]?["deletionTimestamp"] is not null)
        {
            metrics.Forget(key);
            return placement is null
                ? await RemoveFinalizerAsync(consumerClient, key.Resource, consumer, cancellationToken)
                : await ReleaseAsync(key, placement, consumer, consumerClient, cancellationToken);
        }

        if (!HasFinalizer(consumer))
        {
            // Continue with the server's answer: waiting for the update's event would cost a queue round per object.
            consumer = await AddFinalizerAsync(consumerClient, key.Resource, consumer, cancellationToken);
        }

        if (placement?.Spec.Previous is { } previous)
        {
            if (!await DeleteCopyAsync(cluster, previous, key.Resource, ns, name, cancellationToken))
            {
                return ReconcileResult.After(NotReadyYet);
            }

            placement = await placements.UpdateAsync(placement with { Spec = placement.Spec with { Previous = null } }, cancellationToken);
            Log.OldCopyDeleted(logger, key, previous.Path ?? previous.Cluster);
            events.Record(consumerClient, consumer, EventType.Normal, "OldCopyDeleted", $"deleted the old copy at {Describe(previous)}");
            await CollectStagingAsync(cluster, previous, placementName, placement, cancellationToken);
        }

        return await RouteAsync(key, resource, consumer, consumerClient, placementName, placement, cancellationToken);
    }

    private async Task<ReconcileResult> RouteAsync(
        BrokeredKey key, BrokeredResource resource, JsonObject consumer, ClusterClient consumerClient, string placementName, PlacementRecord? placement, CancellationToken cancellationToken)
    {
        var cluster = key.Object.Cluster;
        var obj = JsonSerializer.SerializeToElement(consumer);
        var current = placement?.Spec.Provider is { } p ? new CurrentPlacement(p.Cluster, new AcceptApiId(p.Cluster, p.AcceptApi.Namespace ?? "", p.AcceptApi.Name)) : null;
        var router = acceptApis.Router;
        var request = new RoutingRequest(cluster, resource.RouterGvr, obj, current);
        var decision = router.Decide(request);

        if (placement?.Spec.Provider is not { } provider)
        {
            metrics.New(key);
            if (decision.Chosen is not { } chosen)
            {
                var summary = router.Explain(request).Summary;
                events.Record(consumerClient, consumer, EventType.Warning, BrokerConditions.ReasonNoMatchingProvider, summary);
                await MirrorStatusAsync(consumerClient, key.Resource, consumer, copy: null, Placed(false, BrokerConditions.ReasonNoMatchingProvider, summary), Stable(), cancellationToken);
                return ReconcileResult.Done; // an AcceptAPI change re-queues this object
            }

            var reference = await ReferenceAsync(chosen, cluster, cancellationToken);
            (placement, var created) = await WriteFirstPlacementAsync(placementName, key, consumer, reference, cancellationToken);
            if (created)
            {
                // Once, by the pass that placed it: a pass behind the cache finds the record and says nothing again.
                Log.Placing(logger, key, reference.Path ?? reference.Cluster, chosen.Id.ToString());
                events.Record(consumerClient, consumer, EventType.Normal, BrokerConditions.ReasonPlaced, $"placed on {Describe(reference)} by AcceptAPI {reference.AcceptApi}");
            }

            provider = placement.Spec.Provider ?? reference;
        }

        return decision.Outcome switch
        {
            RoutingOutcome.Move when !IsAbandoned(placement, decision.Chosen!, consumer) =>
                await MoveAsync(key, consumer, consumerClient, placement!, await ReferenceAsync(decision.Chosen!, cluster, cancellationToken), cancellationToken),
            RoutingOutcome.NoProvider or RoutingOutcome.Move =>
                await StayAsync(key, consumer, consumerClient, placement!, provider, matched: false,
                    decision.Outcome == RoutingOutcome.Move
                        ? $"staying on {Describe(provider)}, which no longer accepts the object: the move to {decision.Chosen!.Provider.Path ?? decision.Chosen.Id.ProviderCluster} timed out and is retried when the object changes"
                        : $"staying on {Describe(provider)}, which no longer accepts the object, because no other provider does: {router.Explain(request).Summary}",
                    cancellationToken),
            _ => await StayAsync(key, consumer, consumerClient, placement!, await Reattributed(provider, decision.Chosen!, cluster, cancellationToken), matched: true, null, cancellationToken),
        };
    }

    /// <summary>True when an endpoint that serves the consumer's cluster says the object does not exist.</summary>
    private async Task<bool> ConfirmedGoneAsync(BrokeredResource resource, BrokeredKey key, CancellationToken cancellationToken)
    {
        foreach (var endpoint in resource.Informer.Endpoints)
        {
            try
            {
                await client.VirtualWorkspace(endpoint, ClusterPath.Parse(key.Object.Cluster)).GetAsync(key.Resource, key.Object.Namespace, key.Object.Name, cancellationToken);
                return false; // still there: the cache is behind
            }
            catch (NotFoundException)
            {
                return true;
            }
            catch (ForbiddenException)
            {
                // This endpoint does not serve that cluster (not bound there, or another shard).
            }
        }

        Log.ConsumerUnreachable(logger, key);
        return false;
    }

    private async Task<ReconcileResult> StayAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, PlacementRecord placement, ProviderReference provider,
        bool matched, string? stayReason, CancellationToken cancellationToken)
    {
        if (placement.Spec.Target is { } abandoned)
        {
            // A move in flight that is no longer wanted: its copy goes, the object stays.
            if (!await DeleteCopyAsync(key.Object.Cluster, abandoned, key.Resource, key.Object.Namespace, key.Object.Name, cancellationToken))
            {
                return ReconcileResult.After(NotReadyYet);
            }

            placement = await placements.UpdateAsync(placement with { Spec = placement.Spec with { Target = null } }, cancellationToken);
            await CollectStagingAsync(key.Object.Cluster, abandoned, placement.Metadata.Name!, placement, cancellationToken);
        }

        if (!Equals(placement.Spec.Provider, provider))
        {
            placement = await placements.UpdateAsync(placement with { Spec = placement.Spec with { Provider = provider } }, cancellationToken);
        }

        var copy = await EnsureCopyAsync(key, consumer, provider, cancellationToken, syncSpec: matched);
        if (copy is null)
        {
            return await WaitForStagingAsync(key, consumer, consumerClient, provider, cancellationToken);
        }

        _stagingWarned.TryRemove(key, out _);

        if (AwaitingProvider(key, copy, consumer) is { } wait)
        {
            return ReconcileResult.After(wait); // the provider's first status write wakes this object sooner
        }

        var placed = matched
            ? Placed(true, BrokerConditions.ReasonPlaced, $"placed on {Describe(provider)} by AcceptAPI {provider.AcceptApi}")
            : Placed(false, BrokerConditions.ReasonNoMatchingProvider, stayReason ?? $"staying on {Describe(provider)}");
        var migrating = placement.Status?.AbandonedTarget is { } target && placement.Status.AbandonedGeneration == Generation(consumer)
            ? Condition(BrokerConditions.Migrating, false, placement.Status.AbandonedReason ?? BrokerConditions.ReasonMigrationFailed,
                $"the move to {target} was abandoned: {placement.Status.AbandonedMessage}; staying on {Describe(provider)}")
            : LastMove(consumer) ?? Stable();
        var wasPlaced = IsPlaced(consumer);
        await SyncRelatedAsync(key, consumer, consumerClient, provider, copy, cancellationToken);
        await MirrorStatusAsync(consumerClient, key.Resource, consumer, copy, placed, migrating, cancellationToken);
        if (placed.Value && !wasPlaced)
        {
            metrics.Placed(key, provider);
        }
        else if (placed.Value)
        {
            metrics.Forget(key);
        }

        await SetPhaseAsync(placement, "Placed", cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// The staging workspace is not usable yet. Its preparation wakes this object when it is done; the requeue is a safety
    /// net. Only a new object is told it is being placed: a placed one keeps its status while a restarted broker confirms
    /// the workspace, however long that takes under load; the preparation logs its problems, and a Warning Event tells the
    /// object once its workspace stayed unusable for <see cref="BrokerOptions.StagingWarningAfter"/>.
    /// </summary>
    private async Task<ReconcileResult> WaitForStagingAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, ProviderReference provider, CancellationToken cancellationToken)
    {
        var preparing = staging.Preparing(key.Object.Cluster, provider);
        var waited = preparing is null ? TimeSpan.MaxValue : time.GetUtcNow() - preparing.Started;
        var message = $"preparing the staging workspace for {Describe(provider)}" + (preparing?.Problem is { } problem ? $": {problem}" : "");
        if (!IsPlaced(consumer) && waited >= PlacingGrace)
        {
            await MirrorStatusAsync(consumerClient, key.Resource, consumer, null, Placed(false, BrokerConditions.ReasonPlacing, message), Stable(), cancellationToken);
        }
        else if (IsPlaced(consumer) && preparing is not null && waited >= options.StagingWarningAfter && _stagingWarned.TryAdd(key, 0))
        {
            events.Record(consumerClient, consumer, EventType.Warning, BrokerConditions.ReasonStagingUnavailable,
                $"still {message} after {Math.Round(waited.TotalSeconds)}s; the copy there is neither checked nor updated meanwhile");
        }

        return ReconcileResult.After(PlacingGrace);
    }

    private async Task<ReconcileResult> MoveAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, PlacementRecord placement, ProviderReference target, CancellationToken cancellationToken)
    {
        var provider = placement.Spec.Provider!;
        if (placement.Spec.Target is { } recorded && !Equals(recorded, target))
        {
            // The object changed its mind mid-move: drop the old target first (one move at a time).
            return await StayAsync(key, consumer, consumerClient, placement, provider, matched: false, $"staying on {Describe(provider)} while the move changes to {Describe(target)}", cancellationToken)
                is { RequeueAfter: not null } wait ? wait : ReconcileResult.After(TimeSpan.Zero);
        }

        if (placement.Spec.Target is null)
        {
            // Recorded before the new copy exists, so a restart knows to finish or undo it.
            placement = await placements.UpdateAsync(placement with { Spec = placement.Spec with { Target = target } }, cancellationToken);
            Log.MoveStarted(logger, key, Describe(provider), Describe(target));
            metrics.MoveStarted(provider, target);
            events.Record(consumerClient, consumer, EventType.Normal, BrokerConditions.ReasonMoving, $"moving from {Describe(provider)} to {Describe(target)}: creating the new copy first");
        }

        if (placement.Status?.MoveStarted is null)
        {
            placement = await placements.UpdateStatusAsync(placement with { Status = (placement.Status ?? new PlacementStatus()) with { Phase = "Migrating", MoveStarted = time.GetUtcNow() } }, cancellationToken);
        }

        // The Migration controller drives the move (stages, timeouts); this controller keeps the copies and the consumer.
        var migration = await migrations.EnsureAsync(placement.Metadata.Name!, consumer, provider, target, placement.Status!.MoveStarted!.Value, cancellationToken);
        var oldCopy = await EnsureCopyAsync(key, consumer, provider, cancellationToken, syncSpec: false);
        if (migration.Status?.State == MigrationStates.Failed)
        {
            return await RollBackAsync(key, consumer, consumerClient, placement, target, migration, cancellationToken);
        }

        var newCopy = await EnsureCopyAsync(key, consumer, target, cancellationToken);
        if (migration.Status?.State is MigrationStates.CutoverInProgress or MigrationStates.CutoverCompleted && newCopy is not null && ProviderCopies.IsReady(newCopy))
        {
            return await CutOverAsync(key, consumer, consumerClient, placement, target, newCopy, cancellationToken);
        }

        if (oldCopy is not null)
        {
            await MirrorStatusAsync(consumerClient, key.Resource, consumer, oldCopy, PlacedOn(provider),
                Condition(BrokerConditions.Migrating, true, BrokerConditions.ReasonMoving, $"moving from {Describe(provider)} to {Describe(target)}: {Progress(migration, newCopy)}"), cancellationToken);
        }

        return ReconcileResult.Done; // the Migration's and the new copy's changes wake this object
    }

    // Cutover: the consumer's related objects switch to the new provider's data in place, then the record follows.
    private async Task<ReconcileResult> CutOverAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, PlacementRecord placement, ProviderReference target, JsonObject newCopy, CancellationToken cancellationToken)
    {
        var provider = placement.Spec.Provider!;
        await SyncRelatedAsync(key, consumer, consumerClient, target, newCopy, cancellationToken);
        placement = await placements.UpdateAsync(placement with { Spec = placement.Spec with { Provider = target, Target = null, Previous = provider } }, cancellationToken);
        await placements.UpdateStatusAsync(placement with { Status = (placement.Status ?? new PlacementStatus()) with { Phase = "Placed", MoveStarted = null, AbandonedTarget = null, AbandonedGeneration = null, AbandonedReason = null, AbandonedMessage = null, AbandonedConfiguration = null } }, cancellationToken);
        await MirrorStatusAsync(consumerClient, key.Resource, consumer, newCopy, PlacedOn(target),
            Condition(BrokerConditions.Migrating, false, BrokerConditions.ReasonCutoverCompleted, $"moved from {Describe(provider)} to {Describe(target)}"), cancellationToken);
        Log.CutOver(logger, key, Describe(provider), Describe(target));
        metrics.MoveCompleted(provider, target);
        events.Record(consumerClient, consumer, EventType.Normal, BrokerConditions.ReasonCutoverCompleted, $"moved from {Describe(provider)} to {Describe(target)}; the related objects now hold the new provider's data");
        return ReconcileResult.After(TimeSpan.Zero); // next pass deletes the old copy
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

    /// <summary>
    /// The Migration failed: the new copy goes, the old placement and the consumer's related objects stay untouched, and
    /// the move is not tried again until the object's spec (its generation) or the configuration changes.
    /// </summary>
    private async Task<ReconcileResult> RollBackAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, PlacementRecord placement, ProviderReference target, Migration migration, CancellationToken cancellationToken)
    {
        if (!await DeleteCopyAsync(key.Object.Cluster, target, key.Resource, key.Object.Namespace, key.Object.Name, cancellationToken))
        {
            return ReconcileResult.After(NotReadyYet);
        }

        var failure = migration.Status?.Conditions?.FirstOrDefault(c => c.Type == MigrationConditions.Failed);
        var reason = failure?.Reason is { Length: > 0 } r ? r : BrokerConditions.ReasonMigrationFailed;
        var message = failure?.Message ?? $"Migration {migration.Metadata.Name} failed";
        placement = await placements.UpdateAsync(placement with { Spec = placement.Spec with { Target = null } }, cancellationToken);
        placement = await placements.UpdateStatusAsync(placement with
        {
            Status = (placement.Status ?? new PlacementStatus()) with
            {
                Phase = "Placed", MoveStarted = null, AbandonedTarget = Describe(target), AbandonedGeneration = Generation(consumer),
                AbandonedReason = reason, AbandonedMessage = message, AbandonedConfiguration = ConfigurationVersion(consumer),
            },
        }, cancellationToken);
        await CollectStagingAsync(key.Object.Cluster, target, placement.Metadata.Name!, placement, cancellationToken);
        var provider = placement.Spec.Provider!;
        Log.MoveAbandoned(logger, key, Describe(target), message);
        metrics.MoveAbandoned(provider, target);
        events.Record(consumerClient, consumer, EventType.Warning, reason, $"abandoned the move to {Describe(target)}: {message}; staying on {Describe(provider)}");
        return await StayAsync(key, consumer, consumerClient, placement, provider, matched: false,
            $"staying on {Describe(provider)}, which no longer accepts the object: the move to {Describe(target)} failed and is tried again when the object changes", cancellationToken);
    }

    /// <summary>The MigrationConfiguration covering moves of this object, as name/resourceVersion; null when none does.</summary>
    private string? ConfigurationVersion(JsonObject consumer)
    {
        var gvk = MigrationRecords.Gvk(consumer);
        return options.EnableMigration && configurations.Find(gvk, gvk)?.Configuration is { } configuration
            ? $"{configuration.Metadata.Name}/{configuration.Metadata.ResourceVersion}"
            : null;
    }

    /// <summary>How much longer to wait for the provider's first status before writing the consumer's; null: write now.</summary>
    private TimeSpan? AwaitingProvider(BrokeredKey key, JsonObject copy, JsonObject consumer)
    {
        if (!_awaitingProvider.TryGetValue(key, out var created))
        {
            return null;
        }

        var waited = time.GetUtcNow() - created;
        if (copy["status"] is null && waited < ProviderGrace && ConditionSet.Find(consumer["status"] as JsonObject, BrokerConditions.Placed) is null)
        {
            return ProviderGrace - waited;
        }

        _awaitingProvider.TryRemove(key, out _);
        return null;
    }

    // A completed move stays reported (Migrating=False, CutoverCompleted) until the next one.
    private static BrokerCondition? LastMove(JsonObject consumer) =>
        ConditionSet.Find(consumer["status"] as JsonObject, BrokerConditions.Migrating) is { } migrating
        && (string?)migrating["reason"] == BrokerConditions.ReasonCutoverCompleted
            ? Condition(BrokerConditions.Migrating, false, BrokerConditions.ReasonCutoverCompleted, (string?)migrating["message"] ?? "")
            : null;

    // A failed move is not tried again until the object's spec or the MigrationConfiguration changes.
    private bool IsAbandoned(PlacementRecord? placement, CompiledAcceptApi chosen, JsonObject consumer) =>
        placement?.Status is { AbandonedTarget: { } target, AbandonedGeneration: { } generation }
        && generation == Generation(consumer)
        && placement.Status.AbandonedConfiguration == ConfigurationVersion(consumer)
        && (target == chosen.Id.ProviderCluster || target == chosen.Provider.Path);

    private static bool IsPlaced(JsonObject consumer) =>
        (string?)ConditionSet.Find(consumer["status"] as JsonObject, BrokerConditions.Placed)?["status"] == "True";

    private static long Generation(JsonObject consumer) => (long?)consumer["metadata"]?["generation"] ?? 0;
}
