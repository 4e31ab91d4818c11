using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

/// <summary>Every read of a store's snapshot against a plain model after random adds, updates (values changed, kept,
/// gained, lost) and deletes: TryGet, List by cluster and namespace, ClusterNames, All, ByIndex, IndexCounts, Count.</summary>
public sealed class SnapshotModelTests
{
    private static readonly string?[] Apps = ["web", "db", "cache", null];

    // Two indexes of objects (one of two values per object) and one of counts only.
    private static readonly CacheIndex ByApp = CacheIndex.ByLabel("app");
    private static readonly CacheIndex ByTier = new("tier", o => KubeElement.Label(o, "app") is { } app ? [app, $"{app}-tier", app.Length > 2 ? "long" : "short"] : []);
    private static readonly CacheIndex Counted = CacheIndex.Counted("counted", o => KubeElement.Label(o, "app") is { } app ? [app] : []);

    [TestCase(11)]
    [TestCase(12)]
    public void RandomWrites_EveryReadMatchesTheModel(int seed)
    {
        var random = new Random(seed);
        using var store = new ObjectStore(Widgets, ByApp, ByTier, Counted);
        var model = new Dictionary<ObjectKey, (string Rv, string? App)>();
        for (var i = 0; i < 4_000; i++)
        {
            var key = new ObjectKey($"c{random.Next(4)}", random.Next(3) == 0 ? "kube-system" : "default", $"w{random.Next(60):D2}");
            var rv = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (random.Next(4) == 0)
            {
                store.Apply(ShardA, Deleted(Widget(key.Cluster, key.Name, rv, ns: key.Namespace)));
                model.Remove(key);
            }
            else
            {
                var app = Apps[random.Next(Apps.Length)];
                var obj = Widget(key.Cluster, key.Name, rv, app, key.Namespace);
                store.Apply(ShardA, model.ContainsKey(key) ? Modified(obj) : Added(obj));
                model[key] = (rv, app);
            }

            if (i % 100 == 0)
            {
                Verify(store.Snapshot, model);
            }
        }

        Verify(store.Snapshot, model);
    }

    [Test]
    public void IndexValues_OfEachIndex_AsFiled()
    {
        using var store = new ObjectStore(Widgets, ByApp, ByTier, Counted);
        store.Apply(ShardA, Added(Widget("c1", "a", "1", "web")));
        store.Apply(ShardA, Added(Widget("c1", "b", "2")));

        store.TryGet(new ObjectKey("c1", "default", "a"), out var a).ShouldBeTrue();
        a!.IndexValues(ByApp.Name).ShouldBe(["web"]);
        a.IndexValues(ByTier.Name).ShouldBe(["web", "web-tier", "long"]);
        a.IndexValues(Counted.Name).ShouldBe(["web"]);
        a.IndexValues("no-such-index").ShouldBeEmpty();
        store.TryGet(new ObjectKey("c1", "default", "b"), out var b).ShouldBeTrue();
        b!.IndexValues(ByTier.Name).ShouldBeEmpty();
    }

    [Test]
    public void IndexValues_WithANameTable_AreItsInstances()
    {
        var names = new NameTable();
        var shared = names.Intern(new string("web".AsSpan()));
        using var store = new ObjectStore(Widgets, ByApp) { Names = names };
        store.Apply(ShardA, Added(Widget("c1", "a", "1", new string("web".AsSpan()))));

        store.TryGet(new ObjectKey("c1", "default", "a"), out var a).ShouldBeTrue();
        ReferenceEquals(a!.IndexValues(ByApp.Name).Single(), shared).ShouldBeTrue();
    }

    [Test]
    public void Indexes_OfTheSameName_AreRefused() =>
        Should.Throw<ArgumentException>(() => new ObjectStore(Widgets, ByApp, Counted, ByApp))
            .Message.ShouldStartWith("Index names repeat: label:app, counted, label:app");

    private static void Verify(StoreSnapshot snapshot, Dictionary<ObjectKey, (string Rv, string? App)> model)
    {
        snapshot.Count.ShouldBe(model.Count);
        var ordered = model.Keys.Order(KeyComparer.Instance).ToList();
        snapshot.All.Select(o => o.Key).ShouldBe(ordered);
        snapshot.ClusterNames.ShouldBe(ordered.Select(k => k.Cluster).Distinct());
        foreach (var cluster in new[] { "c0", "c1", "c2", "c3", "c4", "" })
        {
            snapshot.List(cluster).Select(o => o.Key).ShouldBe(ordered.Where(k => k.Cluster == cluster));
            foreach (var ns in new[] { "default", "kube-system", "", "zzz" })
            {
                snapshot.List(cluster, ns).Select(o => o.Key).ShouldBe(ordered.Where(k => k.Cluster == cluster && k.Namespace == ns));
            }
        }

        foreach (var (key, (rv, _)) in model)
        {
            snapshot.TryGet(key, out var obj).ShouldBeTrue();
            obj!.ResourceVersion.ShouldBe(rv);
        }

        snapshot.TryGet(new ObjectKey("c1", "default", "absent"), out _).ShouldBeFalse();
        foreach (var app in Apps.OfType<string>().Append("absent"))
        {
            snapshot.ByIndex(ByApp.Name, app).Select(o => o.Key).ShouldBe(ordered.Where(k => model[k].App == app));
            snapshot.ByIndex(ByTier.Name, $"{app}-tier").Select(o => o.Key).ShouldBe(ordered.Where(k => model[k].App == app));
        }

        snapshot.ByIndex(ByTier.Name, "long").Count().ShouldBe(model.Values.Count(v => v.App is { Length: > 2 }));
        var counts = model.Values.Where(v => v.App is not null).GroupBy(v => v.App!).Select(g => (g.Key, g.Count())).OrderBy(c => c.Key).ToList();
        snapshot.IndexCounts(Counted.Name).OrderBy(c => c.Value).ShouldBe(counts);
        snapshot.IndexCounts(ByApp.Name).OrderBy(c => c.Value).ShouldBe(counts);
    }

    private sealed class KeyComparer : IComparer<ObjectKey>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(ObjectKey x, ObjectKey y) =>
            string.CompareOrdinal(x.Cluster, y.Cluster) is not 0 and var c ? c
            : string.CompareOrdinal(x.Namespace, y.Namespace) is not 0 and var n ? n
            : string.CompareOrdinal(x.Name, y.Name);
    }
}
