using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Related;

/// <summary>
/// Copies the objects a provider lists in <c>status.relatedResources</c> (e.g. a Certificate's Secret)
/// from the staging workspace into the consumer object's namespace, under the same name, owned by the
/// consumer object and labelled with its hash. Updates happen in place, so during a move the Secret
/// keeps its name and is never absent; copies the provider no longer lists are removed.
/// </summary>
public static class RelatedObjects
{
    /// <summary>Syncs every related object of <paramref name="copy"/>; returns problems worth a condition (empty when all is well).</summary>
    public static async Task<IReadOnlyList<string>> SyncAsync(
        RelatedView staging, RelatedView consumerCluster, GroupVersionResource consumerResource, JsonObject consumer, JsonObject copy, CancellationToken cancellationToken)
    {
        var ns = KubeObject.Namespace(consumer);
        var owner = BrokerNames.OwnerValue(consumerResource, ns, KubeObject.Name(consumer));
        var problems = new List<string>();
        var wanted = new HashSet<(GroupVersionResource, string)>();
        foreach (var (key, node) in copy["status"]?["relatedResources"] as JsonObject ?? [])
        {
            if (node is not JsonObject related || (string?)related["name"] is not { Length: > 0 } name || Resource(related["gvk"] as JsonObject) is not { } resource)
            {
                problems.Add($"relatedResources.{key} has no name or gvk");
                continue;
            }

            wanted.Add((resource, name));
            var sourceNs = (string?)related["namespace"] is { Length: > 0 } listedNs ? listedNs : KubeObject.Namespace(copy);
            if (await ReadAsync(staging, resource, sourceNs, name, cancellationToken) is not { } source)
            {
                continue; // listed before it exists (or before the cache shows it): keep whatever the consumer has until it does
            }

            // A cached source is digested (RelatedContent): enough to see the consumer's copy is current; a write takes it in
            // full as its watch delivered it, when that is still held, or reads it.
            var desired = Desired(source, consumer, ns, owner);
            Func<Task<JsonObject?>> full = async () =>
                !RelatedContent.IsDigested(source) ? desired
                : (staging.Cache.TakeFull(resource, sourceNs, name, KubeObject.ResourceVersion(source))
                    ?? await staging.Client.GetOrNullAsync(resource, sourceNs, name, cancellationToken)) is { } read ? Desired(read, consumer, ns, owner)
                : null;
            if (await WriteAsync(consumerCluster, resource, desired, full, owner, cancellationToken) is { } problem)
            {
                problems.Add(problem);
            }
        }

        await RemoveUnlistedAsync(consumerCluster, ns, owner, wanted, cancellationToken);
        return problems;
    }

    /// <summary>Deletes every related copy of a consumer object (on its deletion). Listed from the server, not the cache:
    /// the finalizer goes right after, so a copy the cache has not seen yet (a watch reconnecting after a kcp restart)
    /// would be left behind for good.</summary>
    public static Task RemoveAllAsync(RelatedView consumerCluster, GroupVersionResource consumerResource, string ns, string name, CancellationToken cancellationToken) =>
        RemoveUnlistedAsync(consumerCluster with { Cache = StoreRelatedCache.None }, ns, BrokerNames.OwnerValue(consumerResource, ns, name), [], cancellationToken);

    /// <summary>The REST resource of a related object's gvk; upstream writes group "core" for the core group.</summary>
    public static GroupVersionResource? Resource(JsonObject? gvk)
    {
        if ((string?)gvk?["version"] is not { Length: > 0 } version || (string?)gvk["kind"] is not { Length: > 0 } kind)
        {
            return null;
        }

        var group = (string?)gvk["group"] is "core" or null ? "" : (string)gvk["group"]!;
        return new GroupVersionResource(group, version, KindNames.Plural(kind));
    }

    private static JsonObject Desired(JsonObject source, JsonObject consumer, string ns, string owner)
    {
        var labels = new JsonObject { [BrokerNames.OwnerLabel] = owner };
        foreach (var (key, value) in source["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (!BrokerNames.IsSystemKey(key))
            {
                labels[key] = value?.DeepClone();
            }
        }

        var desired = new JsonObject
        {
            ["apiVersion"] = source["apiVersion"]?.DeepClone(),
            ["kind"] = source["kind"]?.DeepClone(),
            ["metadata"] = new JsonObject
            {
                ["name"] = KubeObject.Name(source),
                ["namespace"] = ns,
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = consumer["apiVersion"]?.DeepClone(),
                    ["kind"] = consumer["kind"]?.DeepClone(),
                    ["name"] = KubeObject.Name(consumer),
                    ["uid"] = consumer["metadata"]?["uid"]?.DeepClone(),
                }),
            },
        };
        foreach (var (key, value) in source)
        {
            if (RelatedContent.IsContent(key))
            {
                desired[key] = value?.DeepClone();
            }
        }

        return desired;
    }

    // desired may carry only its content's digest (from a cache); fullDesired reads it in full for a write (null: the source is gone).
    private static async Task<string?> WriteAsync(
        RelatedView consumerCluster, GroupVersionResource resource, JsonObject desired, Func<Task<JsonObject?>> fullDesired, string owner, CancellationToken cancellationToken)
    {
        var ns = KubeObject.Namespace(desired);
        var name = KubeObject.Name(desired);
        var existing = await ReadAsync(consumerCluster, resource, ns, name, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (existing is not null && KubeObject.Label(existing, BrokerNames.OwnerLabel) != owner)
                {
                    return $"{resource.Resource} {ns}/{name} exists and is not the broker's; it is left alone";
                }

                if (existing is not null && Unchanged(Merged(existing, desired), existing))
                {
                    return null;
                }

                if (RelatedContent.IsDigested(desired))
                {
                    if (await fullDesired() is not { } full)
                    {
                        return null; // the source went away meanwhile: keep what the consumer has
                    }

                    desired = full;
                }

                if (existing is null)
                {
                    await consumerCluster.Client.CreateForHeaderAsync(resource, ns, desired, cancellationToken);
                }
                else
                {
                    var updated = Merged(existing, desired);
                    if (!Unchanged(updated, existing))
                    {
                        await consumerCluster.Client.UpdateForHeaderAsync(resource, updated, cancellationToken);
                    }
                }

                return null;
            }
            catch (Exception e) when (attempt == 0 && e is AlreadyExistsException or ConflictException)
            {
                existing = await consumerCluster.Client.GetOrNullAsync(resource, ns, name, cancellationToken); // the cache was behind: once more from the server
            }
        }
    }

    // The same metadata and content (compared by digest: either side may be a cache's digested form).
    private static bool Unchanged(JsonObject updated, JsonObject existing) =>
        JsonNode.DeepEquals(updated["metadata"], existing["metadata"]) && RelatedContent.Digest(updated) == RelatedContent.Digest(existing);

    // The existing object with the broker's parts replaced: kcp's own labels (e.g. claim labels) survive.
    private static JsonObject Merged(JsonObject existing, JsonObject desired)
    {
        var updated = existing.DeepClone().AsObject();
        var metadata = updated["metadata"]!.AsObject();
        var labels = desired["metadata"]!["labels"]!.DeepClone().AsObject();
        foreach (var (key, value) in metadata["labels"] as JsonObject ?? [])
        {
            if (BrokerNames.IsSystemKey(key) && key != BrokerNames.OwnerLabel)
            {
                labels[key] = value?.DeepClone();
            }
        }

        metadata["labels"] = labels;
        metadata["ownerReferences"] = desired["metadata"]!["ownerReferences"]!.DeepClone();
        foreach (var key in updated.Select(p => p.Key).Where(RelatedContent.IsContent).ToList())
        {
            updated.Remove(key);
        }

        foreach (var (key, value) in desired.Where(p => RelatedContent.IsContent(p.Key)))
        {
            updated[key] = value?.DeepClone();
        }

        return updated;
    }

    private static async Task<JsonObject?> ReadAsync(RelatedView view, GroupVersionResource resource, string ns, string name, CancellationToken cancellationToken) =>
        view.Cache.TryGet(resource, ns, name, out var cached) ? cached : await view.Client.GetOrNullAsync(resource, ns, name, cancellationToken);

    private static async Task RemoveUnlistedAsync(
        RelatedView consumerCluster, string ns, string owner, HashSet<(GroupVersionResource, string)> wanted, CancellationToken cancellationToken)
    {
        // Secrets are what providers list; other kinds follow the same label when copied.
        var resources = wanted.Select(w => w.Item1).Append(CoreResources.Secrets).Distinct();
        foreach (var resource in resources)
        {
            var owned = consumerCluster.Cache.ListLabelled(resource, ns, BrokerNames.OwnerLabel, owner)
                ?? await ListOwnedAsync(consumerCluster.Client, resource, ns, owner, cancellationToken);
            foreach (var stale in owned.Where(i => !wanted.Contains((resource, KubeObject.Name(i)))))
            {
                try
                {
                    await consumerCluster.Client.DeleteAsync(resource, ns, KubeObject.Name(stale), null, cancellationToken);
                }
                catch (NotFoundException)
                {
                    // Gone already.
                }
            }
        }
    }

    private static async Task<IReadOnlyList<JsonObject>> ListOwnedAsync(ClusterClient client, GroupVersionResource resource, string ns, string owner, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.ListAllAsync(resource, ns, new ListOptions { LabelSelector = $"{BrokerNames.OwnerLabel}={owner}" }, cancellationToken)).Items;
        }
        catch (NotFoundException)
        {
            return []; // the export does not claim this kind, so the broker cannot have copied any
        }
    }
}
