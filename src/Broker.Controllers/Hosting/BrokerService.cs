using System.Diagnostics.Metrics;
using System.Reactive.Linq;
using System.Text.Json;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Migrations;
using Broker.Controllers.Migrations.Configuration;
using Broker.Controllers.Migrations.Stages;
using Broker.Controllers.Naming;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Controllers.Staging;
using Broker.Controllers.Status;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
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
/// then runs the AcceptAPI, placement, Migration and MigrationConfiguration controllers until cancelled. Exports added
/// or removed meanwhile start or stop their resources' informers; the rest keeps running.
/// </summary>
public sealed partial class BrokerService(KcpClient client, BrokerOptions options, TimeProvider time, ILoggerFactory loggers, Meter meter)
{
    private readonly ILogger _logger = loggers.CreateLogger<BrokerService>();
    private readonly PlacementMetrics _metrics = new(meter, time);
    private readonly MigrationMetrics _migrationMetrics = new(meter);
    private readonly AcceptApiMetrics _acceptApiMetrics = new(meter);
    private readonly ClientMetrics _clientMetrics = new(meter);
    private volatile bool _ready;
    private volatile string? _waiting;
    private volatile BrokerSources? _syncing;

    /// <summary>True once every cache has synced and the controllers run (the readiness probe).</summary>
    public bool IsReady => _ready;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var clientMetrics = _clientMetrics.Attach(client.Telemetry);
        var platform = client.Cluster(options.PlatformWorkspace);
        var (platformCluster, discovered) = await UntilPermittedAsync(async () => (
            KubeObject.Cluster(await platform.GetAsync(LogicalCluster.Resource, null, "cluster", cancellationToken)),
            await BrokeredResourceDiscovery.DiscoverAsync(platform, options.BrokeredExports, cancellationToken)), cancellationToken);
        Log.Discovered(_logger, options.PlatformWorkspace.ToString(), string.Join(", ", discovered));
        await RunControllersAsync(platform, platformCluster, discovered, cancellationToken);
    }

    /// <summary>What the broker is waiting for before it can start, for the readiness probe: a startup read kcp refuses, or a
    /// cache whose list or watch it refuses; null once it runs or has no problem.</summary>
    public string? Waiting => _waiting ?? (_ready ? null : _syncing?.Refused?.ToString());

    /// <summary>
    /// Runs the startup reads until kcp permits them. A refusal is a missing permission, which an operator grants while the
    /// broker runs: it is logged (verb, resource, workspace, as kcp words the 403) and told by the readiness probe, and the
    /// read is tried again with a growing pause (up to 30 s) instead of ending the broker. Other failures end it as before.
    /// </summary>
    private async Task<T> UntilPermittedAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var result = await read();
                _waiting = null;
                return result;
            }
            catch (ForbiddenException e)
            {
                _waiting = e.Refusal?.ToString() ?? $"missing permission: {e.Status.Message}";
                Log.Forbidden(_logger, e.Status.Message ?? e.Message, pause);
                await Task.Delay(pause, time, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>
    /// Lists the exports every <see cref="BrokerOptions.DiscoveryInterval"/> and applies the difference while everything
    /// else keeps running: a new resource gets its own informers and joins the controllers, a resource no longer offered is
    /// stopped. A failed look keeps the current set.
    /// </summary>
    private async Task FollowExportsAsync(
        ClusterClient platform, IReadOnlyList<DiscoveredResource> discovered, BrokerSources sources, OwnWrites ownWrites, ResourceSubscriptions subscriptions,
        RateLimitingQueue<BrokeredKey> placementQueue, CancellationToken cancellationToken)
    {
        var current = discovered.ToHashSet();
        while (true)
        {
            await Task.Delay(options.DiscoveryInterval, time, cancellationToken);
            try
            {
                var next = (await BrokeredResourceDiscovery.DiscoverAsync(platform, options.BrokeredExports, cancellationToken)).ToHashSet();
                if (next.SetEquals(current))
                {
                    continue;
                }

                Log.Changed(_logger, string.Join(", ", next));
                foreach (var gone in current.Except(next).ToList())
                {
                    await RemoveResourceAsync(gone.Resource, sources, subscriptions);
                    current.Remove(gone);
                }

                foreach (var added in next.Except(current).ToList())
                {
                    await AddResourceAsync(added, sources, ownWrites, subscriptions, placementQueue, cancellationToken);
                    current.Add(added);
                }
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException or TimeoutException)
            {
                Log.RediscoveryFailed(_logger, e.Message);
            }
        }
    }

    private async Task RunControllersAsync(
        ClusterClient platform, string platformCluster, IReadOnlyList<DiscoveredResource> discovered, CancellationToken cancellationToken)
    {
        using var placementQueue = new RateLimitingQueue<BrokeredKey>("placements", new RateLimitingQueueOptions(), meter, time);
        using var acceptApiQueue = new RateLimitingQueue<ObjectKey>("acceptapis", new RateLimitingQueueOptions(), meter, time);
        using var migrationQueue = new RateLimitingQueue<ObjectKey>("migrations", new RateLimitingQueueOptions(), meter, time);
        await using var sources = new BrokerSources(client, options, discovered, time, loggers);

        // The placement controller writes through a client that remembers what it wrote, so the echoes of its own
        // writes (about half the events a placed object causes) do not cost a pass each.
        var ownWrites = new OwnWrites([.. discovered.Select(d => d.Resource), PlacementRecords.Resource, OwnedSecrets.Resource]);
        using var writer = client.Observing(ownWrites.Record, ownWrites.Begin);
        var platformWriter = writer.Cluster(platform.Cluster);
        var brokered = sources.Brokered.List; // live: resources discovered while running join it
        var records = new PlatformRecords(
            new PlacementRecords(platformWriter, platformCluster, sources.Placements.Store), new MigrationRecords(platformWriter, platformCluster, sources.Migrations.Store),
            new MigrationConfigurations(sources.Configurations.Store));
        await using var watches = new StagingWatches(
            client, (cluster, resource, ns, name) => CopyChanged(new BrokeredKey(resource, new ObjectKey(cluster, ns, name)), records.Placements, platformCluster, placementQueue, migrationQueue),
            ownWrites, time, loggers);
        await using var stagingWorkspaces = new StagingWorkspaces(writer, options.Staging, time, loggers);
        await using var events = new EventRecorder(time, loggers.CreateLogger<EventRecorder>(), meter);
        using var stageClient = StageTargetClient(platformWriter);
        await using var stageWatches = new StageWatches(stageClient.Cluster, time, loggers);
        var paths = new ProviderPaths(client);
        var registry = new AcceptApiRegistry(sources.AcceptApis.Store, paths, _acceptApiMetrics);
        using var subscriptions = new System.Reactive.Disposables.CompositeDisposable(
            sources.AcceptApis.Keys.Subscribe(acceptApiQueue.Add),
            PlacementWakeUps(sources, records.Placements, ownWrites, stagingWorkspaces, placementQueue),
            MigrationWakeUps(sources, records.Placements, records.Migrations, brokered, platformCluster, placementQueue, migrationQueue),
            stageWatches.Changes.Subscribe(name => migrationQueue.Add(new ObjectKey(platformCluster, MigrationRecords.Namespace, name))));
        using var resourceChanges = SubscribeResources(sources, ownWrites, placementQueue);
        try
        {
            _syncing = sources;
            await SyncAsync(sources, stagingWorkspaces, paths, registry, cancellationToken);
            events.Start();
            using var counted = new System.Reactive.Disposables.CompositeDisposable(_metrics.Attach(records.Placements), _migrationMetrics.Attach(records.Migrations)); // once synced: a partial count would mislead
            var copies = new CopyStore(stagingWorkspaces, watches, paths, writer, registry);
            var consumers = new ConsumerObjects(sources.Brokered, writer, loggers.CreateLogger<ConsumerObjects>()); // live: resources discovered later join
            var placementReconciler = new PlacementReconciler(
                consumers, registry, records, copies, options, events, _metrics, time, loggers.CreateLogger<PlacementReconciler>());
            var migrationReconciler = MigrationReconcilerOf(records, copies, new StageObjects(new StageTarget(stageClient.Cluster), stageWatches));
            var acceptApiReconciler = new AcceptApiReconciler(
                sources.AcceptApis.Store, registry, paths, brokered, records.Placements, placementQueue.Add, client, time, loggers.CreateLogger<AcceptApiReconciler>());

            _ready = true;
            Log.Started(_logger, brokered.Count, options.Workers);
            await Task.WhenAll(
                new Controller<ObjectKey>("acceptapis", acceptApiQueue, acceptApiReconciler, new ControllerOptions { Workers = 2 }, loggers.CreateLogger<Controller<ObjectKey>>()).RunAsync(cancellationToken),
                RunConfigurationsAsync(sources.Configurations.Store, records.Configurations, platform, cancellationToken),
                new StagingController(stagingWorkspaces, records.Placements, writer, meter, time, loggers).RunAsync(cancellationToken),
                new Controller<BrokeredKey>("placements", placementQueue, placementReconciler, new ControllerOptions { Workers = options.Workers }, loggers.CreateLogger<Controller<BrokeredKey>>(), new ForbiddenConditions(consumers, events, time).ReportAsync).RunAsync(cancellationToken),
                new Controller<ObjectKey>("migrations", migrationQueue, migrationReconciler, new ControllerOptions { Workers = 2 }, loggers.CreateLogger<Controller<ObjectKey>>()).RunAsync(cancellationToken),
                PeriodicResync.RunAsync(options.ReconcileInterval, () => Everything(brokered), placementQueue.Add, time, cancellationToken),
                FollowExportsAsync(platform, discovered, sources, ownWrites, resourceChanges, placementQueue, cancellationToken));
        }
        finally
        {
            _ready = false;
            _syncing = null;
        }
    }

    private MigrationReconciler MigrationReconcilerOf(PlatformRecords records, CopyStore copies, StageObjects stageObjects) =>
        new(records, copies, stageObjects, options, _migrationMetrics, time, loggers.CreateLogger<MigrationReconciler>());

    // Each brokered resource's changes (minus the echoes of the controllers' writes) and each export's owned Secrets (a copy
    // someone changed or deleted) wake the objects they concern; kept per resource, so one can join or leave while the
    // others stay subscribed.
    private static ResourceSubscriptions SubscribeResources(BrokerSources sources, OwnWrites ownWrites, RateLimitingQueue<BrokeredKey> placementQueue)
    {
        var brokered = sources.Brokered.List;
        var subscriptions = new ResourceSubscriptions(
            r => ownWrites.WithoutEchoes(r.Resource, r.Informer.Store.Changes).Select(c => new BrokeredKey(r.Resource, c.Key)).Subscribe(placementQueue.Add),
            o => ownWrites.WithoutEchoes(OwnedSecrets.Resource, o.Changes).Select(c => OwnerKey(o, c, brokered)).Subscribe(key => EnqueueIf(key, placementQueue)));
        foreach (var resource in brokered)
        {
            subscriptions.Add(resource);
        }

        foreach (var owned in sources.Owned)
        {
            subscriptions.Add(owned);
        }

        return subscriptions;
    }

    // A resource discovered while running: its own informers, listed before it joins, then every object it holds queued.
    private async Task AddResourceAsync(
        DiscoveredResource discovered, BrokerSources sources, OwnWrites ownWrites, ResourceSubscriptions subscriptions, RateLimitingQueue<BrokeredKey> placementQueue,
        CancellationToken cancellationToken)
    {
        var (resource, newOwned) = await sources.StartAsync(discovered, cancellationToken);
        ownWrites.Watch(resource.Resource);
        subscriptions.Add(resource);
        if (newOwned)
        {
            subscriptions.Add(resource.Owned!);
        }

        sources.Brokered.Add(resource);
        foreach (var cached in resource.Informer.Store.Snapshot.All)
        {
            placementQueue.Add(new BrokeredKey(resource.Resource, cached.Key));
        }

        Log.ResourceStarted(_logger, discovered.ToString());
    }

    private async Task RemoveResourceAsync(GroupVersionResource resource, BrokerSources sources, ResourceSubscriptions subscriptions)
    {
        var owned = sources.Brokered.TryGetValue(resource, out var removed) ? removed.Owned : null;
        subscriptions.Remove(resource);
        await sources.StopAsync(resource);
        if (owned is not null && !sources.Owned.Contains(owned))
        {
            subscriptions.Remove(owned);
        }

        Log.ResourceStopped(_logger, resource.ToString());
    }

    /// <summary>Condition Valid on every MigrationConfiguration, from a queue of its own fed by their cache. Any change
    /// queues them all (they are few, and one can shadow another); one worker.</summary>
    private async Task RunConfigurationsAsync(ObjectStore store, MigrationConfigurations configurations, ClusterClient platform, CancellationToken cancellationToken)
    {
        using var queue = new RateLimitingQueue<ObjectKey>("migrationconfigurations", new RateLimitingQueueOptions(), meter, time);
        using var changes = store.Changes.Subscribe(_ => AddAll());
        AddAll(); // those listed before the subscription; the queue drops repeats

        var reconciler = new MigrationConfigurationReconciler(configurations, platform, time, loggers.CreateLogger<MigrationConfigurationReconciler>());
        await new Controller<ObjectKey>("migrationconfigurations", queue, reconciler, new ControllerOptions { Workers = 1 }, loggers.CreateLogger<Controller<ObjectKey>>())
            .RunAsync(cancellationToken);

        void AddAll()
        {
            foreach (var cached in store.Snapshot.All)
            {
                queue.Add(cached.Key);
            }
        }
    }

    // What a periodic resync (RECONCILE_INTERVAL) queues: every brokered object the caches hold.
    private static IEnumerable<BrokeredKey> Everything(IReadOnlyList<BrokeredResource> brokered) =>
        brokered.SelectMany(r => r.Informer.Store.Snapshot.All.Select(o => new BrokeredKey(r.Resource, o.Key)));

    /// <summary>Starts the caches and waits until routing can read a complete view.</summary>
    private async Task SyncAsync(BrokerSources sources, StagingWorkspaces stagingWorkspaces, ProviderPaths paths, AcceptApiRegistry registry, CancellationToken cancellationToken)
    {
        sources.Start();
        await sources.WaitForSyncAsync(time, cancellationToken);
        await stagingWorkspaces.WaitForSyncAsync(cancellationToken);
        // Several at a time: one after the other, a hundred providers' reads were seconds of a restart on a loaded kcp.
        await Parallel.ForEachAsync(
            sources.AcceptApis.Store.Snapshot.ClusterNames, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (provider, ct) =>
            {
                try
                {
                    await paths.GetAsync(provider, ct); // messages name providers by path from the first decision on
                }
                catch (ForbiddenException e)
                {
                    // Not fatal: the provider is named by its cluster until the path can be read (placing there needs it).
                    Log.ProviderPathForbidden(_logger, provider, e.Status.Message ?? e.Message);
                }
            });

        registry.Rebuild();
    }

    // A copy's change concerns its object and, during a move, the object's Migration (the new copy became ready).
    private static void CopyChanged(
        BrokeredKey key, PlacementRecords placements, string platformCluster, RateLimitingQueue<BrokeredKey> placementQueue, RateLimitingQueue<ObjectKey> migrationQueue)
    {
        placementQueue.Add(key);
        if (placements.Find(BrokerNames.Placement(key.Object.Cluster, key.Resource, key.Object.Namespace, key.Object.Name)) is { } placement
            && MigrationRecords.NameOf(placement) is { } migration)
        {
            migrationQueue.Add(new ObjectKey(platformCluster, MigrationRecords.Namespace, migration));
        }
    }

    /// <summary>
    /// What queues a brokered object besides its own change and its copied Secrets' (<see cref="SubscribeResources"/>): a
    /// change of its Placement (ours or anyone's: a deleted or edited record is repaired), and its staging workspace becoming
    /// ready. Echoes of the broker's own writes are left out.
    /// </summary>
    private static IDisposable PlacementWakeUps(
        BrokerSources sources, PlacementRecords placements, OwnWrites ownWrites, StagingWorkspaces staging, RateLimitingQueue<BrokeredKey> queue)
    {
        var brokered = sources.Brokered.List;
        return new System.Reactive.Disposables.CompositeDisposable(
            ownWrites.WithoutEchoes(PlacementRecords.Resource, sources.Placements.Store.Changes)
                .Subscribe(change => EnqueueConsumerOf(placements, change, brokered, queue)),
            staging.Ready.Subscribe(name => EnqueueConsumers(placements.UsingStaging(name), brokered, queue)));
    }

    /// <summary>
    /// A Placement's change wakes the Migration of the move it records (a cutover completes it, a dropped target supersedes
    /// it); a MigrationConfiguration's change wakes the objects whose move failed; a Migration's change wakes the controller
    /// driving it and the object it moves.
    /// </summary>
    private static IDisposable MigrationWakeUps(
        BrokerSources sources, PlacementRecords placements, MigrationRecords migrations, IReadOnlyList<BrokeredResource> brokered, string platformCluster,
        RateLimitingQueue<BrokeredKey> placementQueue, RateLimitingQueue<ObjectKey> migrationQueue) =>
        new System.Reactive.Disposables.CompositeDisposable(
            sources.Placements.Store.Changes.Subscribe(change =>
            {
                foreach (var cached in new[] { change.Old, change.New })
                {
                    if (cached is not null && MigrationRecords.MayRecordMove(cached) && MigrationRecords.NameOf(placements.Parsed(cached)) is { } migration)
                    {
                        migrationQueue.Add(new ObjectKey(platformCluster, MigrationRecords.Namespace, migration));
                    }
                }
            }),
            sources.Configurations.Store.Changes.Subscribe(_ =>
            {
                // A changed configuration tries the moves given up under the old one again.
                foreach (var placement in placements.All().Where(p => p.Status?.AbandonedTarget is not null))
                {
                    EnqueueConsumer(placement, brokered, placementQueue);
                }
            }),
            sources.Migrations.Store.Changes.Subscribe(change =>
            {
                migrationQueue.Add(change.Key);
                if ((change.New ?? change.Old) is { } cached
                    && migrations.Parsed(cached).Metadata.Label(MigrationRecords.PlacementLabel) is { } placementName
                    && placements.Find(placementName) is { } placement)
                {
                    EnqueueConsumer(placement, brokered, placementQueue);
                }
            }));

    /// <summary>
    /// Where stage objects go: the cluster of <see cref="BrokerOptions.StageKubeconfig"/> (its server's workspace on kcp),
    /// or the platform workspace. The handle owns the stage target's connections.
    /// </summary>
    private StageClient StageTargetClient(ClusterClient platform)
    {
        if (options.StageKubeconfig is not { } path)
        {
            return new StageClient(platform, null);
        }

        var stage = new KcpClient(KubeconfigLoader.Load([path]));
        return new StageClient(stage.Connection.Workspace is null ? stage.Server : stage.Workspace, stage);
    }

    private sealed record StageClient(ClusterClient Cluster, KcpClient? Owned) : IDisposable
    {
        public void Dispose() => Owned?.Dispose();
    }

    private static void EnqueueConsumerOf(PlacementRecords placements, CacheChange change, IReadOnlyList<BrokeredResource> brokered, RateLimitingQueue<BrokeredKey> queue)
    {
        if ((change.New ?? change.Old) is { } cached)
        {
            EnqueueConsumer(placements.Parsed(cached), brokered, queue);
        }
    }

    // The objects with copies in a staging workspace that just became ready.
    private static void EnqueueConsumers(IEnumerable<Core.Api.V1Alpha1.Placement> placements, IReadOnlyList<BrokeredResource> brokered, RateLimitingQueue<BrokeredKey> queue)
    {
        foreach (var placement in placements)
        {
            EnqueueConsumer(placement, brokered, queue);
        }
    }

    private static void EnqueueConsumer(Core.Api.V1Alpha1.Placement placement, IReadOnlyList<BrokeredResource> brokered, RateLimitingQueue<BrokeredKey> queue)
    {
        var consumer = placement.Spec.Consumer;
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

        [LoggerMessage(LogLevel.Information, "The brokered resources changed to {Resources}")]
        public static partial void Changed(ILogger logger, string resources);

        [LoggerMessage(LogLevel.Information, "Brokering {Resource} too: its informers listed; the other resources' kept running")]
        public static partial void ResourceStarted(ILogger logger, string resource);

        [LoggerMessage(LogLevel.Information, "No longer brokering {Resource}: its informers are stopped")]
        public static partial void ResourceStopped(ILogger logger, string resource);

        [LoggerMessage(LogLevel.Warning, "Listing the exports again failed: {Problem}; brokering the known resources")]
        public static partial void RediscoveryFailed(ILogger logger, string problem);

        [LoggerMessage(LogLevel.Error, "The broker lacks a permission it needs to start: {Problem}; grant it (contrib/kcp/rbac); trying again in {Pause}")]
        public static partial void Forbidden(ILogger logger, string problem, TimeSpan pause);

        [LoggerMessage(LogLevel.Error, "Cannot read the LogicalCluster of provider {Provider} (its workspace path): {Problem}; the provider's RBAC for the broker is missing (contrib/kcp/rbac/broker-provider.yaml)")]
        public static partial void ProviderPathForbidden(ILogger logger, string provider, string problem);

        [LoggerMessage(LogLevel.Information, "Caches synced; brokering {Count} resource(s) with {Workers} workers")]
        public static partial void Started(ILogger logger, int count, int workers);
    }
}
