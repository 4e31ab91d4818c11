using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Staging;

/// <summary>
/// The provider-side copy of a consumer object: same namespace and name, the consumer's spec (and any
/// other top-level fields), its labels and annotations minus the broker's and kcp's. Updates replace
/// the copied parts wholesale, so removed fields disappear too; an unchanged copy is not written.
/// </summary>
public static class ProviderCopies
{
    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "status" };

    /// <summary>Creates or updates the copy; returns it as the server has it.</summary>
    public static async Task<JsonObject> SyncAsync(
        ClusterClient staging, GroupVersionResource resource, JsonObject consumer, JsonObject? existing, CancellationToken cancellationToken)
    {
        if (existing is null)
        {
            var meta = new JsonObject { ["name"] = KubeObject.Name(consumer) };
            if (KubeObject.Namespace(consumer) is { Length: > 0 } ns)
            {
                meta["namespace"] = ns;
            }

            // Absent rather than null: a null map would be stored and differ from the next pass's desired copy.
            SetOrRemove(meta, "labels", Filtered(consumer["metadata"]?["labels"] as JsonObject, null));
            SetOrRemove(meta, "annotations", Filtered(consumer["metadata"]?["annotations"] as JsonObject, null));
            var copy = new JsonObject
            {
                ["apiVersion"] = consumer["apiVersion"]?.DeepClone(),
                ["kind"] = consumer["kind"]?.DeepClone(),
                ["metadata"] = meta,
            };
            CopyContent(consumer, copy);
            try
            {
                return await staging.CreateAsync(resource, KubeObject.Namespace(consumer), copy, cancellationToken);
            }
            catch (AlreadyExistsException)
            {
                existing = await staging.GetAsync(resource, KubeObject.Namespace(consumer), KubeObject.Name(consumer), cancellationToken);
            }
        }

        if (IsCurrent(consumer, existing))
        {
            return existing; // the steady state: compared in place, without a clone of the copy to compare
        }

        var updated = existing.DeepClone().AsObject();
        var metadata = updated["metadata"]!.AsObject();
        SetOrRemove(metadata, "labels", Filtered(consumer["metadata"]?["labels"] as JsonObject, metadata["labels"] as JsonObject));
        SetOrRemove(metadata, "annotations", Filtered(consumer["metadata"]?["annotations"] as JsonObject, metadata["annotations"] as JsonObject));
        foreach (var key in updated.Select(p => p.Key).Where(k => !NotCopied.Contains(k)).ToList())
        {
            updated.Remove(key);
        }

        CopyContent(consumer, updated);
        return JsonNode.DeepEquals(updated, existing) ? existing : await staging.UpdateAsync(resource, updated, cancellationToken);
    }

    /// <summary>Whether the provider reports the copy ready: status.status Available, or a Ready=True condition.</summary>
    public static bool IsReady(JsonObject? copy) =>
        copy?["status"] is JsonObject status
        && ((string?)status["status"] == "Available"
            || (status["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True") == true);

    // Whether the update below would leave the copy as it is: its labels and annotations are what Filtered makes of them
    // (absent when that is null) and its copied content is the consumer's, key for key (in any order, as DeepEquals).
    private static bool IsCurrent(JsonObject consumer, JsonObject existing)
    {
        var metadata = existing["metadata"] as JsonObject;
        if (metadata is null || !Same(metadata, "labels", Filtered(consumer["metadata"]?["labels"] as JsonObject, metadata["labels"] as JsonObject))
            || !Same(metadata, "annotations", Filtered(consumer["metadata"]?["annotations"] as JsonObject, metadata["annotations"] as JsonObject)))
        {
            return false;
        }

        var copied = 0;
        foreach (var (key, value) in existing)
        {
            if (NotCopied.Contains(key))
            {
                continue;
            }

            copied++;
            if (!consumer.TryGetPropertyValue(key, out var wanted) || !JsonNode.DeepEquals(value, wanted))
            {
                return false;
            }
        }

        return copied == consumer.Count(p => !NotCopied.Contains(p.Key));
    }

    private static bool Same(JsonObject metadata, string key, JsonObject? wanted) =>
        wanted is null ? !metadata.ContainsKey(key) : metadata.TryGetPropertyValue(key, out var value) && JsonNode.DeepEquals(value, wanted);

    private static void SetOrRemove(JsonObject obj, string key, JsonNode? value)
    {
        if (value is null)
        {
            obj.Remove(key);
        }
        else
        {
            obj[key] = value;
        }
    }

    private static void CopyContent(JsonObject from, JsonObject to)
    {
        foreach (var (key, value) in from)
        {
            if (!NotCopied.Contains(key))
            {
                to[key] = value?.DeepClone();
            }
        }
    }

    // The consumer's keys minus system ones, plus the system keys the copy already carries (kcp's own).
    private static JsonObject? Filtered(JsonObject? consumer, JsonObject? existing)
    {
        var result = new JsonObject();
        foreach (var (key, value) in existing ?? [])
        {
            if (BrokerNames.IsSystemKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }

        foreach (var (key, value) in consumer ?? [])
        {
            if (!BrokerNames.IsSystemKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result.Count == 0 ? null : result;
    }
}
