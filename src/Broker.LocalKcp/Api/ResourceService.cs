using System.Globalization;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Api;

/// <summary>
/// Kubernetes write and read semantics on top of the shard stores: metadata defaults, generation,
/// optimistic concurrency, status subresource, finalizers, selectors and paging. Used by the HTTP
/// handlers, the virtual workspace and LocalKcp's own controllers alike.
/// </summary>
public sealed partial class ResourceService(
    IEnumerable<IAdmissionPlugin> admission, IObjectValidator validator, TimeProvider time)
{
    private static readonly StorageKey NamespacesKey = new("", "namespaces");
    private readonly IAdmissionPlugin[] _admission = [.. admission];

    public StoredObject Get(LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name) =>
        cluster.Shard.Store.Get(resource.Storage, Key(cluster, resource, @namespace, name))
        ?? throw StatusException.NotFound(resource.GroupResource, name);

    public StoredObject? TryGet(LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name) =>
        cluster.Shard.Store.Get(resource.Storage, Key(cluster, resource, @namespace, name));

    public StoredObject Create(LogicalClusterInfo cluster, ApiResource resource, string? @namespace, JsonObject body, bool @internal = false, WriteOptions options = default)
    {
        if (resource.ReadOnly && !@internal)
        {
            throw StatusException.MethodNotAllowed($"{resource.GroupResource} is read-only");
        }

        body = PrepareBody(resource, body);
        var metadata = ObjectMeta.Metadata(body);
        var name = ObjectMeta.Name(body);
        if (name.Length == 0 && ObjectMeta.GetString(metadata, "generateName") is { Length: > 0 } generateName)
        {
            name = generateName + RandomSuffix();
            metadata["name"] = name;
        }

        if (name.Length == 0)
        {
            throw StatusException.Invalid(resource.Kind, "", resource.Group, [new("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
        }

        var ns = ResolveNamespace(resource, @namespace, body);
        if (resource.Namespaced)
        {
            RequireNamespace(cluster, ns);
        }

        if (resource.HasStatus && !@internal)
        {
            body.Remove("status");
        }

        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        metadata["generation"] = 1;
        body = Validate(resource, body, null, name, options.Strict);
        var stored = ToStorage(resource, body);
        Admit(new AdmissionRequest(AdmissionOperation.Create, cluster, resource, stored, null, @internal) { User = options.User });
        ObjectMeta.SetAnnotation(stored, KcpGroups.ClusterAnnotation, cluster.Name);
        if (options.DryRun)
        {
            return cluster.Shard.Store.Get(resource.Storage, new ObjectKey(cluster.Name, ns, name)) is null
                ? new StoredObject(new ObjectKey(cluster.Name, ns, name), 0, ObjectMeta.Serialize(ObjectMeta.Canonicalize(stored)), ObjectMeta.ReadLabels(stored))
                : throw StatusException.AlreadyExists(resource.GroupResource, name);
        }

        try
        {
            return cluster.Shard.Store.Create(resource.Storage, new ObjectKey(cluster.Name, ns, name), ObjectMeta.Canonicalize(stored));
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
        {
            throw StatusException.AlreadyExists(resource.GroupResource, name);
        }
    }

    /// <summary>Lists one cluster (or every cluster of a shard when <paramref name="cluster"/> is null), sorted, filtered and paged.</summary>
    public ListResult List(ObjectStore store, string? cluster, ApiResource resource, string? @namespace, ListOptions options, Func<StoredObject, bool>? visible = null)
    {
        var (items, revision) = store.List(resource.Storage, cluster, @namespace);
        var start = "";
        if (options.Continue is { } token)
        {
            var decoded = ContinueToken.Decode(token);
            if (decoded.Revision < store.CompactedRevision)
            {
                throw StatusException.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }

            revision = decoded.Revision;
            start = decoded.LastKey;
        }

        var selected = items
            .Where(o => (visible is null || visible(o)) && options.Labels.Matches(o) && options.Fields.Matches(o))
            .Select(o => (Key: SortKey(o.Key), Object: o))
            .Where(p => string.CompareOrdinal(p.Key, start) > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        if (options.Limit is { } limit && selected.Count > limit)
        {
            var page = selected.Take(limit).ToList();
            return new ListResult([.. page.Select(p => p.Object)], revision, new ContinueToken(revision, page[^1].Key).Encode(), selected.Count - limit);
        }

        return new ListResult([.. selected.Select(p => p.Object)], revision, null, null);
    }

    private static string SortKey(ObjectKey key) => $"{key.Cluster}/{key.Namespace}/{key.Name}";

    private static ObjectKey Key(LogicalClusterInfo cluster, ApiResource resource, string @namespace, string name) =>
        new(cluster.Name, resource.Namespaced ? @namespace : "", name);

    private static string ResolveNamespace(ApiResource resource, string? @namespace, JsonObject body)
    {
        var metadata = ObjectMeta.Metadata(body);
        if (!resource.Namespaced)
        {
            metadata.Remove("namespace");
            return "";
        }

        var fromBody = ObjectMeta.GetString(metadata, "namespace");
        if (!string.IsNullOrEmpty(@namespace) && !string.IsNullOrEmpty(fromBody) && fromBody != @namespace)
        {
            throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var ns = string.IsNullOrEmpty(@namespace) ? fromBody ?? "" : @namespace;
        if (ns.Length == 0)
        {
            throw StatusException.BadRequest("an empty namespace may not be set during creation");
        }

        metadata["namespace"] = ns;
        return ns;
    }

    private static void RequireNamespace(LogicalClusterInfo cluster, string @namespace)
    {
        if (cluster.Shard.Store.Get(NamespacesKey, new ObjectKey(cluster.Name, "", @namespace)) is null)
        {
            throw StatusException.NotFound("namespaces", @namespace);
        }
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }

    /// <summary>Checks apiVersion and kind, filling them in when absent.</summary>
    private static JsonObject PrepareBody(ApiResource resource, JsonObject body)
    {
        var apiVersion = ObjectMeta.GetString(body, "apiVersion");
        if (apiVersion is { Length: > 0 } && apiVersion != resource.GroupVersion)
        {
            throw StatusException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.GroupVersion})");
        }

        var kind = ObjectMeta.GetString(body, "kind");
        if (kind is { Length: > 0 } && kind != resource.Kind)
        {
            throw StatusException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({resource.Kind})");
        }

        ObjectMetaShape.Require(resource, body);
        body["apiVersion"] = resource.GroupVersion;
        body["kind"] = resource.Kind;
        return ObjectMeta.Canonicalize(body);
    }

    private JsonObject Validate(ApiResource resource, JsonObject body, JsonObject? old, string name, bool strict)
    {
        var result = validator.Validate(resource, body, old);
        if (strict && result.UnknownFields.Count > 0)
        {
            throw StatusException.BadRequest(
                $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: strict decoding error: "
                + string.Join(", ", result.UnknownFields.Select(f => $"unknown field \"{f}\"")));
        }

        if (result.Causes.Count > 0)
        {
            throw StatusException.Invalid(resource.Kind, name, resource.Group, result.Causes);
        }

        return result.Object;
    }

    private void Admit(AdmissionRequest request)
    {
        foreach (var plugin in _admission)
        {
            plugin.Admit(request);
        }
    }

    private static JsonObject ToStorage(ApiResource resource, JsonObject value) =>
        resource.Converter is { } converter && resource.NeedsConversion ? converter.ToStorage(value, resource.Version) : value;

    /// <summary>The object as served in the requested version (a copy when conversion is needed).</summary>
    public static JsonObject FromStorage(ApiResource resource, JsonObject value) =>
        resource.Converter is { } converter && resource.NeedsConversion ? converter.FromStorage(value, resource.Version) : value;

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
