using System.Collections.Concurrent;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Migrations;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Hosting;

/// <summary>
/// Every cache the broker reads: AcceptAPIs, brokered objects and the Secrets copied for them (through the
/// exports' virtual workspaces, one wildcard watch per endpoint URL), and the Placement records and
/// the MigrationConfigurations and Migrations of the platform workspace. A brokered resource discovered while the
/// broker runs gets informers of its own (<see cref="StartAsync"/>); the others keep theirs.
/// </summary>
public sealed class BrokerSources : IAsyncDisposable
{
    private static readonly GroupVersionResource AcceptApiResource = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");

    private readonly KcpClient _client;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<string, OwnedSecrets> _owned = new(StringComparer.Ordinal);

    public BrokerSources(
        KcpClient client, BrokerOptions options, IReadOnlyList<DiscoveredResource> discovered, TimeProvider time, ILoggerFactory loggers)
    {
        (_client, _options, _time, _loggers) = (client, options, time, loggers);
        var platform = client.Cluster(options.PlatformWorkspace);
        AcceptApis = new ExportInformer(client, options.PlatformWorkspace, options.AcceptApiExport, AcceptApiResource, time, loggers);
        Brokered = new BrokeredSet(discovered.Select(Create));
        // The broker's own records: their readers (typed, PlacementRecords) read no uid, creationTimestamp or generation.
        Placements = new WorkspaceInformer(
            platform,
            new ObjectStore(PlacementRecords.Resource, PlacementRecords.ByStagingWorkspace, RoutingIndexes.PlacementsByAcceptApi, PlacementMetrics.ByPhase) { Unread = UnreadMetadata.ServerSet, Names = platform.Names },
            new InformerOptions(), time, loggers);
        Configurations = new WorkspaceInformer(platform, MigrationRecords.Configurations, time, loggers);
        Migrations = new WorkspaceInformer(platform, MigrationRecords.Resource, time, loggers);
    }

    public ExportInformer AcceptApis { get; }

    /// <summary>The brokered resources now: a live set, grown by <see cref="StartAsync"/> and shrunk by <see cref="StopAsync"/>.</summary>
    public BrokeredSet Brokered { get; }

    /// <summary>The consumer Secrets' informers, one per export with a claim on Secrets.</summary>
    public IReadOnlyCollection<OwnedSecrets> Owned => [.. _owned.Values];

    public WorkspaceInformer Placements { get; }

    public WorkspaceInformer Configurations { get; }

    public WorkspaceInformer Migrations { get; }

    /// <summary>A permission kcp refuses one of the caches routing waits for, while it does: why the sync does not end.</summary>
    public Refusal? Refused =>
        new[] { Placements.Refused, Configurations.Refused, Migrations.Refused, AcceptApis.Refused }
            .Concat(Brokered.Values.Select(b => b.Informer.Refused)).FirstOrDefault(r => r is not null);

    public void Start()
    {
        foreach (var resource in Brokered.Values)
        {
            resource.Informer.Start();
        }

        foreach (var owned in _owned.Values)
        {
            owned.Start();
        }

        AcceptApis.Start();
        Placements.Start();
        Configurations.Start();
        Migrations.Start();
    }

    /// <summary>
    /// Waits until what routing reads has synced: deciding on a partial view would misplace objects. The owned
    /// Secrets are not waited for: until they sync, the related-object sync reads from the server.
    /// </summary>
    public async Task WaitForSyncAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        await Placements.WaitForSyncAsync(cancellationToken);
        await Configurations.WaitForSyncAsync(cancellationToken);
        await Migrations.WaitForSyncAsync(cancellationToken);
        await AcceptApis.WaitForSyncAsync(time, cancellationToken);
        foreach (var resource in Brokered.Values)
        {
            await resource.Informer.WaitForSyncAsync(time, cancellationToken);
        }
    }

    /// <summary>
    /// Starts the informers of a resource discovered while the broker runs and waits until they listed; the caller adds it
    /// to <see cref="Brokered"/> once it subscribed to its changes. The Secrets' informer of its export is shared with the
    /// export's other resources. Returns the resource and whether its export's Secrets informer is new.
    /// </summary>
    public async Task<(BrokeredResource Resource, bool NewOwned)> StartAsync(DiscoveredResource discovered, CancellationToken cancellationToken)
    {
        var hadOwned = _owned.ContainsKey(discovered.Export);
        var resource = Create(discovered);
        if (resource.Owned is { } owned && !hadOwned)
        {
            owned.Start();
        }

        resource.Informer.Start();
        try
        {
            await resource.Informer.WaitForSyncAsync(_time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await resource.Informer.DisposeAsync();
            throw;
        }

        return (resource, resource.Owned is not null && !hadOwned);
    }

    /// <summary>Removes a resource no longer brokered and stops its informer (and its export's Secrets informer when no other
    /// resource of the export is left).</summary>
    public async Task StopAsync(GroupVersionResource resource)
    {
        if (!Brokered.Remove(resource, out var removed))
        {
            return;
        }

        await removed.Informer.DisposeAsync();
        if (removed.Owned is { } owned && !Brokered.Values.Any(r => r.Owned == owned) && _owned.TryRemove(new KeyValuePair<string, OwnedSecrets>(owned.ExportName, owned)))
        {
            await owned.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in Brokered.Values)
        {
            await resource.Informer.DisposeAsync();
        }

        foreach (var owned in _owned.Values)
        {
            await owned.DisposeAsync();
        }

        await AcceptApis.DisposeAsync();
        await Placements.DisposeAsync();
        await Configurations.DisposeAsync();
        await Migrations.DisposeAsync();
    }

    // Only an export with a claim on Secrets can see the copies; watching the others would fail forever.
    private BrokeredResource Create(DiscoveredResource discovered) => new(
        new ExportInformer(_client, _options.PlatformWorkspace, discovered.Export, discovered.Resource, _time, _loggers, watch: null, RoutingIndexes.UnplacedObjects),
        discovered.ClaimsSecrets ? _owned.GetOrAdd(discovered.Export, e => new OwnedSecrets(_client, _options.PlatformWorkspace, e, _time, _loggers)) : null);
}
