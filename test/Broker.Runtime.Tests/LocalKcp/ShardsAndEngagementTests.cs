using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Testing;
using Broker.Testing.Client;

namespace Broker.Runtime.Tests.LocalKcp;

/// <summary>Issue 4, proofs 2 and 3: two shards with independent resourceVersions and a shard URL that leaves and
/// comes back; bindings that engage and disengage clusters.</summary>
[NonParallelizable]
public sealed class ShardsAndEngagementTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(20);
    private LocalKcpFixture _kcp = null!;
    private WidgetExport _export = null!;
    private WidgetPipeline _pipeline = null!;

    [SetUp]
    public async Task SetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync(configure: o => o with { Shards = 2, WorkspaceSchedulingDelay = TimeSpan.Zero });
        _export = await WidgetExport.CreateAsync(_kcp, "root:provider", "widgets", CancellationToken.None);
        _pipeline = new WidgetPipeline(_kcp, "root:provider", "widgets");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _pipeline.DisposeAsync();
        await _kcp.DisposeAsync();
    }

    [Test]
    public async Task TwoShards_ObjectsFromBothUrls_AttributedPerUrlWithIndependentResourceVersions()
    {
        var onRoot = await _export.BindConsumerAsync("root:a", CancellationToken.None, shard: "root");
        var onShard1 = await _export.BindConsumerAsync("root:b", CancellationToken.None, shard: "shard-1");
        await Create(onRoot.Name, "x");
        await Create(onShard1.Name, "x");

        await _pipeline.WaitUntilAsync(() => _pipeline.Urls.Count == 2, "two endpoint URLs");
        await _pipeline.ShouldConvergeAsync(Converge);

        var a = Cached(onRoot.Name, "x");
        var b = Cached(onShard1.Name, "x");
        a.Endpoint.ShouldNotBe(b.Endpoint);
        a.Endpoint.AbsolutePath.ShouldNotContain("/shards/");
        b.Endpoint.AbsolutePath.ShouldStartWith("/shards/shard-1/");
        _pipeline.WidgetInformers.Keys.ShouldBe([a.Endpoint, b.Endpoint], ignoreOrder: true);

        // Writing many times on one shard moves only that URL's resourceVersion.
        var before = _pipeline.WidgetInformers[b.Endpoint].ResourceVersion;
        for (var i = 0; i < 5; i++)
        {
            await Create(onRoot.Name, $"more-{i}");
        }

        await _pipeline.ShouldConvergeAsync(Converge);
        _pipeline.WidgetInformers[b.Endpoint].ResourceVersion.ShouldBe(before);
        _pipeline.WidgetInformers[a.Endpoint].ResourceVersion.ShouldNotBe(before);
    }

    [Test]
    public async Task ShardUrl_RemovedThenAdded_ObjectsRetractedThenBack()
    {
        await _export.BindConsumerAsync("root:a", CancellationToken.None, shard: "root");
        var onShard1 = await _export.BindConsumerAsync("root:b", CancellationToken.None, shard: "shard-1");
        await Create(onShard1.Name, "x");
        await _pipeline.WaitUntilAsync(() => _pipeline.Urls.Count == 2 && _pipeline.Store.Snapshot.List(onShard1.Name).Any(), "shard-1 objects");

        // The last binding on shard-1 goes: kcp drops that shard's URL from the slice.
        await _pipeline.Client.Cluster(onShard1.Name).DeleteAsync(ApiBinding.Resource, null, "widgets", null, CancellationToken.None);
        await _pipeline.WaitUntilAsync(() => _pipeline.Urls.Count == 1, "shard-1 URL removed");
        await _pipeline.WaitUntilAsync(() => !_pipeline.Store.Snapshot.List(onShard1.Name).Any(), "shard-1 objects retracted");
        _pipeline.Engagement.IsEngaged(onShard1.Name).ShouldBeFalse();

        var again = await _export.BindConsumerAsync("root:c", CancellationToken.None, shard: "shard-1");
        await Create(again.Name, "y");
        await _pipeline.WaitUntilAsync(() => _pipeline.Urls.Count == 2, "shard-1 URL back");
        await _pipeline.ShouldConvergeAsync(Converge);
        Cached(again.Name, "y").Endpoint.AbsolutePath.ShouldStartWith("/shards/shard-1/");
    }

    [Test]
    public async Task Bindings_AddedAndRemoved_EngageAndDisengageClusters()
    {
        var unbound = await _kcp.Bootstrap.CreateWorkspaceAsync("root:unbound", CancellationToken.None);
        var first = await _export.BindConsumerAsync("root:first", CancellationToken.None);
        var view = new EngagedObjects(_pipeline.Store, _pipeline.Engagement);
        var keys = new List<ObjectKey>();
        using var subscription = view.Keys.Subscribe(k =>
        {
            lock (keys)
            {
                keys.Add(k);
            }
        });
        await _pipeline.WaitUntilAsync(() => _pipeline.Engagement.IsEngaged(first.Name), "first engaged");
        await Create(first.Name, "a");

        var second = await _export.BindConsumerAsync("root:second", CancellationToken.None);
        await Create(second.Name, "b");
        await _pipeline.WaitUntilAsync(() => view.List(second.Name, null).Count == 1, "second's object visible");

        _pipeline.Engagement.EngagedClusters.Order(StringComparer.Ordinal).ShouldBe(new[] { first.Name, second.Name }.Order(StringComparer.Ordinal));
        _pipeline.Engagement.IsEngaged(unbound.Name).ShouldBeFalse();
        _pipeline.Store.Snapshot.ClusterNames.ShouldNotContain(unbound.Name);

        _pipeline.Engagement.TryGetLifetime(second.Name, out var lifetime).ShouldBeTrue();
        await _pipeline.Client.Cluster(second.Name).DeleteAsync(ApiBinding.Resource, null, "widgets", null, CancellationToken.None);
        await _pipeline.WaitUntilAsync(() => !_pipeline.Engagement.IsEngaged(second.Name), "second disengaged");

        lifetime.IsCancellationRequested.ShouldBeTrue();
        view.List(second.Name, null).ShouldBeEmpty();
        view.List(first.Name, null).Count.ShouldBe(1);
        lock (keys)
        {
            keys.ShouldContain(new ObjectKey(first.Name, "default", "a"));
            keys.ShouldContain(new ObjectKey(second.Name, "default", "b"));
            keys.ShouldAllBe(k => k.Cluster == first.Name || k.Cluster == second.Name);
        }
    }

    private CachedObject Cached(string cluster, string name) =>
        _pipeline.Store.TryGet(new ObjectKey(cluster, "default", name), out var obj) ? obj! : throw new InvalidOperationException($"{cluster}|default/{name} not cached");

    private Task Create(string cluster, string name) =>
        _pipeline.Client.Cluster(cluster).CreateAsync(WidgetPipeline.Widgets, "default", WidgetExport.Widget(name), CancellationToken.None);
}
