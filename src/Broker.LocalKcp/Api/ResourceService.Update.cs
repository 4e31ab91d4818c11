using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Json;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Api;

public sealed partial class ResourceService
{
    private const int MaxPatchAttempts = 8;

    /// <summary>
    /// PUT. Without a subresource status is kept from the stored object (when the resource has a status
    /// subresource); with "status" only status is taken from the body. A stale resourceVersion is a 409.
    /// </summary>
    public StoredObject Update(
        LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name, JsonObject body, string? subresource, bool @internal = false, WriteOptions options = default)
    {
        if (resource.ReadOnly && !@internal)
        {
            throw StatusException.MethodNotAllowed($"{resource.GroupResource} is read-only");
        }

        body = PrepareBody(resource, body);
        var bodyName = ObjectMeta.Name(body);
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw StatusException.BadRequest("the name of the object does not match the name on the URL");
        }

        var expected = ObjectMeta.GetString(body, "metadata", "resourceVersion") is { Length: > 0 } rv
            ? ParseRevision(rv)
            : (long?)null;
        return Write(cluster, resource, @namespace, name, body, subresource, expected, @internal, options);
    }

    /// <summary>PATCH: applies the patch to the current object and writes it, retrying on concurrent writes.</summary>
    public StoredObject Patch(
        LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name, PatchType type, JsonNode? patch, string? subresource, bool @internal = false, WriteOptions options = default)
    {
        if (resource.ReadOnly && !@internal)
        {
            throw StatusException.MethodNotAllowed($"{resource.GroupResource} is read-only");
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = TryGet(cluster, resource, @namespace, name);
            if (current is null)
            {
                if (type == PatchType.Apply && patch is JsonObject applied)
                {
                    return Create(cluster, resource, @namespace, (JsonObject)applied.DeepClone(), @internal, options);
                }

                throw StatusException.NotFound(resource.GroupResource, name);
            }

            var original = FromStorage(resource, current.ToJsonObject());
            var patched = PatchApplier.Apply(type, original, patch) as JsonObject
                ?? throw StatusException.BadRequest("the patch must produce a JSON object");
            var precondition = ObjectMeta.GetString(patch, "metadata", "resourceVersion");
            ObjectMeta.Metadata(patched)["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            try
            {
                return Write(cluster, resource, @namespace, name, PrepareBody(resource, patched), subresource,
                    precondition is { Length: > 0 } ? ParseRevision(precondition) : current.ResourceVersion, @internal, options);
            }
            catch (StatusException e) when (e.Reason == "Conflict" && precondition is null && attempt < MaxPatchAttempts)
            {
                // Someone wrote in between; like GuaranteedUpdate, re-read and re-apply.
            }
        }
    }

    private StoredObject Write(
        LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name, JsonObject body, string? subresource, long? expected, bool @internal, WriteOptions options)
    {
        var key = Key(cluster, resource, @namespace, name);
        var current = cluster.Shard.Store.Get(resource.Storage, key) ?? throw StatusException.NotFound(resource.GroupResource, name);
        if (expected is { } e && e != current.ResourceVersion)
        {
            throw StatusException.Conflict(resource.GroupResource, name, "the object has been modified; please apply your changes to the latest version and try again");
        }

        var old = FromStorage(resource, current.ToJsonObject());
        var updated = subresource == "status" ? StatusOnly(old, body) : KeepSystemFields(resource, old, body, @internal);
        var metadata = ObjectMeta.Metadata(updated);
        metadata["generation"] = Generation(old) + (SpecChanged(old, updated) ? 1 : 0);
        if (!@internal)
        {
            updated = Validate(resource, updated, old, name, options.Strict);
        }

        var stored = ToStorage(resource, updated);
        var oldStored = ToStorage(resource, (JsonObject)old.DeepClone());
        Admit(new AdmissionRequest(AdmissionOperation.Update, cluster, resource, stored, oldStored, @internal) { User = options.User });
        ObjectMeta.SetAnnotation(stored, KcpGroups.ClusterAnnotation, cluster.Name);
        stored = ObjectMeta.Canonicalize(stored);

        // No-op writes do not bump the resourceVersion, as in Kubernetes.
        ObjectMeta.Metadata(stored)["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (JsonEquality.DeepEquals(stored, current.ToJsonObject()))
        {
            return current;
        }

        if (options.DryRun)
        {
            return new StoredObject(key, current.ResourceVersion, ObjectMeta.Serialize(stored), ObjectMeta.ReadLabels(stored));
        }

        try
        {
            if (ObjectMeta.GetString(stored, "metadata", "deletionTimestamp") is not null && ObjectMeta.Finalizers(stored).Count == 0)
            {
                return cluster.Shard.Store.Delete(resource.Storage, key, current.ResourceVersion);
            }

            return cluster.Shard.Store.Update(resource.Storage, key, stored, current.ResourceVersion);
        }
        catch (StorageException se) when (se.Kind == StorageErrorKind.Conflict)
        {
            throw StatusException.Conflict(resource.GroupResource, name, "the object has been modified; please apply your changes to the latest version and try again");
        }
        catch (StorageException se) when (se.Kind == StorageErrorKind.NotFound)
        {
            throw StatusException.NotFound(resource.GroupResource, name);
        }
    }

    private static JsonObject StatusOnly(JsonObject old, JsonObject body)
    {
        var updated = (JsonObject)old.DeepClone();
        updated.Remove("status");
        if (body["status"] is { } status)
        {
            updated["status"] = status.DeepClone();
        }

        return updated;
    }

    /// <summary>Metadata the client cannot change (uid, creation, deletion) and, with a status subresource, status.</summary>
    private static JsonObject KeepSystemFields(ApiResource resource, JsonObject old, JsonObject body, bool @internal)
    {
        var updated = (JsonObject)body.DeepClone();
        var metadata = ObjectMeta.Metadata(updated);
        var oldMetadata = ObjectMeta.Metadata(old);
        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "name", "namespace", "generateName"])
        {
            metadata.Remove(field);
            if (oldMetadata[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        if (resource.HasStatus && !@internal)
        {
            updated.Remove("status");
            if (old["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
        }

        return ObjectMeta.Canonicalize(updated);
    }

    private static long Generation(JsonObject value) =>
        value["metadata"]?["generation"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : 1;

    /// <summary>Everything but metadata and status counts as spec for the generation.</summary>
    private static bool SpecChanged(JsonObject old, JsonObject updated)
    {
        var keys = old.Select(p => p.Key).Concat(updated.Select(p => p.Key))
            .Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind"))
            .Distinct(StringComparer.Ordinal);
        return keys.Any(k => !JsonEquality.DeepEquals(old[k], updated[k]));
    }

    private static long ParseRevision(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw StatusException.BadRequest($"invalid resourceVersion \"{value}\"");
}
