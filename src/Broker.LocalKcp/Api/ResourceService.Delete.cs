using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Api;

public sealed partial class ResourceService
{
    /// <summary>
    /// DELETE. While finalizers remain the object only gets a deletionTimestamp; it goes away when the last
    /// finalizer is removed. Deleting a namespace deletes its contents first.
    /// </summary>
    public StoredObject Delete(LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name, JsonObject? options, bool @internal = false, bool dryRun = false)
    {
        if (resource.ReadOnly && !@internal)
        {
            throw StatusException.MethodNotAllowed($"{resource.GroupResource} is read-only");
        }

        var key = Key(cluster, resource, @namespace, name);
        var current = cluster.Shard.Store.Get(resource.Storage, key) ?? throw StatusException.NotFound(resource.GroupResource, name);
        CheckPreconditions(resource, name, current, options);
        if (dryRun)
        {
            return current;
        }

        var value = current.ToJsonObject();
        Admit(new AdmissionRequest(AdmissionOperation.Delete, cluster, resource, value, value, @internal));
        if (ObjectMeta.Finalizers(value).Count > 0)
        {
            if (ObjectMeta.GetString(value, "metadata", "deletionTimestamp") is not null)
            {
                return current;
            }

            ObjectMeta.Metadata(value)["deletionTimestamp"] = Now();
            ObjectMeta.Metadata(value)["deletionGracePeriodSeconds"] = 0;
            return cluster.Shard.Store.Update(resource.Storage, key, value, current.ResourceVersion);
        }

        if (resource.Storage == NamespacesKey)
        {
            DeleteNamespaceContents(cluster, name);
        }

        try
        {
            return cluster.Shard.Store.Delete(resource.Storage, key, current.ResourceVersion);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.NotFound)
        {
            throw StatusException.NotFound(resource.GroupResource, name);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Conflict)
        {
            throw StatusException.Conflict(resource.GroupResource, name, "the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    /// <summary>The clusters's namespaced objects in <paramref name="namespace"/>, across every table of its shard.</summary>
    private static void DeleteNamespaceContents(LogicalClusterInfo cluster, string @namespace)
    {
        foreach (var storage in cluster.Shard.Store.Resources())
        {
            foreach (var item in cluster.Shard.Store.List(storage, cluster.Name, @namespace).Items)
            {
                try
                {
                    cluster.Shard.Store.Delete(storage, item.Key, null);
                }
                catch (StorageException)
                {
                    // Gone already: another delete won.
                }
            }
        }
    }

    private static void CheckPreconditions(ApiResource resource, string name, StoredObject current, JsonObject? options)
    {
        if (options?["preconditions"] is not JsonObject preconditions)
        {
            return;
        }

        var value = current.ToJsonObject();
        if (ObjectMeta.GetString(preconditions, "uid") is { Length: > 0 } uid && uid != ObjectMeta.GetString(value, "metadata", "uid"))
        {
            throw StatusException.Conflict(resource.GroupResource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.GetString(value, "metadata", "uid")}");
        }

        if (ObjectMeta.GetString(preconditions, "resourceVersion") is { Length: > 0 } rv && ParseRevision(rv) != current.ResourceVersion)
        {
            throw StatusException.Conflict(resource.GroupResource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion}");
        }
    }
}
