using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Placement;

/// <summary>
/// Reads Placements from the platform workspace's cache and writes them back. A write returns the
/// server's copy, which later steps of the same pass use: the cache may not have seen it yet.
/// </summary>
public sealed class PlacementRecords(ClusterClient platform, string platformCluster, ObjectStore cache)
{
    public static readonly GroupVersionResource Resource = new("broker.platform-mesh.io", "v1alpha1", "placements", Namespaced: false);

    /// <summary>Placements by the staging workspaces their copies live in (provider, target and previous), so a staging
    /// workspace finds the objects it serves without a scan.</summary>
    public static readonly CacheIndex ByStagingWorkspace = new("staging-workspaces", placement =>
        KubeElement.Property(placement, "spec") is { } spec && KubeElement.String(spec, "consumer", "cluster") is { } consumer
            ? KubeElement.ObjectProperties(spec, "provider", "target", "previous")
                .Select(p => BrokerNames.StagingWorkspace(consumer, KubeElement.String(p, "cluster") ?? "", KubeElement.String(p, "apiExportName") ?? "")).Distinct(StringComparer.Ordinal)
            : []);

    public ObjectStore Cache => cache;

    /// <summary>The cached Placements whose copies (any of provider, target, previous) live in staging workspace <paramref name="name"/>.</summary>
    public IEnumerable<PlacementRecord> UsingStaging(string name) => cache.Snapshot.ByIndex(ByStagingWorkspace.Name, name).Select(Parsed);

    public PlacementRecord? Find(string name) =>
        cache.TryGet(new ObjectKey(platformCluster, "", name), out var cached) && cached is not null ? Parsed(cached) : null;

    public IEnumerable<PlacementRecord> All() => cache.Snapshot.All.Select(Parsed);

    // The cache keeps one representation of each Placement, its JSON; the records of those in play are kept a while.
    private readonly RecentlyParsed<PlacementRecord> _parsed = new(1024, c => c.Deserialize(BrokerJsonContext.Default.Placement));

    /// <summary>The record a cached Placement holds (shared: do not change it).</summary>
    public PlacementRecord Parsed(CachedObject cached) => _parsed.Get(cached);

    public async Task<PlacementRecord> GetAsync(string name, CancellationToken cancellationToken) =>
        Read(await platform.GetAsync(Resource, null, name, cancellationToken));

    /// <summary>The server's record, or null when there is none.</summary>
    public async Task<PlacementRecord?> GetOrNullAsync(string name, CancellationToken cancellationToken) =>
        await platform.GetOrNullAsync(Resource, null, name, cancellationToken) is { } obj ? Read(obj) : null;

    // Written and read back as typed records straight from and to UTF-8: no node tree per write.
    public Task<PlacementRecord> CreateAsync(PlacementRecord placement, CancellationToken cancellationToken) =>
        platform.CreateAsync(Resource, null, placement.Metadata.Name ?? "", placement, BrokerJsonContext.Default.Placement, cancellationToken);

    /// <summary>Replaces spec (and metadata); fails with a conflict when <paramref name="placement"/> is stale.</summary>
    public Task<PlacementRecord> UpdateAsync(PlacementRecord placement, CancellationToken cancellationToken) =>
        platform.UpdateAsync(Resource, null, placement.Metadata.Name ?? "", placement, BrokerJsonContext.Default.Placement, cancellationToken);

    public Task<PlacementRecord> UpdateStatusAsync(PlacementRecord placement, CancellationToken cancellationToken) =>
        platform.UpdateStatusAsync(Resource, null, placement.Metadata.Name ?? "", placement, BrokerJsonContext.Default.Placement, cancellationToken);

    /// <summary>As <see cref="UpdateStatusAsync"/> for a pass that reads nothing of the record after: answers the header only.</summary>
    public Task<ObjectHeader> UpdateStatusForHeaderAsync(PlacementRecord placement, CancellationToken cancellationToken) =>
        platform.UpdateStatusForHeaderAsync(Resource, null, placement.Metadata.Name ?? "", placement, BrokerJsonContext.Default.Placement, cancellationToken);

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await platform.DeleteAsync(Resource, null, name, null, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
    }

    private static PlacementRecord Read(JsonObject obj) => obj.Deserialize(BrokerJsonContext.Default.Placement)!;
}
