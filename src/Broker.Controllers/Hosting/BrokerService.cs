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
using Broker.Runtime.Events;
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
    private readonly ILogger _logger = loggers.CreateLogger<BrokerService>();
    private readonly PlacementMetrics _metrics = new(meter, time);
    private volatile bool _ready;

    /// <summary>True once every cache has synced and the controllers run (the readiness probe).</summary>
    public bool IsReady => _ready;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var platform = client.Cluster(options.PlatformWorkspace);
        var platformCluster = KubeObject.Cluster(await platform.GetAsync(LogicalCluster.Resource, null, "cluster", cancellationToken));
        var discovered = await BrokeredResourceDiscovery.DiscoverAsync(platform, options.BrokeredExports, cancellationToken);
        while (true)
        {
            Log.Discovered(_logger, options.PlatformWorkspace.ToString(), string.Join(", ", discovered));
            using var changed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var rediscovery = RediscoverAsync(platform, discovered, changed);
            try
            {
                await RunControllersAsync(platform, platformCluster, discovered, changed.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && changed.IsCancellationRequested)
            {
                // The brokered resources changed: start over with the new set.
            }
            finally
            {
                await changed.CancelAsync(); // stops the rediscovery when the controllers ended for any other reason
            }

            if (cancellationToken.IsCancellationRequested || await rediscovery is not { } next)
            {
                return;
            }

            Log.Restarting(_logger, string.Join(", ", next));
            discovered = next;
        }
    }

    /// <summary>
    /// Lists the exports every <see cref="BrokerOptions.DiscoveryInterval"/>; a different set cancels <paramref name="changed"/>
    /// and is returned. Null when the broker stops first. A failed look keeps the current set.
    /// </summary>
    private async Task<IReadOnlyList<DiscoveredResource>?> RediscoverAsync(
        ClusterClient platform, IReadOnlyList<DiscoveredResource> current, CancellationTokenSource changed)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.DiscoveryInterval, time, changed.Token);
                try
                {
                    var next = await BrokeredResourceDiscovery.DiscoverAsync(platform, options.BrokeredExports, changed.Token);
                    if (!next.ToHashSet().SetEquals(current))
                    {
                        await changed.CancelAsync();
                        return next;
                    }
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException or TimeoutException)
                {
                    Log.RediscoveryFailed(_logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task RunControllersAsync(
        ClusterClient platform, string platformCluster, IReadOnlyList<DiscoveredResource> discovered, CancellationToken cancellationToken)
    {
        using var placementQueue = new RateLimitingQueue<BrokeredKey>("placements", new RateLimitingQueueOptions(), meter, time);
        using var acceptApiQueue = new RateLimitingQueue<ObjectKey>("acceptapis", new RateLimitingQueueOptions(), meter, time);
        await using var sources = new BrokerSources(client, options, discovered, time, loggers);

        // The placement controller writes through a client that remembers what it wrote, so the echoes of its own
        // writes (about half the events a placed object causes) do not cost a pass each.
        var ownWrites = new OwnWrites([.. discovered.Select(d => d.Resource), PlacementRecords.Resource, OwnedSecrets.Resource]);
        using var writer = client.Observing(ownWrites.Record, ownWrites.Begin);
        var platformWriter = writer.Cluster(platform.Cluster);
        await using var watches = new StagingWatches(
            (cluster, resource, ns, name) => placementQueue.Add(new BrokeredKey(resource, new ObjectKey(cluster, ns, name))), ownWrites, time, loggers);
        await using var stagingWorkspaces = new StagingWorkspaces(writer, options.Staging, time, loggers);
        await using var events = new EventRecorder(time, loggers.CreateLogger<EventRecorder>(), meter);
        var brokered = sources.Brokered;
        var placements = new PlacementRecords(platformWriter, platformCluster, sources.Placements.Store);
        var paths = new ProviderPaths(client);
        var registry = new AcceptApiRegistry(sources.AcceptApis.Store, paths);
        using var subscriptions = new System.Reactive.Disposables.CompositeDisposable(
            sources.AcceptApis.Keys.Subscribe(acceptApiQueue.Add),
            ownWrites.WithoutEchoes(PlacementRecords.Resource, sources.Placements.Store.Changes)
                .Subscribe(change => EnqueueConsumerOf(placements, change, brokered, placementQueue)));
        subscriptions.Add(brokered.Select(r => ownWrites.WithoutEchoes(r.Resource, r.Informer.Store.Changes).Select(c => new BrokeredKey(r.Resource, c.Key)))
            .Merge().Subscribe(placementQueue.Add));
        subscriptions.Add(sources.Owned.Select(o => ownWrites.WithoutEchoes(OwnedSecrets.Resource, o.Changes).Select(c => OwnerKey(o, c, brokered)))
            .Merge().Subscribe(key => EnqueueIf(key, placementQueue)));
        try
        {
            sources.Start();
            await sources.WaitForSyncAsync(time, cancellationToken);
            await stagingWorkspaces.WaitForSyncAsync(cancellationToken);
            foreach (var provider in sources.AcceptApis.Store.Snapshot.ClusterNames)
            {
                await paths.GetAsync(provider, cancellationToken); // messages name providers by path from the first decision on
            }

            registry.Rebuild();
            events.Start();
            using var counted = _metrics.Attach(placements); // counted once synced: a partial count would mislead
            var placementReconciler = new PlacementReconciler(
                brokered.ToDictionary(b => b.Resource), registry, placements, new MigrationRecords(platformWriter, sources.Configurations.Store, time), stagingWorkspaces, watches, paths, writer, options,
                placementQueue.Add, events, _metrics, time, loggers.CreateLogger<PlacementReconciler>());
            var acceptApiReconciler = new AcceptApiReconciler(
                sources.AcceptApis.Store, registry, paths, brokered, placements, placementQueue.Add, client, time, loggers.CreateLogger<AcceptApiReconciler>());

            _ready = true;
            Log.Started(_logger, brokered.Count, options.Workers);
            await Task.WhenAll(
                new Controller<ObjectKey>("acceptapis", acceptApiQueue, acceptApiReconciler, new ControllerOptions { Workers = 2 }, loggers.CreateLogger<Controller<ObjectKey>>()).RunAsync(cancellationToken),
                new Controller<BrokeredKey>("placements", placementQueue, placementReconciler, new ControllerOptions { Workers = options.Workers }, loggers.CreateLogger<Controller<BrokeredKey>>()).RunAsync(cancellationToken));
        }
        finally
        {
            _ready = false;
        }
    }

    // A Placement change (ours or anyone's) wakes the object it records, so a deleted or edited record is repaired.
    private static void EnqueueConsumerOf(PlacementRecords placements, CacheChange change, IReadOnlyList<BrokeredResource> brokered, RateLimitingQueue<BrokeredKey> queue)
    {
        var cached = change.New ?? change.Old;
        if (cached is null)
        {
            return;
        }

        var consumer = placements.Parsed(cached).Spec.Consumer;
        var resource = brokered.FirstOrDefault(b => consumer is not null && b.Resource.Group == consumer.Gvr.Group && b.Resource.Version == consumer.Gvr.Version && b.Resource.Resource == consumer.Gvr.Resource);
        if (consumer is not null && resource is not null)
        {
            queue.Add(new BrokeredKey(resource.Resource, new ObjectKey(consumer.Cluster, consumer.Namespace ?? "", consumer.Name)));
        }
    }

    // A copied Secret someone changed or deleted wakes the object that owns it, which writes it back.
    private static BrokeredKey? OwnerKey(OwnedSecrets owned, CacheChange change, IReadOnlyList<BrokeredResource> brokered) =>
        OwnedSecrets.OwnerOf(change) is { } owner
        && brokered.FirstOrDefault(b => b.Owned == owned && $"{b.Resource.Group}/{b.Resource.Version}".TrimStart('/') == owner.ApiVersion
            && KindNames.Plural(owner.Kind) == b.Resource.Resource) is { } resource
            ? new BrokeredKey(resource.Resource, owner.Key)
            : null;

    private static void EnqueueIf(BrokeredKey? key, RateLimitingQueue<BrokeredKey> queue)
    {
        if (key is { } k)
        {
            queue.Add(k);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Brokering in {Platform}: {Resources}")]
        public static partial void Discovered(ILogger logger, string platform, string resources);

        [LoggerMessage(LogLevel.Information, "The brokered resources changed to {Resources}: restarting the controllers (state is recovered from kcp)")]
        public static partial void Restarting(ILogger logger, string resources);

        [LoggerMessage(LogLevel.Warning, "Listing the exports again failed: {Problem}; brokering the known resources")]
        public static partial void RediscoveryFailed(ILogger logger, string problem);

        [LoggerMessage(LogLevel.Information, "Caches synced; brokering {Count} resource(s) with {Workers} workers")]
        public static partial void Started(ILogger logger, int count, int workers);
    }
}
