using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Broker.Controllers.Related;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Staging;

/// <summary>
/// Watches what providers write into staging workspaces (the copies' status and their Secrets), so a provider's progress
/// reaches the consumer without polling. The watches are the providers' export virtual workspaces
/// (<see cref="ProviderExportWatch"/>: a few streams per provider export and shard), which span every staging workspace
/// bound to the export; each staging workspace in use is registered with its consumer, so a change in it calls
/// <c>changed</c> with (consumer cluster, resource, namespace, name). Changes in workspaces the broker does not use (other
/// consumers of the provider's export, or a staging workspace no object has asked for since the broker started) wake
/// nobody: an object's first pass registers its workspace before it reads its copy.
/// </summary>
public sealed class StagingWatches(KcpClient client, Action<string, GroupVersionResource, string, string> changed, OwnWrites ownWrites, TimeProvider time, ILoggerFactory loggers)
    : IAsyncDisposable
{
    private static readonly GroupVersionResource ApiExports = new("apis.kcp.io", "v1alpha2", "apiexports", Namespaced: false);

    private readonly ConcurrentDictionary<(string Cluster, string Export), Lazy<Task<ProviderExportWatch>>> _exports = new();
    private readonly ConcurrentDictionary<string, Staged> _staged = new(StringComparer.Ordinal); // by staging cluster
    private readonly ConcurrentDictionary<string, string> _clusterByName = new(StringComparer.Ordinal); // staging workspace name to its cluster
    private readonly Lock _gate = new(); // registering a workspace and taking its export's watch, against stopping that watch

    // The provider Secrets the watches delivered lately, in full (their caches keep a digest): about 3 KB each at most this many.
    private readonly TimeProvider _time = time;
    private readonly RecentContent _recentSecrets = new(RecentSecrets, time);

    /// <summary>How many delivered Secrets are held in full for the consumers' copies at most (<see cref="RecentContent"/>).</summary>
    public const int RecentSecrets = 1024;

    /// <summary>The watches of the provider exports in use; the streams they hold do not depend on the staging workspaces.</summary>
    public int ProviderExports => _exports.Count;

    /// <summary>
    /// Registers the staging workspace of <paramref name="consumerCluster"/> on <paramref name="provider"/>'s export and starts
    /// that export's watch of <paramref name="resource"/> unless it runs. The first call for an export reads the export (do
    /// its permission claims include Secrets?); a failure is thrown and the next call tries again. A translating provider's
    /// copies are of <paramref name="copyResource"/>; their changes still name the brokered <paramref name="resource"/>.
    /// </summary>
    public async Task EnsureAsync(
        StagingWorkspace staging, ProviderReference provider, string consumerCluster, GroupVersionResource resource, GroupVersionResource? copyResource,
        CancellationToken cancellationToken)
    {
        Lazy<Task<ProviderExportWatch>> export;
        lock (_gate)
        {
            // A workspace removed and made again under its name is another logical cluster: the old one's changes wake nobody.
            if (_clusterByName.TryGetValue(staging.Name, out var earlier) && earlier != staging.Cluster)
            {
                _staged.TryRemove(earlier, out _);
            }

            var names = client.Names; // one instance of each name, shared with the caches and every other staging workspace
            _staged[staging.Cluster] = new Staged(names.Intern(consumerCluster), names.Intern(provider.Cluster), names.Intern(provider.ApiExportName));
            _clusterByName[staging.Name] = staging.Cluster;
            export = _exports.GetOrAdd((provider.Cluster, provider.ApiExportName), _ => new Lazy<Task<ProviderExportWatch>>(() => StartAsync(provider)));
        }

        var watch = await ExportAsync((provider.Cluster, provider.ApiExportName), export, cancellationToken);
        watch.EnsureCopies(copyResource ?? resource, resource);
    }

    /// <summary>The copy as last seen, or null when absent; <paramref name="known"/> is false until its export's watch has
    /// listed (or while the workspace is not registered).</summary>
    public JsonObject? Copy(StagingWorkspace staging, GroupVersionResource resource, string ns, string name, out bool known)
    {
        known = false;
        return Watch(staging) is { } watch ? watch.Copy(staging.Cluster, resource, ns, name, out known) : null;
    }

    /// <summary>The copy from the watch's cache, or from the server until the watch has listed; null when absent.</summary>
    public async Task<JsonObject?> ReadCopyAsync(StagingWorkspace staging, GroupVersionResource resource, string ns, string name, CancellationToken cancellationToken)
    {
        var copy = Copy(staging, resource, ns, name, out var known);
        return known ? copy : await staging.Client.GetOrNullAsync(resource, ns, name, cancellationToken);
    }

    /// <summary>The staging workspace's Secrets as a cache for the related-object sync; it answers once listed.</summary>
    public IRelatedCache Secrets(StagingWorkspace staging, GroupVersionResource resource) =>
        Watch(staging)?.Secrets(staging.Cluster) ?? StoreRelatedCache.None;

    /// <summary>Forgets the staging workspace <paramref name="name"/> (it is being deleted): its changes wake nobody.
    /// The export's watches stay while another workspace in use reads through them (they cost the same without this one),
    /// and stop with the last: a provider no object is placed on any more is not watched.</summary>
    public async Task StopAsync(string name)
    {
        Lazy<Task<ProviderExportWatch>>? unused = null;
        lock (_gate)
        {
            if (!_clusterByName.TryRemove(name, out var cluster) || !_staged.TryRemove(cluster, out var stopped))
            {
                return;
            }

            // A scan of the workspaces in use, on a deletion only (rare next to passes).
            var export = (stopped.ProviderCluster, stopped.Export);
            if (!_staged.Values.Any(s => s.ProviderCluster == export.ProviderCluster && s.Export == export.Export))
            {
                _exports.TryRemove(export, out unused);
            }
        }

        if (unused is { IsValueCreated: true })
        {
            await DisposeQuietlyAsync(unused);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var export in _exports.Values.Where(e => e.IsValueCreated))
        {
            await DisposeQuietlyAsync(export);
        }

        _exports.Clear();
    }

    private static async Task DisposeQuietlyAsync(Lazy<Task<ProviderExportWatch>> export)
    {
        try
        {
            await (await export.Value).DisposeAsync();
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            // Its export was never read, so it started nothing.
        }
    }

    private ProviderExportWatch? Watch(StagingWorkspace staging) =>
        _staged.TryGetValue(staging.Cluster, out var staged)
        && _exports.TryGetValue((staged.ProviderCluster, staged.Export), out var export) && export.IsValueCreated && export.Value.IsCompletedSuccessfully
            ? export.Value.Result
            : null;

    private async Task<ProviderExportWatch> ExportAsync((string, string) key, Lazy<Task<ProviderExportWatch>> export, CancellationToken cancellationToken)
    {
        try
        {
            return await export.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            _exports.TryRemove(new KeyValuePair<(string, string), Lazy<Task<ProviderExportWatch>>>(key, export)); // the next pass reads it again
            throw;
        }
    }

    // Not under the caller's token: several passes wait for the same start, and one giving up must not fail the others.
    private async Task<ProviderExportWatch> StartAsync(ProviderReference provider)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), _time);
        var export = await client.Cluster(provider.Cluster).GetAsync(ApiExports, null, provider.ApiExportName, timeout.Token);
        var claimsSecrets = (export["spec"]?["permissionClaims"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => ((string?)c["group"] ?? "") == "" && (string?)c["resource"] == "secrets");
        return new ProviderExportWatch(client, provider.Cluster, provider.ApiExportName, claimsSecrets, Changed, ownWrites, _recentSecrets, _time, loggers);
    }

    private void Changed(string stagingCluster, GroupVersionResource resource, string ns, string name)
    {
        if (_staged.TryGetValue(stagingCluster, out var staged))
        {
            changed(staged.ConsumerCluster, resource, ns, name);
        }
    }

    private sealed record Staged(string ConsumerCluster, string ProviderCluster, string Export);
}
