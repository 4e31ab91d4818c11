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
    ConsumerObjects consumers,
    AcceptApiRegistry acceptApis,
    PlatformRecords records,
    CopyStore copies,
    BrokerOptions options,
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

    // Each step ends the pass or changes the fact it was chosen for; a pass that has not ended after this many goes on in the next.
    private const int MaxStepsPerPass = 12;

    public async Task<ReconcileResult> ReconcileAsync(BrokeredKey key, CancellationToken cancellationToken)
    {
        var pass = Read(key);
        try
        {
            for (var steps = 0; steps < MaxStepsPerPass; steps++)
            {
                var step = PlacementPlan.Next(await FactsAsync(pass, cancellationToken));
                if (await TakeAsync(step, pass, cancellationToken) is { } result)
                {
                    return result;
                }
            }
        }
        catch (Core.Routing.TranslationException e) when (pass.Consumer is not null)
        {
            return await TranslationFailedAsync(pass, e, cancellationToken);
        }

        return ReconcileResult.After(TimeSpan.Zero);
    }

    private PlacementPass Read(BrokeredKey key)
    {
        var placementName = BrokerNames.Placement(key.Object.Cluster, key.Resource, key.Object.Namespace, key.Object.Name);
        var (consumer, consumerClient) = consumers.Read(key);
        return new PlacementPass(key, consumers.Resource(key), placementName)
        {
            Consumer = consumer,
            ConsumerClient = consumerClient,
            Placement = records.Placements.Find(placementName),
        };
    }

    /// <summary>The facts the plan decides on, from the pass and the caches; the router runs here, on the current Placement.</summary>
    private async Task<PlacementFacts> FactsAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var consumer = pass.Consumer;
        var state = consumer is null ? pass.ConfirmedGone ? ConsumerState.Gone : ConsumerState.Missing
            : consumer["metadata"]?["deletionTimestamp"] is not null ? ConsumerState.Deleting
            : ConsumerState.Present;
        var placement = pass.Placement;
        var facts = new PlacementFacts
        {
            Consumer = state,
            HasPlacement = placement is not null,
            HasFinalizer = consumer is not null && HasFinalizer(consumer),
            HasProvider = placement?.Spec.Provider is not null,
            HasPrevious = placement?.Spec.Previous is not null,
            HasTarget = placement?.Spec.Target is not null,
        };
        if (state != ConsumerState.Present || !facts.HasFinalizer || facts.HasPrevious)
        {
            return facts; // decided before routing
        }

        var decision = Route(pass);
        var chosen = decision.Chosen;
        facts = facts with
        {
            Outcome = decision.Outcome,
            Chosen = chosen is not null,
            MoveAbandoned = chosen is not null && decision.Outcome == RoutingOutcome.Move && IsAbandoned(placement, chosen, consumer!),
            TargetIsChosen = chosen is not null && placement?.Spec.Target is { } target
                && target.Cluster == chosen.Id.ProviderCluster && target.ApiExportName == chosen.ApiExportName && target.AcceptApi.Name == chosen.Id.Name
                && (target.AcceptApi.Namespace ?? "") == chosen.Id.Namespace && target.TranslatedTo == chosen.Translation?.Target,
        };
        if (!facts.Moving || !facts.TargetIsChosen)
        {
            return facts;
        }

        var migration = pass.Migration ??= MigrationRecords.NameOf(placement!) is { } name ? records.Migrations.Find(name) : null;
        var cutover = migration?.Status?.State is MigrationStates.CutoverInProgress or MigrationStates.CutoverCompleted;
        var newCopy = cutover ? pass.NewCopy ?? await copies.ReadAsync(pass.Key, placement!.Spec.Target!, cancellationToken) : null;
        pass.NewCopy = newCopy;
        return facts with { MigrationState = migration?.Status?.State, NewCopyReady = ProviderCopies.IsReady(newCopy) };
    }

    private RoutingDecision Route(PlacementPass pass)
    {
        var placement = pass.Placement;
        var current = placement?.Spec.Provider is { } p ? new CurrentPlacement(p.Cluster, new AcceptApiId(p.Cluster, p.AcceptApi.Namespace ?? "", p.AcceptApi.Name)) : null;
        var request = new RoutingRequest(pass.Cluster, pass.Resource.RouterGvr, pass.ConsumerElement(), current);
        pass.Request = request;
        var decision = acceptApis.Decide(request); // timed: resource_broker_routing_duration_seconds

        // The router keeps an object on its provider while one of the provider's AcceptAPIs accepts it; one whose copy
        // would be of another export or kind moves it.
        if (decision is { Outcome: RoutingOutcome.Stay, Chosen: { } chosen } && placement!.Spec.Provider is { } provider
            && CopyIdentity.NeedsNewCopy(provider, chosen.ApiExportName, chosen.Translation?.Target))
        {
            decision = decision with { Outcome = RoutingOutcome.Move };
        }

        pass.Decision = decision;
        return decision;
    }

    /// <summary>Carries out one step; null when the pass goes on with the next one.</summary>
    private async Task<ReconcileResult?> TakeAsync(PlacementStep step, PlacementPass pass, CancellationToken cancellationToken)
    {
        var key = pass.Key;
        switch (step)
        {
            case PlacementStep.Nothing:
                metrics.Forget(key);
                return ReconcileResult.Done;
            case PlacementStep.ConfirmGone:
                pass.ConfirmedGone = await consumers.ConfirmedGoneAsync(key, cancellationToken);
                return pass.ConfirmedGone ? null : ReconcileResult.Done;
            case PlacementStep.Release:
                metrics.Forget(key);
                return await ReleaseAsync(key, pass.Record, pass.Consumer, pass.ConsumerClient, cancellationToken);
            case PlacementStep.RemoveFinalizer:
                // Only the server may say there is no Placement: a cache that is behind (a Placement made a moment ago, a
                // watch reconnecting after a restart) would let the object go and leave its copy behind.
                if (await records.Placements.GetOrNullAsync(pass.PlacementName, cancellationToken) is { } placed)
                {
                    pass.Placement = placed;
                    return null;
                }

                metrics.Forget(key);
                return await RemoveFinalizerAsync(pass.LiveClient, key.Resource, pass.LiveConsumer, cancellationToken);
            case PlacementStep.AddFinalizer:
                // Continue with the server's answer: waiting for the update's event would cost a queue round per object.
                pass.Consumer = await AddFinalizerAsync(pass.LiveClient, key.Resource, pass.LiveConsumer, cancellationToken);
                return null;
            case PlacementStep.DeleteOldCopy:
                return await DeleteOldCopyAsync(pass, cancellationToken);
            case PlacementStep.ReportNoProvider:
                return await ReportNoProviderAsync(pass, cancellationToken);
            case PlacementStep.Place:
                await PlaceAsync(pass, cancellationToken);
                return null;
            case PlacementStep.DropTarget:
                return await DropTargetAsync(pass, cancellationToken);
            case PlacementStep.StartMove:
                await StartMoveAsync(pass, await copies.ReferenceAsync(pass.Decision!.Value.Chosen!, pass.Cluster, cancellationToken), cancellationToken);
                return null;
            case PlacementStep.AwaitMigration:
                return await AwaitMigrationAsync(pass, cancellationToken);
            case PlacementStep.CutOver:
                await CutOverAsync(pass, cancellationToken);
                return ReconcileResult.After(TimeSpan.Zero);
            case PlacementStep.RollBack:
                return await RollBackAsync(pass, cancellationToken);
            case PlacementStep.Stay:
                return await StayAsync(key, pass.LiveConsumer, pass.LiveClient, pass.Record,
                    await Reattributed(pass.Record.Spec.Provider!, pass.Decision!.Value.Chosen!, pass.Cluster, cancellationToken), matched: true, null, cancellationToken);
            case PlacementStep.StayUnmatched:
                return await StayUnmatchedAsync(pass, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "not a placement step");
        }
    }

    private async Task<ReconcileResult?> DeleteOldCopyAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var previous = pass.Record.Spec.Previous!;
        if (!await copies.DeleteAsync(pass.Key, previous, cancellationToken))
        {
            return ReconcileResult.After(NotReadyYet); // the provider's finalizers hold it a while
        }

        pass.Placement = await records.Placements.UpdateAsync(pass.Record with { Spec = pass.Record.Spec with { Previous = null } }, cancellationToken);
        Log.OldCopyDeleted(logger, pass.Key, previous.Path ?? previous.Cluster);
        events.Record(pass.LiveClient, pass.LiveConsumer, EventType.Normal, "OldCopyDeleted", $"deleted the old copy at {Describe(previous)}");
        await CollectStagingAsync(pass.Cluster, previous, pass.PlacementName, pass.Placement, cancellationToken);
        return null;
    }

    private async Task<ReconcileResult> ReportNoProviderAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        metrics.New(pass.Key);
        var summary = acceptApis.Router.Explain(pass.Request!.Value).Summary;
        events.Record(pass.LiveClient, pass.LiveConsumer, EventType.Warning, BrokerConditions.ReasonNoMatchingProvider, summary);
        await MirrorStatusAsync(pass.LiveClient, pass.Key.Resource, pass.LiveConsumer, copy: null, Placed(false, BrokerConditions.ReasonNoMatchingProvider, summary), Stable(), cancellationToken);
        return ReconcileResult.Done; // an AcceptAPI change re-queues this object
    }

    private async Task PlaceAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        metrics.New(pass.Key);
        var chosen = pass.Decision!.Value.Chosen!;
        var reference = await copies.ReferenceAsync(chosen, pass.Cluster, cancellationToken);
        (var placement, var created) = await WriteFirstPlacementAsync(pass.PlacementName, pass.Key, pass.LiveConsumer, reference, cancellationToken);
        if (created)
        {
            // Once, by the pass that placed it: a pass behind the cache finds the record and says nothing again.
            Log.Placing(logger, pass.Key, reference.Path ?? reference.Cluster, chosen.Id.ToString());
            events.Record(pass.LiveClient, pass.LiveConsumer, EventType.Normal, BrokerConditions.ReasonPlaced, $"placed on {Describe(reference)} by AcceptAPI {reference.AcceptApi}");
        }

        pass.Placement = placement.Spec.Provider is null ? placement with { Spec = placement.Spec with { Provider = reference } } : placement;
    }

    private Task<ReconcileResult> StayUnmatchedAsync(PlacementPass pass, CancellationToken cancellationToken)
    {
        var provider = pass.Record.Spec.Provider!;
        var decision = pass.Decision!.Value;
        var reason = decision.Outcome == RoutingOutcome.Move
            ? decision.Chosen!.Id.ProviderCluster == provider.Cluster
                ? $"staying on {Describe(provider)} as it is: the move to the new copy AcceptAPI {CopyStore.AcceptApiName(decision.Chosen.Id)} needs there failed and is tried again when the object changes"
                : $"staying on {Describe(provider)}, which no longer accepts the object: the move to {decision.Chosen.Provider.Path ?? decision.Chosen.Id.ProviderCluster} failed and is tried again when the object changes"
            : $"staying on {Describe(provider)}, which no longer accepts the object, because no other provider does: {acceptApis.Router.Explain(pass.Request!.Value).Summary}";
        return StayAsync(pass.Key, pass.LiveConsumer, pass.LiveClient, pass.Record, provider, matched: false, reason, cancellationToken);
    }

    private async Task<ReconcileResult> StayAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, PlacementRecord placement, ProviderReference provider,
        bool matched, string? stayReason, CancellationToken cancellationToken)
    {
        if (!Equals(placement.Spec.Provider, provider))
        {
            placement = await records.Placements.UpdateAsync(placement with { Spec = placement.Spec with { Provider = provider } }, cancellationToken);
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
    /// The staging workspace is not usable yet. The staging controller queues this object when it is ready; the requeue is
    /// a safety net. Only a new object is told it is being placed: a placed one keeps its status while a restarted broker confirms
    /// the workspace, however long that takes under load; the preparation logs its problems, and a Warning Event tells the
    /// object once its workspace stayed unusable for <see cref="BrokerOptions.StagingWarningAfter"/>.
    /// </summary>
    private async Task<ReconcileResult> WaitForStagingAsync(
        BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, ProviderReference provider, CancellationToken cancellationToken)
    {
        var preparing = copies.Preparing(key.Object.Cluster, provider);
        var waited = preparing is null ? TimeSpan.MaxValue : time.GetUtcNow() - preparing.Started;
        var message = $"preparing the staging workspace for {Describe(provider)}" + (preparing?.Problem is { } problem ? $": {problem}" : "");
        if (!IsPlaced(consumer) && waited >= PlacingGrace)
        {
            var reason = preparing?.Refused == true ? BrokerConditions.ReasonForbidden : BrokerConditions.ReasonPlacing;
            await MirrorStatusAsync(consumerClient, key.Resource, consumer, null, Placed(false, reason, message), Stable(), cancellationToken);
        }
        else if (IsPlaced(consumer) && preparing is not null && waited >= options.StagingWarningAfter && _stagingWarned.TryAdd(key, 0))
        {
            events.Record(consumerClient, consumer, EventType.Warning, BrokerConditions.ReasonStagingUnavailable,
                $"still {message} after {Math.Round(waited.TotalSeconds)}s; the copy there is neither checked nor updated meanwhile");
        }

        return ReconcileResult.After(PlacingGrace);
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
        && placement.Status.AbandonedConfiguration == ConfigurationVersion(consumer, placement.Spec.Provider?.TranslatedTo, chosen.Translation?.Target)
        && (target == chosen.Id.ProviderCluster || target == chosen.Provider.Path);

    private static bool IsPlaced(JsonObject consumer) =>
        (string?)ConditionSet.Find(consumer["status"] as JsonObject, BrokerConditions.Placed)?["status"] == "True";

    private static long Generation(JsonObject consumer) => (long?)consumer["metadata"]?["generation"] ?? 0;
}
