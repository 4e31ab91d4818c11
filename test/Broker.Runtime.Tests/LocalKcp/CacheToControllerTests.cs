using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Broker.Runtime.Cache;
using Broker.Runtime.Controllers;
using Broker.Runtime.Queue;
using Broker.Testing;
using Broker.Testing.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Runtime.Tests.LocalKcp;

/// <summary>The whole chain a broker controller stands on: virtual-workspace informers -> cache -> engaged keys ->
/// rate-limited queue -> controller workers reading the cache.</summary>
[NonParallelizable]
public sealed class CacheToControllerTests
{
    [Test]
    public async Task EngagedKeys_FeedController_EachObjectReconciledFromCache()
    {
        await using var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        var export = await WidgetExport.CreateAsync(kcp, "root:provider", "widgets", CancellationToken.None);
        var consumer = await export.BindConsumerAsync("root:consumer", CancellationToken.None);
        await using var pipeline = new WidgetPipeline(kcp, "root:provider", "widgets");
        using var meter = new Meter("test.chain");
        using var queue = new RateLimitingQueue<ObjectKey>("widgets", new RateLimitingQueueOptions(), meter, TimeProvider.System);
        var view = new EngagedObjects(pipeline.Store, pipeline.Engagement);
        using var feed = view.Keys.Subscribe(queue.Add);
        var seen = new ConcurrentDictionary<ObjectKey, string>();
        var controller = new Controller<ObjectKey>("widgets", queue, new ReconcilerFunc<ObjectKey>((key, _) =>
        {
            seen[key] = view.TryGet(key, out var obj) ? obj!.ToJsonObject()["spec"]!["size"]!.ToJsonString() : "gone";
            return Task.FromResult(ReconcileResult.Done);
        }), new ControllerOptions { Workers = 2 }, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        await pipeline.WaitUntilAsync(() => pipeline.HasSynced && pipeline.Engagement.IsEngaged(consumer.Name), "pipeline synced and consumer engaged");
        var cluster = pipeline.Client.Cluster(consumer.Name);
        await cluster.CreateAsync(WidgetPipeline.Widgets, "default", WidgetExport.Widget("a", size: 4), CancellationToken.None);
        await cluster.CreateAsync(WidgetPipeline.Widgets, "default", WidgetExport.Widget("b", size: 5), CancellationToken.None);
        await cluster.DeleteAsync(WidgetPipeline.Widgets, "default", "b", null, CancellationToken.None);

        var a = new ObjectKey(consumer.Name, "default", "a");
        var b = new ObjectKey(consumer.Name, "default", "b");
        await pipeline.WaitUntilAsync(
            () => seen.GetValueOrDefault(a) == "4" && seen.GetValueOrDefault(b) == "gone",
            () => $"both keys reconciled; seen: {string.Join(", ", seen)}; engaged: {string.Join(",", pipeline.Engagement.EngagedClusters)}; cached: {pipeline.Store.Snapshot.Count}");
        await stop.CancelAsync();
        await run;
    }
}
