using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Apis;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.VirtualWorkspaces;

/// <summary>
/// One APIExport as its virtual workspace sees it: the exported resources (under the export's identity),
/// built-ins granted by permission claims, and a read-only view of the APIBindings to this export.
/// </summary>
internal sealed class ExportView
{
    private static readonly StorageKey BindingsKey = new(KcpGroups.Apis, "apibindings");
    private readonly ControlPlane _plane;
    private readonly string _exportName;
    private readonly string _exportLabel;
    private readonly JsonArray _exportClaims;
    private readonly HashSet<(string Group, string Resource)> _exported = [];
    private readonly HashSet<(string Group, string Resource)> _claimed = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject?> _bindings = new(StringComparer.Ordinal);

    public ExportView(ControlPlane plane, string exportCluster, string exportName, JsonObject export)
    {
        _plane = plane;
        _exportName = exportName;
        ExportCluster = exportCluster;
        _exportLabel = KcpHashes.ExportLabel(exportCluster, exportName);
        _exportClaims = export["spec"]?["permissionClaims"] as JsonArray ?? [];
        var resources = new List<ApiResource>();
        if (ObjectMeta.GetString(export, "status", "identityHash") is not null)
        {
            foreach (var resource in plane.Catalog.ExportResources(exportCluster, export))
            {
                resources.Add(resource);
                _exported.Add((resource.Group, resource.Plural));
            }

            foreach (var claim in _exportClaims.OfType<JsonObject>())
            {
                var key = (ObjectMeta.GetString(claim, "group") ?? "", ObjectMeta.GetString(claim, "resource") ?? "");
                if (_exported.Contains(key) || !_claimed.Add(key))
                {
                    continue;
                }

                resources.AddRange(plane.Catalog.Fixed.All.Where(r => r.Group == key.Item1 && r.Plural == key.Item2));
                if (key.Item2 == "events" && key.Item1 is "" or "events.k8s.io")
                {
                    // kcp serves core and events.k8s.io events together for one claim.
                    var sibling = (key.Item1.Length == 0 ? "events.k8s.io" : "", "events");
                    if (_claimed.Add(sibling))
                    {
                        resources.AddRange(plane.Catalog.Fixed.All.Where(r => r.Group == sibling.Item1 && r.Plural == "events"));
                    }
                }
            }
        }

        if (!_claimed.Contains((KcpGroups.Apis, "apibindings")))
        {
            resources.AddRange(plane.Catalog.Fixed.All
                .Where(r => r.Group == KcpGroups.Apis && r.Plural == "apibindings")
                .Select(r => r with { ReadOnly = true }));
        }

        Apis = new ClusterApis(resources);
    }

    public string ExportCluster { get; }

    public ClusterApis Apis { get; }

    /// <summary>The consumer's APIBinding to this export (by export name and export cluster), if any.</summary>
    /// <remarks>Remembered per cluster: a binding write changes the catalog generation, which replaces the whole view.</remarks>
    public JsonObject? FindBinding(LogicalClusterInfo cluster) => _bindings.GetOrAdd(cluster.Name, _ => ReadBinding(cluster));

    private JsonObject? ReadBinding(LogicalClusterInfo cluster) =>
        cluster.Shard.Store.List(BindingsKey, cluster.Name, null).Items
            .Select(o => o.ToJsonObject())
            .FirstOrDefault(b => ObjectMeta.GetString(b, "spec", "reference", "export", "name") == _exportName
                && (ObjectMeta.GetString(b, "status", "apiExportClusterName") == ExportCluster
                    || ObjectMeta.GetString(b, "spec", "reference", "export", "path") == ExportCluster));

    /// <summary>kcp's bound-API authorizer: a binding must exist; claims need an accepted claim with the verb; apibindings are read-only.</summary>
    public void Authorize(ApiResource resource, string verb, JsonObject? binding)
    {
        if (binding is null)
        {
            throw Forbidden(resource, verb, "could not find suitable APIBinding in target logical cluster");
        }

        var key = (resource.Group, resource.Plural);
        if (_exported.Contains(key))
        {
            return;
        }

        if (_claimed.Contains(key))
        {
            if (!ClaimAllows(binding, key, verb))
            {
                throw Forbidden(resource, verb, "permission claim not accepted or verb not granted");
            }

            return;
        }

        if (resource.ReadOnly && verb is not ("get" or "list" or "watch"))
        {
            throw Forbidden(resource, verb, "apibindings are read-only in the APIExport virtual workspace");
        }
    }

    /// <summary>
    /// Objects the provider writes through a claim with matchLabels get those labels; a conflicting value is
    /// refused (403 protected label), as kcp's claim selector admission does.
    /// </summary>
    public void PrepareWrite(ApiResource resource, JsonObject body, JsonObject? binding)
    {
        var key = (resource.Group, resource.Plural);
        if (binding is null || !_claimed.Contains(key) || AcceptedClaim(binding, key)?["selector"]?["matchLabels"] is not JsonObject labels)
        {
            return;
        }

        foreach (var (name, value) in labels)
        {
            var wanted = value?.GetValue<string>() ?? "";
            var current = ObjectMeta.GetString(body, "metadata", "labels", name);
            if (current is not null && current != wanted)
            {
                throw new StatusException(403, "Forbidden", $"{resource.GroupResource} \"{ObjectMeta.Name(body)}\" is forbidden: protected label {name}={current} does not match the permission claim's {wanted}");
            }

            ObjectMeta.SetLabel(body, name, wanted);
        }
    }

    /// <summary>Which objects of the resource the view shows, for one cluster or (null) every cluster of the shard.</summary>
    public Func<StoredObject, bool>? Visibility(ApiResource resource, Shard shard, LogicalClusterInfo? cluster)
    {
        var key = (resource.Group, resource.Plural);
        if (_exported.Contains(key))
        {
            return null;
        }

        if (resource.ReadOnly)
        {
            return o => o.GetLabel(KcpGroups.ExportLabel) == _exportLabel;
        }

        // Claimed built-ins: only clusters whose binding accepted the claim, filtered by its selector. Decided per
        // object and again whenever the catalog changes, so a long watch sees clusters bound (or unbound) after it began.
        var selectors = new ClaimSelectors(-1, new Dictionary<string, LabelSelector?>(StringComparer.Ordinal));
        return o =>
        {
            var generation = _plane.Catalog.Generation;
            var current = Volatile.Read(ref selectors);
            if (current.Generation != generation)
            {
                current = new ClaimSelectors(generation, new Dictionary<string, LabelSelector?>(StringComparer.Ordinal));
                Volatile.Write(ref selectors, current);
            }

            LabelSelector? selector;
            lock (current.ByCluster)
            {
                if (!current.ByCluster.TryGetValue(o.Key.Cluster, out selector))
                {
                    selector = ClaimSelector(o.Key.Cluster, key, shard, cluster);
                    current.ByCluster[o.Key.Cluster] = selector;
                }
            }

            return selector?.Matches(o) == true;
        };
    }

    private LabelSelector? ClaimSelector(string clusterName, (string Group, string Resource) key, Shard shard, LogicalClusterInfo? only)
    {
        var candidate = only ?? _plane.Clusters.TryGetByName(clusterName);
        return candidate is not null && candidate.Name == clusterName && candidate.Shard == shard
            && ReadBinding(candidate) is { } binding && AcceptedClaim(binding, key) is { } claim
                ? SelectorOf(claim)
                : null;
    }

    private sealed record ClaimSelectors(long Generation, Dictionary<string, LabelSelector?> ByCluster);

    private bool ClaimAllows(JsonObject binding, (string Group, string Resource) key, string verb)
    {
        if (AcceptedClaim(binding, key) is not { } claim)
        {
            return false;
        }

        var exportClaim = _exportClaims.OfType<JsonObject>().FirstOrDefault(c => SameClaim(c, key));
        return Grants(claim["verbs"], verb) && Grants(exportClaim?["verbs"], verb);
    }

    private static JsonObject? AcceptedClaim(JsonObject binding, (string Group, string Resource) key) =>
        (binding["spec"]?["permissionClaims"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c =>
            SameClaim(c, key) && ObjectMeta.GetString(c, "state") == "Accepted");

    /// <summary>A claim covers a group/resource; one events claim covers both event groups.</summary>
    private static bool SameClaim(JsonObject claim, (string Group, string Resource) key)
    {
        var group = ObjectMeta.GetString(claim, "group") ?? "";
        var resource = ObjectMeta.GetString(claim, "resource");
        return resource == key.Resource
            && (group == key.Group || (resource == "events" && group is "" or "events.k8s.io" && key.Group is "" or "events.k8s.io"));
    }

    private static bool Grants(JsonNode? verbs, string verb) =>
        verbs is not JsonArray array || array.Select(v => v?.GetValue<string>()).Any(v => v == "*" || v == verb);

    private static LabelSelector SelectorOf(JsonObject claim) =>
        claim["selector"]?["matchLabels"] is JsonObject labels
            ? LabelSelector.FromMatchLabels(labels.Select(p => new KeyValuePair<string, string>(p.Key, p.Value?.GetValue<string>() ?? "")))
            : LabelSelector.Everything;

    private static StatusException Forbidden(ApiResource resource, string verb, string reason) =>
        new(403, "Forbidden",
            $"{resource.GroupResource} is forbidden: User \"kcp-admin\" cannot {verb} resource \"{resource.Plural}\" in API group \"{resource.Group}\": {reason}",
            new StatusDetails("", resource.Group, resource.Plural));
}
