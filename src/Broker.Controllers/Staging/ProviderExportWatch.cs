using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Related;
using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Staging;

/// <summary>
/// Everything the broker's staging workspaces hold for one provider export, read the way the provider's own controller
/// reads it: through the export's virtual workspace, one wildcard list+watch per endpoint URL (one per shard that hosts a
/// binding to it) for each brokered resource's copies, and one for the Secrets the export claims. The number of streams
/// depends on the provider's exports and kcp's shards, never on how many staging workspaces are bound.
/// Each change reports (staging cluster, resource, namespace, name) of every copy it may concern, except the echoes of the
/// broker's own copy writes and changes that cannot concern it (<see cref="CopyChanges"/>).
/// </summary>
internal sealed class ProviderExportWatch : IAsyncDisposable
{

    // Copies by the Secrets their status lists ("cluster|namespace/name"), so a Secret wakes only those. The cluster is
    // part of the value: every consumer's copy of "web" lists "default/web-tls", and the view spans all their workspaces.
    private static readonly CacheIndex ListedSecrets = new("listed-secrets", copy =>
        (KubeElement.At(copy, "status", "relatedResources") is { ValueKind: JsonValueKind.Object } related ? related.EnumerateObject().Select(r => r.Value) : [])
            .Where(r => KubeElement.String(r, "gvk", "kind") == "Secret" && KubeElement.String(r, "name") is { Length: > 0 })
            .Select(r => $"{KubeElement.Cluster(copy)}|{(KubeElement.String(r, "namespace") is { Length: > 0 } ns ? ns : KubeElement.Namespace(copy))}/{KubeElement.String(r, "name")}"));

    // A translated copy (a provider's own kind) names its Secret in the provider's own status fields (secretName, ...),
    // which only its translation reads: such copies are indexed by every string of their status, as
    // "cluster|namespace/string". Over-approximated: a phase that equals a Secret's name wakes its copy too, which then
    // writes nothing.
    private static readonly CacheIndex StatusStrings = new("status-strings", copy =>
        (KubeElement.Property(copy, "status") is { } status ? Strings(status) : []).Distinct(StringComparer.Ordinal)
            .Select(s => $"{KubeElement.Cluster(copy)}|{KubeElement.Namespace(copy)}/{s}"));

    private readonly KcpClient _client;
    private readonly ClusterPath _provider;
    private readonly string _export;
    private readonly Action<string, GroupVersionResource, string, string> _changed;
    private readonly OwnWrites _ownWrites;
    private readonly RecentContent _recentSecrets;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ExportInformer? _secrets;
    private readonly ConcurrentDictionary<GroupVersionResource, ExportInformer> _copies = new();
    private readonly ConcurrentDictionary<GroupVersionResource, GroupVersionResource> _brokered = new(); // a translated copy's resource: the brokered one
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="claimsSecrets">Whether the export claims Secrets: only then does its virtual workspace serve them.</param>
    public ProviderExportWatch(
        KcpClient client, string providerCluster, string export, bool claimsSecrets, Action<string, GroupVersionResource, string, string> changed,
        OwnWrites ownWrites, RecentContent recentSecrets, TimeProvider time, ILoggerFactory loggers)
    {
        (_client, _provider, _export, _changed, _ownWrites, _recentSecrets, _time, _loggers) =
            (client, ClusterPath.Parse(providerCluster), export, changed, ownWrites, recentSecrets, time, loggers);
        if (claimsSecrets)
        {
            // Digested (RelatedContent): a consumer's copy is written from what the watch delivered lately, or read from kcp.
            _secrets = new ExportInformer(client, _provider, export, new ObjectStore(CoreResources.Secrets, recentSecrets.Digested), time, loggers);
            _subscriptions.Add(_secrets.Keys.Subscribe(SecretChanged));
            _secrets.Start();
        }
    }

    /// <summary>Starts the copies' informer of <paramref name="resource"/> unless it runs; a translating provider's copies
    /// are of its own kind, and their changes name the <paramref name="brokered"/> resource they were made for.</summary>
    public void EnsureCopies(GroupVersionResource resource, GroupVersionResource brokered)
    {
        if (_copies.ContainsKey(resource))
        {
            return;
        }

        // Under a lock, not GetOrAdd: a factory that runs twice would start an informer nobody stops.
        lock (_gate)
        {
            if (_disposed || _copies.ContainsKey(resource))
            {
                return; // stopped (its last staging workspace went) while a pass still held it: the next pass starts another
            }

            if (resource != brokered)
            {
                _brokered[resource] = brokered;
                _ownWrites.Watch(resource); // the broker's own writes of such copies wake nobody either
            }

            var copies = new ExportInformer(_client, _provider, _export, resource, _time, _loggers, watch: null, IndexOf(resource));
            _subscriptions.Add(_ownWrites.WithoutEchoes(resource, copies.Store.Changes).Where(CopyChanges.Matter)
                .Subscribe(c => _changed(c.Key.Cluster, brokered, c.Key.Namespace, c.Key.Name)));
            _copies[resource] = copies;
            copies.Start();
        }
    }

    /// <summary>The copy in <paramref name="stagingCluster"/> as last seen, or null when absent; <paramref name="known"/> is
    /// false until the resource's informer has listed every endpoint.</summary>
    public JsonObject? Copy(string stagingCluster, GroupVersionResource resource, string ns, string name, out bool known)
    {
        known = _copies.TryGetValue(resource, out var copies) && copies.HasSynced;
        return known && copies!.Store.TryGet(new ObjectKey(stagingCluster, ns, name), out var cached) && cached is not null ? cached.ToJsonObject() : null;
    }

    /// <summary>The Secrets of one staging workspace, for the related-object sync; it answers once listed, and never when
    /// the export claims no Secrets (the sync then reads the server).</summary>
    public IRelatedCache Secrets(string stagingCluster) =>
        _secrets is { } secrets ? new StoreRelatedCache(CoreResources.Secrets, secrets.Store, () => secrets.HasSynced, stagingCluster, _recentSecrets) : StoreRelatedCache.None;

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            _subscriptions.ForEach(s => s.Dispose());
        }

        foreach (var copies in _copies.Values)
        {
            await copies.DisposeAsync();
        }

        if (_secrets is not null)
        {
            await _secrets.DisposeAsync();
        }
    }

    private void SecretChanged(ObjectKey key)
    {
        foreach (var (resource, copies) in _copies)
        {
            foreach (var copy in copies.Store.Snapshot.ByIndex(IndexOf(resource).Name, $"{key.Cluster}|{key.Namespace}/{key.Name}"))
            {
                _changed(copy.Key.Cluster, _brokered.GetValueOrDefault(resource, resource), copy.Key.Namespace, copy.Key.Name);
            }
        }
    }

    private CacheIndex IndexOf(GroupVersionResource resource) => _brokered.ContainsKey(resource) ? StatusStrings : ListedSecrets;

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String when element.GetString() is { Length: > 0 } text => [text],
        _ => [],
    };
}
