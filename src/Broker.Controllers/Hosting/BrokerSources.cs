using Broker.Controllers.Migrations;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Hosting;

/// <summary>
/// Every cache the broker reads: AcceptAPIs, brokered objects and the Secrets copied for them (through the
/// exports' virtual workspaces, one wildcard watch per endpoint URL), and the Placement records and
/// the MigrationConfigurations and Migrations of the platform workspace.
/// </summary>
public sealed class BrokerSources : IAsyncDisposable
{
    private static readonly GroupVersionResource AcceptApiResource = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");

    public BrokerSources(
        KcpClient client, BrokerOptions options, IReadOnlyList<DiscoveredResource> discovered, TimeProvider time, ILoggerFactory loggers)
    {
        var platform = client.Cluster(options.PlatformWorkspace);
        AcceptApis = new ExportInformer(client, options.PlatformWorkspace, options.AcceptApiExport, AcceptApiResource, time, loggers);
        // Only an export with a claim on Secrets can see the copies; watching the others would fail forever.
        Owned = [.. discovered.Where(d => d.ClaimsSecrets).Select(d => d.Export).Distinct(StringComparer.Ordinal)
            .Select(e => new OwnedSecrets(client, options.PlatformWorkspace, e, time, loggers))];
        Brokered = [.. discovered.Select(d => new BrokeredResource(
            new ExportInformer(client, options.PlatformWorkspace, d.Export, d.Resource, time, loggers), Owned.FirstOrDefault(o => o.ExportName == d.Export)))];
        Placements = new WorkspaceInformer(platform, PlacementRecords.Resource, time, loggers, PlacementRecords.ByStagingWorkspace);
        Configurations = new WorkspaceInformer(platform, MigrationRecords.Configurations, time, loggers);
        Migrations = new WorkspaceInformer(platform, MigrationRecords.Resource, time, loggers);
    }

    public ExportInformer AcceptApis { get; }

    public IReadOnlyList<BrokeredResource> Brokered { get; }

    public IReadOnlyList<OwnedSecrets> Owned { get; }

    public WorkspaceInformer Placements { get; }

    public WorkspaceInformer Configurations { get; }

    public WorkspaceInformer Migrations { get; }

    /// <summary>A permission kcp refuses one of the caches routing waits for, while it does: why the sync does not end.</summary>
    public Refusal? Refused =>
        new[] { Placements.Refused, Configurations.Refused, Migrations.Refused, AcceptApis.Refused }
            .Concat(Brokered.Select(b => b.Informer.Refused)).FirstOrDefault(r => r is not null);

    public void Start()
    {
        foreach (var resource in Brokered)
        {
            resource.Informer.Start();
        }

        foreach (var owned in Owned)
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
        foreach (var resource in Brokered)
        {
            await resource.Informer.WaitForSyncAsync(time, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in Brokered)
        {
            await resource.Informer.DisposeAsync();
        }

        foreach (var owned in Owned)
        {
            await owned.DisposeAsync();
        }

        await AcceptApis.DisposeAsync();
        await Placements.DisposeAsync();
        await Configurations.DisposeAsync();
        await Migrations.DisposeAsync();
    }
}
