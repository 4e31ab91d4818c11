using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Discovery;

/// <summary>
/// What each workspace serves: fixed resources, its CRDs and the resources of its bound APIBindings.
/// Results are cached per workspace: a CRD or binding change drops that workspace's, a schema or export change
/// everyone's (a workspace's bound resources read schemas in the export's workspace).
/// </summary>
public sealed class ApiCatalog(FixedResources fixedResources, LogicalClusterRegistry clusters)
{
    public static readonly StorageKey Crds = new("apiextensions.k8s.io", "customresourcedefinitions");
    public static readonly StorageKey Schemas = new(KcpGroups.Apis, "apiresourceschemas");
    public static readonly StorageKey Exports = new(KcpGroups.Apis, "apiexports");
    public static readonly StorageKey Bindings = new(KcpGroups.Apis, "apibindings");

    private readonly ConcurrentDictionary<string, ((long Shared, long Own) Generation, ClusterApis Apis)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _ownGenerations = new(StringComparer.Ordinal); // CRD and binding changes, per workspace
    private long _generation; // any change: for views that span workspaces (virtual workspaces)
    private long _sharedGeneration; // schema and export changes

    // A rebuild after an unrelated change (a schema or export anywhere, a CRD or binding in the workspace) reuses the
    // resources of every schema version it already read: the same ApiResource keeps its schema instance, so its parsed
    // validator (patterns, CEL rules) is reused instead of compiled again for each workspace on its next request.
    private readonly ConditionalWeakTable<StoredObject, ConcurrentDictionary<string, IReadOnlyList<ApiResource>>> _servedSchemas = [];
    private readonly ConditionalWeakTable<StoredObject, IReadOnlyList<ApiResource>> _servedCrds = [];

    public FixedResources Fixed => fixedResources;

    public long Generation => Interlocked.Read(ref _generation);

    public static bool Affects(StorageKey resource) =>
        resource == Crds || resource == Schemas || resource == Exports || resource == Bindings;

    /// <summary>Drops what a change of <paramref name="resource"/> in logical cluster <paramref name="cluster"/> affects.</summary>
    public void Invalidate(StorageKey resource, string cluster)
    {
        if (resource == Crds || resource == Bindings)
        {
            _ownGenerations.AddOrUpdate(cluster, 1, static (_, n) => n + 1);
        }
        else
        {
            Interlocked.Increment(ref _sharedGeneration);
        }

        Interlocked.Increment(ref _generation);
    }

    public ClusterApis ForCluster(LogicalClusterInfo cluster)
    {
        // Read first: a change while building leaves an older generation, so the next request rebuilds.
        var generation = (Interlocked.Read(ref _sharedGeneration), _ownGenerations.GetValueOrDefault(cluster.Name));
        if (_cache.TryGetValue(cluster.Name, out var cached) && cached.Generation == generation)
        {
            return cached.Apis;
        }

        var apis = new ClusterApis([.. fixedResources.All, .. CrdResources(cluster), .. BoundResources(cluster)]);
        _cache[cluster.Name] = (generation, apis);
        return apis;
    }

    /// <summary>
    /// What /clusters/* serves on a shard: the fixed resources plus every exported resource, which a wildcard
    /// request must address with the export's identity (resource:identityHash).
    /// </summary>
    public ClusterApis Wildcard()
    {
        var generation = (Interlocked.Read(ref _sharedGeneration), 0L);
        if (_cache.TryGetValue("*", out var cached) && cached.Generation == generation)
        {
            return cached.Apis;
        }

        var exported = clusters.All
            .SelectMany(c => c.Shard.Store.List(Exports, c.Name, null).Items.Select(o => (c.Name, Export: o.ToJsonObject())))
            .SelectMany(e => ExportResources(e.Name, e.Export));
        var apis = new ClusterApis([.. fixedResources.All, .. exported]);
        _cache["*"] = (generation, apis);
        return apis;
    }

    /// <summary>The APIResourceSchema named <paramref name="name"/> in the given logical cluster.</summary>
    public JsonObject? FindSchema(string clusterName, string name) => StoredSchema(clusterName, name)?.ToJsonObject();

    /// <summary>The APIExport (storage version) named <paramref name="name"/> in the given logical cluster.</summary>
    public JsonObject? FindExport(string clusterName, string name) =>
        clusters.TryGetByName(clusterName) is { } cluster
            ? cluster.Shard.Store.Get(Exports, new ObjectKey(cluster.Name, "", name))?.ToJsonObject()
            : null;

    /// <summary>Every version the export's schemas serve, stored under the export's identity.</summary>
    public IEnumerable<ApiResource> ExportResources(string exportCluster, JsonObject export)
    {
        var identity = ObjectMeta.GetString(export, "status", "identityHash");
        if (string.IsNullOrEmpty(identity) || export["spec"]?["resources"] is not JsonArray resources)
        {
            yield break;
        }

        foreach (var schemaName in resources.Select(r => ObjectMeta.GetString(r, "schema")).OfType<string>())
        {
            if (StoredSchema(exportCluster, schemaName) is { } schema)
            {
                foreach (var resource in Served(schema, identity))
                {
                    yield return resource;
                }
            }
        }
    }

    private StoredObject? StoredSchema(string clusterName, string name) =>
        clusters.TryGetByName(clusterName) is { } cluster ? cluster.Shard.Store.Get(Schemas, new ObjectKey(cluster.Name, "", name)) : null;

    /// <summary>What one stored version of an APIResourceSchema serves under an export's identity.</summary>
    private IReadOnlyList<ApiResource> Served(StoredObject schema, string identity) =>
        _servedSchemas.GetValue(schema, static _ => new ConcurrentDictionary<string, IReadOnlyList<ApiResource>>(StringComparer.Ordinal))
            .GetOrAdd(identity, static (id, s) => [.. SchemaResources.FromApiResourceSchema(s.ToJsonObject(), id)], schema);

    private IEnumerable<ApiResource> CrdResources(LogicalClusterInfo cluster) =>
        cluster.Shard.Store.List(Crds, cluster.Name, null).Items
            .OrderBy(o => o.Key.Name, StringComparer.Ordinal)
            .SelectMany(o => _servedCrds.GetValue(o, static crd => [.. SchemaResources.FromCrd(crd.ToJsonObject())]));

    private IEnumerable<ApiResource> BoundResources(LogicalClusterInfo cluster)
    {
        foreach (var binding in cluster.Shard.Store.List(Bindings, cluster.Name, null).Items.OrderBy(o => o.Key.Name, StringComparer.Ordinal))
        {
            var value = binding.ToJsonObject();
            var exportCluster = ObjectMeta.GetString(value, "status", "apiExportClusterName");
            if (exportCluster is null || value["status"]?["boundResources"] is not JsonArray bound)
            {
                continue;
            }

            foreach (var entry in bound.OfType<JsonObject>())
            {
                var schemaName = ObjectMeta.GetString(entry, "schema", "name");
                var identity = ObjectMeta.GetString(entry, "schema", "identityHash") ?? "";
                if (schemaName is not null && StoredSchema(exportCluster, schemaName) is { } schema)
                {
                    foreach (var resource in Served(schema, identity))
                    {
                        yield return resource;
                    }
                }
            }
        }
    }
}
