using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Text.Json.Nodes;
using Broker.Controllers.Related;
using Broker.Controllers.Sources;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Staging;

/// <summary>
/// Watches what providers write into staging workspaces (the copies' status and their Secrets), so a
/// provider's progress reaches the consumer without polling. One informer pair per staging workspace
/// and brokered resource; each event calls <c>changed</c> with (consumer cluster, resource, namespace,
/// name) of every consumer object it may concern, except the echoes of the broker's own copy writes and changes
/// that cannot concern it (<see cref="CopyChanges"/>).
/// </summary>
public sealed class StagingWatches(Action<string, GroupVersionResource, string, string> changed, OwnWrites ownWrites, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private static readonly GroupVersionResource SecretsResource = new("", "v1", "secrets");

    private readonly ConcurrentDictionary<(string Path, GroupVersionResource Resource), Watch> _watches = new();

    private readonly Lock _gate = new();

    /// <summary>Starts the workspace's informers for <paramref name="resource"/> unless they run; informers of an earlier
    /// workspace under the same path (removed and made again: another logical cluster) are stopped first.</summary>
    public async Task EnsureAsync(StagingWorkspace staging, string consumerCluster, GroupVersionResource resource)
    {
        Watch? stale = null;

        // Under a lock, not GetOrAdd: a factory that runs twice would start informers nobody stops.
        lock (_gate)
        {
            if (_watches.TryGetValue((staging.Path, resource), out var existing))
            {
                if (existing.Cluster == staging.Cluster)
                {
                    return;
                }

                _watches.TryRemove((staging.Path, resource), out stale);
            }

            var copies = new WorkspaceInformer(staging.Client, resource, time, loggers, ListedSecrets);
            var secrets = new WorkspaceInformer(staging.Client, SecretsResource, time, loggers);
            var watch = new Watch(staging.Cluster, copies, secrets);
            watch.Subscriptions.Add(ownWrites.WithoutEchoes(resource, copies.Store.Changes).Where(CopyChanges.Matter).Subscribe(c => changed(consumerCluster, resource, c.Key.Namespace, c.Key.Name)));
            watch.Subscriptions.Add(secrets.Keys.Subscribe(key =>
            {
                foreach (var copy in copies.Store.Snapshot.ByIndex(ListedSecrets.Name, $"{key.Namespace}/{key.Name}").Where(c => c.Key.Cluster == key.Cluster))
                {
                    changed(consumerCluster, resource, copy.Key.Namespace, copy.Key.Name);
                }
            }));
            copies.Start();
            secrets.Start();
            _watches[(staging.Path, resource)] = watch;
        }

        if (stale is not null)
        {
            await stale.DisposeAsync();
        }
    }

    // Copies by the Secrets their status lists ("namespace/name"), so a Secret wakes only those: a Secret written
    // before the status lists it is read when the status arrives.
    private static readonly CacheIndex ListedSecrets = new("listed-secrets", copy =>
        (copy["status"]?["relatedResources"] as JsonObject ?? [])
            .Where(r => (string?)r.Value?["gvk"]?["kind"] == "Secret" && (string?)r.Value?["name"] is { Length: > 0 })
            .Select(r => $"{((string?)r.Value?["namespace"] is { Length: > 0 } ns ? ns : KubeObject.Namespace(copy))}/{(string?)r.Value?["name"]}"));

    /// <summary>The copy as last seen, or null when absent; <paramref name="known"/> is false until the first list completed.</summary>
    public JsonObject? Copy(StagingWorkspace staging, GroupVersionResource resource, string ns, string name, out bool known)
    {
        known = false;
        if (!_watches.TryGetValue((staging.Path, resource), out var watch) || watch.Cluster != staging.Cluster || !watch.Copies.HasSynced)
        {
            return null;
        }

        known = true;
        return watch.Copies.Store.TryGet(new ObjectKey(staging.Cluster, ns, name), out var cached) && cached is not null ? cached.ToJsonObject() : null;
    }

    /// <summary>The copy from the watch's cache, or from the server until the watch has listed; null when absent.</summary>
    public async Task<JsonObject?> ReadCopyAsync(StagingWorkspace staging, GroupVersionResource resource, string ns, string name, CancellationToken cancellationToken)
    {
        var copy = Copy(staging, resource, ns, name, out var known);
        return known ? copy : await staging.Client.GetOrNullAsync(resource, ns, name, cancellationToken);
    }

    /// <summary>The staging workspace's Secrets as a cache for the related-object sync; it answers once listed.</summary>
    public IRelatedCache Secrets(StagingWorkspace staging, GroupVersionResource resource) =>
        _watches.TryGetValue((staging.Path, resource), out var watch) && watch.Cluster == staging.Cluster
            ? new StoreRelatedCache(SecretsResource, watch.Secrets.Store, () => watch.Secrets.HasSynced, staging.Cluster)
            : StoreRelatedCache.None;

    public async Task StopAsync(string path)
    {
        foreach (var key in _watches.Keys.Where(k => k.Path == path).ToList())
        {
            if (_watches.TryRemove(key, out var watch))
            {
                await watch.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var path in _watches.Keys.Select(k => k.Path).Distinct(StringComparer.Ordinal).ToList())
        {
            await StopAsync(path);
        }
    }

    private sealed record Watch(string Cluster, WorkspaceInformer Copies, WorkspaceInformer Secrets) : IAsyncDisposable
    {
        public List<IDisposable> Subscriptions { get; } = [];

        public async ValueTask DisposeAsync()
        {
            Subscriptions.ForEach(s => s.Dispose());
            await Copies.DisposeAsync();
            await Secrets.DisposeAsync();
        }
    }
}
