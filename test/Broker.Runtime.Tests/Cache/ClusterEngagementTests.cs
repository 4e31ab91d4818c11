using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

public sealed class ClusterEngagementTests
{
    private ClusterEngagement _engagement = null!;
    private List<EngagementChange> _changes = null!;

    [SetUp]
    public void SetUp()
    {
        _engagement = new ClusterEngagement();
        _changes = [];
        _engagement.Changes.Subscribe(_changes.Add);
    }

    [TearDown]
    public void TearDown() => _engagement.Dispose();

    [Test]
    public void Apply_ReadyBinding_EngagesOnce()
    {
        _engagement.Apply(ShardA, Added(Binding("c1", "widgets", ready: false)));
        _engagement.IsEngaged("c1").ShouldBeFalse();

        _engagement.Apply(ShardA, Modified(Binding("c1", "widgets", ready: true)));
        _engagement.Apply(ShardA, Modified(Binding("c1", "widgets", ready: true)));

        _engagement.IsEngaged("c1").ShouldBeTrue();
        _changes.ShouldHaveSingleItem().ShouldSatisfyAllConditions(c => c.Engaged.ShouldBeTrue(), c => c.Endpoint.ShouldBe(ShardA));
        _engagement.EngagedClusters.ShouldBe(["c1"]);
    }

    [Test]
    public void Apply_ReadyTurnsFalse_StaysEngaged()
    {
        _engagement.Apply(ShardA, Added(Binding("c1", "widgets", ready: true)));

        _engagement.Apply(ShardA, Modified(Binding("c1", "widgets", ready: false)));

        _engagement.IsEngaged("c1").ShouldBeTrue();
    }

    [Test]
    public void Apply_LastBindingDeleted_DisengagesAndCancelsLifetime()
    {
        _engagement.Apply(ShardA, Added(Binding("c1", "widgets", ready: true)));
        _engagement.Apply(ShardA, Added(Binding("c1", "widgets-2", ready: false)));
        _engagement.TryGetLifetime("c1", out var lifetime).ShouldBeTrue();

        _engagement.Apply(ShardA, Deleted(Binding("c1", "widgets", ready: true)));
        _engagement.IsEngaged("c1").ShouldBeTrue(); // another binding of the cluster remains
        lifetime.IsCancellationRequested.ShouldBeFalse();

        _engagement.Apply(ShardA, Deleted(Binding("c1", "widgets-2", ready: false)));

        _engagement.IsEngaged("c1").ShouldBeFalse();
        lifetime.IsCancellationRequested.ShouldBeTrue();
        _changes.Select(c => c.Engaged).ShouldBe([true, false]);
        _engagement.TryGetLifetime("c1", out _).ShouldBeFalse();
    }

    [Test]
    public void Apply_NeverReadyBindingDeleted_NoDisengageEvent()
    {
        _engagement.Apply(ShardA, Added(Binding("c1", "widgets", ready: false)));

        _engagement.Apply(ShardA, Deleted(Binding("c1", "widgets", ready: false)));

        _changes.ShouldBeEmpty();
    }

    [Test]
    public void EngagedObjects_UnboundCluster_InvisibleUntilEngagedThenKeysReplayed()
    {
        using var store = new ObjectStore(new GroupVersionResource("example.io", "v1", "widgets"));
        var view = new EngagedObjects(store, _engagement);
        var keys = new List<ObjectKey>();
        using var subscription = view.Keys.Subscribe(keys.Add);

        store.Apply(ShardA, Added(Widget("c1", "early", "1")));
        store.Apply(ShardA, Added(Widget("c2", "other", "1")));

        view.TryGet(new ObjectKey("c1", "default", "early"), out _).ShouldBeFalse();
        view.List("c1", null).ShouldBeEmpty();
        keys.ShouldBeEmpty();

        _engagement.Apply(ShardA, Added(Binding("c1", "widgets", ready: true)));
        store.Apply(ShardA, Added(Widget("c1", "late", "2")));

        view.TryGet(new ObjectKey("c1", "default", "early"), out _).ShouldBeTrue();
        view.List("c1", "default").Count.ShouldBe(2);
        view.List("c2", null).ShouldBeEmpty();
        keys.Select(k => k.Name).ShouldBe(["early", "late"]);

        _engagement.Apply(ShardA, Deleted(Binding("c1", "widgets", ready: true)));

        view.List("c1", null).ShouldBeEmpty();
        keys.Count.ShouldBe(4); // both keys again, so their reconcilers notice the disengagement
    }

    [Test]
    public void Apply_Bookmark_Ignored()
    {
        _engagement.Apply(ShardA, new WatchEvent(WatchEventType.Bookmark, new System.Text.Json.Nodes.JsonObject()));

        _engagement.EngagedClusters.ShouldBeEmpty();
    }
}
