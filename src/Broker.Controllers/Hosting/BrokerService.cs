using System.Diagnostics.Metrics;
using System.Reactive.Linq;
using System.Text.Json;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Controllers.Staging;
using Broker.Core.Api;
using Broker.Kcp.Http;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Broker.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Broker.Controllers.Hosting;

/// <summary>
/// The broker as one runnable: discovers the brokered resources, starts one informer per (endpoint,
/// resource), waits until every cache has synced (routing on a partial view would misplace objects),
/// then runs the AcceptAPI and placement controllers until cancelled.
/// </summary>
public sealed partial class BrokerService(KcpClient client, BrokerOptions options, TimeProvider time, ILoggerFactory loggers, Meter meter)
{
    private static readonly GroupVersionResource AcceptApiResource = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    private readonly ILogger _logger = loggers.CreateLogger<BrokerService>();
    private volatile bool _ready;

    /// <summary>True once every cache has synced and the controllers run (the readiness probe).</summary>
    public bool IsReady => _ready;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var platform = client.Cluster(options.PlatformWorkspace);
        var platformCluster = KubeObject.Cluster(await platform.GetAsync(LogicalCluster.Resource, null, "cluster", cancellationToken));
        var discovered = await BrokeredResourceDiscovery.DiscoverAsync(platform, options.BrokeredExports, cancellationToken);
        Log.Discovered(_logger, options.PlatformWorkspace.ToString(), string.Join(", ", discovered.Select(d => $"{d.Resource} ({d.Export})")));

        using var placementQueue = new RateLimitingQueue<BrokeredKey>("placements", QueueOptions(), meter, time);
        using var acceptApiQueue = new RateLimitingQueue<ObjectKey>("acceptapis", QueueOptions(), meter, time);
        await using var acceptApis = new ExportInformer(client, options.PlatformWorkspace, options.AcceptApiExport, AcceptApiResource, time, loggers);
        var brokered = discovered.Select(d => new BrokeredResource(new ExportInformer(client, options.PlatformWorkspace, d.Export, d.Resource, time, loggers))).ToList();
        var byResource = brokered.ToDictionary(b => b.Resource);
        await using var placementInformer = new WorkspaceInformer(platform, PlacementRecords.Resource, time, loggers);
        await using var configurationInformer = new WorkspaceInformer(platform, MigrationRecords.Configurations, time, loggers);
        await using var watches = new StagingWatches(
            (cluster, resource, ns, name) => placementQueue.Add(new BrokeredKey(resource, new ObjectKey(cluster, ns, name))), time, loggers);
        try
        {
            var placements = new PlacementRecords(platform, platformCluster, placementInformer.Store);
            var paths = new ProviderPaths(client);
            var registry = new AcceptApiRegistry(acceptApis.Store, paths);
            using var subscriptions = new System.Reactive.Disposables.CompositeDisposable(
                acceptApis.Keys.Subscribe(acceptApiQueue.Add),
                placementInformer.Store.Changes.Subscribe(change => EnqueueConsumerOf(change, brokered, placementQueue)));
            foreach (var resource in brokered)
            {
                subscriptions.Add(resource.Informer.Keys.Subscribe(key => placementQueue.Add(new BrokeredKey(resource.Resource, key))));
                resource.Informer.Start();
            }

            acceptApis.Start();
            placementInformer.Start();
            configurationInformer.Start();
            await WaitForSyncAsync(acceptApis, brokered, [placementInformer, configurationInformer], cancellationToken);
            foreach (var provider in acceptApis.Store.Snapshot.ClusterNames)
            {
                await paths.GetAsync(provider, cancellationToken); // messages name providers by path from the first decision on
            }

            registry.Rebuild();

            var stagingWorkspaces = new StagingWorkspaces(client, options.Staging, loggers.CreateLogger<StagingWorkspaces>());
            var placementReconciler = new PlacementReconciler(
                byResource, registry, placements, new MigrationRecords(platform, configurationInformer.Store, time), stagingWorkspaces, watches, paths, client, options, time, loggers.CreateLogger<PlacementReconciler>());
            var acceptApiReconciler = new AcceptApiReconciler(
                acceptApis.Store, registry, paths, brokered, placements, placementQueue.Add, client, time, loggers.CreateLogger<AcceptApiReconciler>());

            _ready = true;
            Log.Started(_logger, brokered.Count, options.Workers);
            await Task.WhenAll(
                new Controller<ObjectKey>("acceptapis", acceptApiQueue, acceptApiReconciler, new ControllerOptions { Workers = 2 }, loggers.CreateLogger<Controller<ObjectKey>>()).RunAsync(cancellationToken),
                new Controller<BrokeredKey>("placements", placementQueue, placementReconciler, new ControllerOptions { Workers = options.Workers }, loggers.CreateLogger<Controller<BrokeredKey>>()).RunAsync(cancellationToken));
        }
        finally
        {
            _ready = false;
            foreach (var resource in brokered)
            {
                await resource.Informer.DisposeAsync();
            }
        }
    }

    // Each object takes several passes (create, finalizer, placement, copy, status); the limit protects kcp, not the broker.
    private RateLimitingQueueOptions QueueOptions() => new()
    {
        GlobalLimiter = new System.Threading.RateLimiting.TokenBucketRateLimiter(new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
        {
            TokenLimit = options.MaxReconcilesPerSecond * 2,
            TokensPerPeriod = options.MaxReconcilesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            AutoReplenishment = true,
        }),
    };

    private async Task WaitForSyncAsync(ExportInformer acceptApis, List<BrokeredResource> brokered, WorkspaceInformer[] platformInformers, CancellationToken cancellationToken)
    {
        foreach (var informer in platformInformers)
        {
            await informer.WaitForSyncAsync(cancellationToken);
        }

        await acceptApis.WaitForSyncAsync(time, cancellationToken);
        foreach (var resource in brokered)
        {
            await resource.Informer.WaitForSyncAsync(time, cancellationToken);
        }
    }

    // A Placement change (ours or anyone's) wakes the object it records, so a deleted or edited record is repaired.
    private static void EnqueueConsumerOf(CacheChange change, List<BrokeredResource> brokered, RateLimitingQueue<BrokeredKey> queue)
    {
        var cached = change.New ?? change.Old;
        if (cached is null)
        {
            return;
        }

        var consumer = JsonSerializer.Deserialize(cached.Utf8Json.Span, BrokerJsonContext.Default.Placement)?.Spec.Consumer;
        var resource = brokered.FirstOrDefault(b => consumer is not null && b.Resource.Group == consumer.Gvr.Group && b.Resource.Version == consumer.Gvr.Version && b.Resource.Resource == consumer.Gvr.Resource);
        if (consumer is not null && resource is not null)
        {
            queue.Add(new BrokeredKey(resource.Resource, new ObjectKey(consumer.Cluster, consumer.Namespace ?? "", consumer.Name)));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Brokering in {Platform}: {Resources}")]
        public static partial void Discovered(ILogger logger, string platform, string resources);

        [LoggerMessage(LogLevel.Information, "Caches synced; brokering {Count} resource(s) with {Workers} workers")]
        public static partial void Started(ILogger logger, int count, int workers);
    }
}
