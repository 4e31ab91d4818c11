using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Related;
using Broker.Controllers.Staging;
using Broker.Controllers.Status;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Controllers;
using Broker.Runtime.Events;
using k8s.Models;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Placement;

// The individual steps of a pass; each is idempotent and writes only when something differs.
public sealed partial class PlacementReconciler
{
    private readonly record struct BrokerCondition(string Type, bool Value, string Reason, string Message);

    /// <summary>
    /// The provider's copy, created or brought up to date; null while its staging workspace is not ready.
    /// With <paramref name="syncSpec"/> false the copy is only read: a provider that no longer accepts the
    /// object keeps serving the last spec it accepted rather than receive one it would refuse.
    /// </summary>
    private async Task<JsonObject?> EnsureCopyAsync(BrokeredKey key, JsonObject consumer, ProviderReference provider, CancellationToken cancellationToken, bool syncSpec = true)
    {
        var (copy, created) = await copies.EnsureAsync(key, consumer, provider, syncSpec, cancellationToken);
        if (created)
        {
            _awaitingProvider[key] = time.GetUtcNow();
        }

        return copy;
    }

    /// <summary>
    /// Deletes the staging workspace of (consumer, provider export) when no Placement refers to it any more.
    /// <paramref name="fresh"/> is the record this pass just wrote (or deleted, when null): the cache may still show its old version.
    /// </summary>
    private async Task CollectStagingAsync(string consumerCluster, ProviderReference provider, string placementName, PlacementRecord? fresh, CancellationToken cancellationToken)
    {
        bool Uses(ProviderReference? p) => p is not null && p.Cluster == provider.Cluster && p.ApiExportName == provider.ApiExportName;
        // Through the index of staging workspaces, not a scan of every Placement (each read parses its record).
        var others = records.Placements.UsingStaging(BrokerNames.StagingWorkspace(consumerCluster, provider.Cluster, provider.ApiExportName))
            .Where(p => p.Metadata.Name != placementName).Concat(fresh is null ? [] : [fresh]);
        if (others.Any(p => p.Spec.Consumer.Cluster == consumerCluster && (Uses(p.Spec.Provider) || Uses(p.Spec.Target) || Uses(p.Spec.Previous))))
        {
            return;
        }

        await copies.DeleteStagingAsync(consumerCluster, provider, cancellationToken);
    }

    private async Task SyncRelatedAsync(BrokeredKey key, JsonObject consumer, ClusterClient consumerClient, ProviderReference provider, JsonObject copy, CancellationToken cancellationToken)
    {
        if (copy["status"] is null || !ProviderStatus.IsSettled((string?)copy["status"]?["status"]) && !ProviderCopies.IsReady(copy))
        {
            return; // upstream's contract: nothing to copy while the provider says ""/Unknown/Provisioning
        }

        if (copies.StagingView(key, provider) is { } stagingView)
        {
            foreach (var problem in await RelatedObjects.SyncAsync(stagingView, consumers.RelatedView(key, consumerClient), key.Resource, consumer, copy, cancellationToken))
            {
                Log.RelatedProblem(logger, key, problem);
                events.Record(consumerClient, consumer, EventType.Warning, "RelatedObjectNotSynced", problem);
            }
        }
    }

    /// <summary>Writes the consumer's status: the provider copy's status with the broker's conditions upserted.</summary>
    private async Task MirrorStatusAsync(
        ClusterClient consumerClient, GroupVersionResource resource, JsonObject consumer, JsonObject? copy,
        BrokerCondition placed, BrokerCondition migrating, CancellationToken cancellationToken)
    {
        var existing = consumer["status"] as JsonObject;
        var desired = (copy?["status"] as JsonObject ?? existing ?? new JsonObject()).DeepClone().AsObject();
        var now = time.GetUtcNow();
        foreach (var condition in new[] { placed, migrating })
        {
            // Carry our previous condition over first, so an unchanged status keeps its transition time.
            ConditionSet.Remove(desired, condition.Type);
            if (ConditionSet.Find(existing, condition.Type) is { } previous)
            {
                ((desired["conditions"] ??= new JsonArray()) as JsonArray)!.Add(previous.DeepClone());
            }

            ConditionSet.Upsert(desired, condition.Type, condition.Value, condition.Reason, condition.Message, now, (long?)consumer["metadata"]?["generation"]);
        }

        if (JsonNode.DeepEquals(desired, existing))
        {
            return;
        }

        var updated = consumer.DeepClone().AsObject();
        updated["status"] = desired;
        await consumerClient.UpdateStatusForHeaderAsync(resource, updated, cancellationToken);
    }

    private async Task<ReconcileResult> ReleaseAsync(
        BrokeredKey key, PlacementRecord placement, JsonObject? consumer, ClusterClient? consumerClient, CancellationToken cancellationToken)
    {
        if (placement.Status?.Phase != "Deleting")
        {
            placement = await records.Placements.UpdateStatusAsync(placement with { Status = (placement.Status ?? new PlacementStatus()) with { Phase = "Deleting" } }, cancellationToken);
        }

        var providers = new[] { placement.Spec.Provider, placement.Spec.Target, placement.Spec.Previous }.OfType<ProviderReference>().ToList();
        foreach (var provider in providers)
        {
            if (!await copies.DeleteAsync(key, provider, cancellationToken))
            {
                return ReconcileResult.After(NotReadyYet); // the provider is still cleaning up
            }
        }

        if (consumerClient is not null)
        {
            await RelatedObjects.RemoveAllAsync(consumers.RelatedView(key, consumerClient), key.Resource, key.Object.Namespace, key.Object.Name, cancellationToken);
        }

        await records.Placements.DeleteAsync(placement.Metadata.Name!, cancellationToken);
        _awaitingProvider.TryRemove(key, out _);
        _stagingWarned.TryRemove(key, out _);
        metrics.Forget(key);
        foreach (var provider in providers)
        {
            await CollectStagingAsync(key.Object.Cluster, provider, placement.Metadata.Name!, fresh: null, cancellationToken);
        }

        Log.Released(logger, key);
        return consumer is null || consumerClient is null
            ? ReconcileResult.Done
            : await RemoveFinalizerAsync(consumerClient, key.Resource, consumer, cancellationToken);
    }

    private static bool HasFinalizer(JsonObject consumer) =>
        (consumer["metadata"]?["finalizers"] as JsonArray)?.Any(f => (string?)f == BrokerGroup.ConsumerFinalizer) == true;

    private static Task<JsonObject> AddFinalizerAsync(ClusterClient consumerClient, GroupVersionResource resource, JsonObject consumer, CancellationToken cancellationToken)
    {
        var updated = consumer.DeepClone().AsObject();
        var metadata = updated["metadata"]!.AsObject();
        ((metadata["finalizers"] ??= new JsonArray()) as JsonArray)!.Add(BrokerGroup.ConsumerFinalizer);
        return consumerClient.UpdateAsync(resource, updated, cancellationToken);
    }

    private static async Task<ReconcileResult> RemoveFinalizerAsync(ClusterClient consumerClient, GroupVersionResource resource, JsonObject consumer, CancellationToken cancellationToken)
    {
        if (!HasFinalizer(consumer))
        {
            return ReconcileResult.Done;
        }

        var updated = consumer.DeepClone().AsObject();
        var finalizers = updated["metadata"]!["finalizers"]!.AsArray();
        finalizers.Remove(finalizers.First(f => (string?)f == BrokerGroup.ConsumerFinalizer));
        try
        {
            await consumerClient.UpdateAsync(resource, updated, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Released already.
        }

        return ReconcileResult.Done;
    }

    /// <summary>Creates the object's Placement record, or reads the one an earlier pass created (Created false).</summary>
    private async Task<(PlacementRecord Record, bool Created)> WriteFirstPlacementAsync(string name, BrokeredKey key, JsonObject consumer, ProviderReference provider, CancellationToken cancellationToken)
    {
        var placement = new PlacementRecord
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new PlacementSpec
            {
                Consumer = new ConsumerReference
                {
                    Cluster = key.Object.Cluster,
                    Gvr = new Core.Api.Meta.GroupVersionResource { Group = key.Resource.Group, Version = key.Resource.Version, Resource = key.Resource.Resource },
                    Namespace = key.Object.Namespace.Length == 0 ? null : key.Object.Namespace,
                    Name = key.Object.Name,
                    Uid = (string?)consumer["metadata"]?["uid"],
                },
                Provider = provider,
            },
        };
        try
        {
            // No status write here: an empty phase reads as pending, and the pass that places the copy sets it.
            return (await records.Placements.CreateAsync(placement, cancellationToken), true);
        }
        catch (AlreadyExistsException)
        {
            // Written by an earlier pass the cache has not shown yet: continue from the server's record.
            return (await records.Placements.GetAsync(name, cancellationToken), false);
        }
    }

    private async Task SetPhaseAsync(PlacementRecord placement, string phase, CancellationToken cancellationToken)
    {
        if (placement.Status?.Phase != phase)
        {
            await records.Placements.UpdateStatusForHeaderAsync(placement with { Status = (placement.Status ?? new PlacementStatus()) with { Phase = phase } }, cancellationToken);
        }
    }

    // The chosen AcceptAPI keeps the copy where it is (one that needs another export or kind moves it, see NeedsNewCopy):
    // another AcceptAPI of the same provider took over, or the same one now translates to another version of that kind.
    private async Task<ProviderReference> Reattributed(ProviderReference current, CompiledAcceptApi chosen, string consumerCluster, CancellationToken cancellationToken) =>
        chosen.Id.Name == current.AcceptApi.Name && chosen.Id.Namespace == (current.AcceptApi.Namespace ?? "") && chosen.Translation?.Target == current.TranslatedTo
            ? current
            : await copies.ReferenceAsync(chosen, consumerCluster, cancellationToken);

    private static BrokerCondition Placed(bool value, string reason, string message) => new(BrokerConditions.Placed, value, reason, message);

    private static BrokerCondition PlacedOn(ProviderReference provider) =>
        Placed(true, BrokerConditions.ReasonPlaced, $"placed on {Describe(provider)} by AcceptAPI {provider.AcceptApi}");

    private static BrokerCondition Stable() => new(BrokerConditions.Migrating, false, BrokerConditions.ReasonStable, "no move in progress");

    private static BrokerCondition Condition(string type, bool value, string reason, string message) => new(type, value, reason, message);

    private static string Describe(ProviderReference provider) => provider.Path ?? provider.Cluster;

    // "from A to B"; a move within one provider (to another kind or export) names both copies.
    private static string FromTo(ProviderReference from, ProviderReference to) =>
        from.Cluster == to.Cluster
            ? $"on {Describe(from)} from {DescribeCopy(from)} to {DescribeCopy(to)}"
            : $"from {Describe(from)} to {Describe(to)}";

    private static string DescribeCopy(ProviderReference provider) =>
        $"{provider.TranslatedTo?.Kind ?? "the brokered kind"} through export {provider.ApiExportName}";
}
