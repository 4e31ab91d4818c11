using System.Text.Json;
using Broker.Controllers.Placement;
using Broker.Core.Routing;

namespace Broker.Controllers.AcceptApis;

/// <summary>
/// The brokered objects whose routing an AcceptAPI change can alter, found through <see cref="RoutingIndexes"/>. A placed
/// object stays while its AcceptAPI (or another of its provider) accepts it (<see cref="Router"/>), so a change to
/// AcceptAPI X concerns only the objects X placed or is moving to, whose decision is compared before and after, and the
/// unplaced objects of X's resource, whose explanation changes with any AcceptAPI. Everything else keeps its decision.
/// </summary>
public sealed class AffectedObjects(IReadOnlyList<BrokeredResource> brokered, PlacementRecords placements)
{
    /// <summary>The objects to reconcile again after the router changed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public IReadOnlySet<BrokeredKey> Of(Router before, Router after)
    {
        var affected = new HashSet<BrokeredKey>();
        var changed = Changed(before, after);
        if (changed.Count == 0)
        {
            return affected;
        }

        foreach (var resource in brokered.Where(r => changed.Any(c => c.Gvr == r.RouterGvr)))
        {
            foreach (var unplaced in RoutingIndexes.Unplaced(resource.Informer.Store))
            {
                affected.Add(new BrokeredKey(resource.Resource, unplaced.Key));
            }
        }

        var snapshot = placements.Cache.Snapshot;
        foreach (var id in changed.Select(c => c.Id).Distinct())
        {
            foreach (var cached in snapshot.ByIndex(RoutingIndexes.PlacementsByAcceptApi.Name, RoutingIndexes.Value(id)))
            {
                var placement = placements.Parsed(cached);
                var consumer = placement.Spec.Consumer;
                var resource = brokered.FirstOrDefault(r => r.Resource.Group == consumer.Gvr.Group && r.Resource.Version == consumer.Gvr.Version && r.Resource.Resource == consumer.Gvr.Resource);
                var key = new Runtime.Cache.ObjectKey(consumer.Cluster, consumer.Namespace ?? "", consumer.Name);
                if (resource is not null && (placement.Spec.Target is not null || DecisionChanges(resource, key, placement.Spec.Provider, before, after)))
                {
                    affected.Add(new BrokeredKey(resource.Resource, key)); // a move in flight is looked at again whatever the decision
                }
            }
        }

        return affected;
    }

    /// <summary>AcceptAPIs added, removed or recompiled (an unchanged one keeps its compiled instance across rebuilds).</summary>
    private static List<CompiledAcceptApi> Changed(Router before, Router after)
    {
        var old = before.Index.All.ToDictionary(a => (a.Id, a.Gvr));
        var now = after.Index.All.ToDictionary(a => (a.Id, a.Gvr));
        return
        [
            .. now.Values.Where(a => !old.TryGetValue((a.Id, a.Gvr), out var was) || !ReferenceEquals(was, a)),
            .. old.Values.Where(a => !now.TryGetValue((a.Id, a.Gvr), out var kept) || !ReferenceEquals(kept, a)),
        ];
    }

    private static bool DecisionChanges(BrokeredResource resource, Runtime.Cache.ObjectKey key, Core.Api.V1Alpha1.ProviderReference? provider, Router before, Router after)
    {
        if (provider is null || !resource.Informer.Store.TryGet(key, out var cached) || cached is null)
        {
            return provider is not null; // an object gone from the cache: its pass cleans up
        }

        using var document = cached.ReadDocument();
        var current = new CurrentPlacement(provider.Cluster, new AcceptApiId(provider.Cluster, provider.AcceptApi.Namespace ?? "", provider.AcceptApi.Name));
        var request = new RoutingRequest(key.Cluster, resource.RouterGvr, document.Root, current);
        var old = before.Decide(request);
        var now = after.Decide(request);
        // A translation is compiled anew only when its AcceptAPI changed: another instance means the copies it made may
        // read differently now.
        return old.Outcome != now.Outcome || old.Chosen?.Id != now.Chosen?.Id || now.Chosen is null || old.Chosen?.ApiExportName != now.Chosen?.ApiExportName
            || !ReferenceEquals(old.Chosen?.Translation, now.Chosen?.Translation);
    }
}
