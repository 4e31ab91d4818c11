using System.Diagnostics;
using System.Runtime;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;
using Broker.Runtime.Cache;
using Broker.Testing;
using Broker.Testing.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Benchmarks.Client;

/// <summary>Issue 4's benchmark: LocalKcp with N consumer workspaces bound to one export and M widgets in each;
/// one initial sync = LIST through the virtual workspace's wildcard endpoint into an <see cref="ObjectStore"/>.</summary>
public sealed class InitialSyncScenario : IAsyncDisposable
{
    private static readonly GroupVersionResource Widgets = new(WidgetExport.Group, WidgetExport.Version, WidgetExport.Resource);
    private readonly LocalKcpFixture _kcp;
    private readonly Uri _endpoint;

    private InitialSyncScenario(LocalKcpFixture kcp, Uri endpoint, int objects)
    {
        _kcp = kcp;
        _endpoint = endpoint;
        Objects = objects;
    }

    public int Objects { get; }

    public static async Task<InitialSyncScenario> StartAsync(int workspaces, int objectsPerWorkspace, CancellationToken cancellationToken)
    {
        var kcp = await LocalKcpFixture.StartAsync(cancellationToken, o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero, WatchHistory = 1000 });
        var export = await WidgetExport.CreateAsync(kcp, "root:provider", "widgets", cancellationToken);
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, workspaces).Select(async w =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var consumer = await export.BindConsumerAsync($"root:consumers:c{w:D4}", cancellationToken);
                for (var i = 0; i < objectsPerWorkspace; i++)
                {
                    // ~0.8 KB per object as served, a typical small custom resource.
                    kcp.Bootstrap.Apply(consumer, WidgetExport.Widget($"widget-{i}", size: i % 10 + 1, padding: new string('x', 300)));
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        using var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var slice = await client.Cluster("root:provider").GetAsync<ApiExportEndpointSlice>(ApiExportEndpointSlice.Resource, null, "widgets", cancellationToken);
        return new InitialSyncScenario(kcp, slice.Status.Endpoints!.Single().Url, workspaces * objectsPerWorkspace);
    }

    /// <summary>One initial sync with a fresh client; returns the time until the store holds every object.</summary>
    public async Task<(TimeSpan Elapsed, ObjectStore Store)> SyncAsync(bool withLabelIndex, CancellationToken cancellationToken)
    {
        using var client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]), new KcpClientOptions { ListPageSize = 0 });
        var store = withLabelIndex ? new ObjectStore(Widgets, CacheIndex.ByLabel("app")) : new ObjectStore(Widgets);
        var clock = Stopwatch.StartNew();
        await using var informer = new Informer(
            client.VirtualWorkspace(_endpoint, ClusterPath.Wildcard), Widgets, new InformerOptions(), TimeProvider.System, NullLogger.Instance);
        using (informer.Subscribe(e => store.Apply(_endpoint, e)))
        {
            informer.Start();
            await informer.WaitForSyncAsync(cancellationToken);
            clock.Stop();
        }

        return store.Snapshot.Count == Objects
            ? (clock.Elapsed, store)
            : throw new InvalidOperationException($"Synced {store.Snapshot.Count} of {Objects} objects");
    }

    /// <summary>Heap retained by a store holding the synced objects, and the JSON size of those objects (uncompressed). LocalKcp shares
    /// this process and its heap moves on its own, so the store is rebuilt here from the synced objects' JSON, between
    /// full compacting collections, and the smallest of several runs is kept.</summary>
    public async Task<(long RetainedBytes, long JsonBytes)> MeasureCacheMemoryAsync(bool withLabelIndex, CancellationToken cancellationToken)
    {
        var (_, synced) = await SyncAsync(withLabelIndex, cancellationToken);
        var raw = synced.Snapshot.All.Select(o => o.Utf8Json.ToArray()).ToList();
        var json = raw.Sum(bytes => (long)bytes.Length); // the JSON itself: Snapshot.Bytes counts what the cache holds (compressed)
        synced.Dispose();
        var retained = Enumerable.Range(0, 3).Min(_ => Retained(raw, withLabelIndex));
        return (retained, json);
    }

    private long Retained(List<byte[]> raw, bool withLabelIndex)
    {
        var before = FullCollection();
        var store = withLabelIndex ? new ObjectStore(Widgets, CacheIndex.ByLabel("app")) : new ObjectStore(Widgets);
        foreach (var bytes in raw)
        {
            store.Apply(_endpoint, new WatchEvent(WatchEventType.Added, (JsonNode.Parse(bytes) as JsonObject)!));
        }

        var after = FullCollection();
        GC.KeepAlive(store);
        return after - before;
    }

    private static long FullCollection()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public ValueTask DisposeAsync() => _kcp.DisposeAsync();
}
