using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

public sealed class ObjectStoreTests
{
    private ObjectStore _store = null!;

    [SetUp]
    public void SetUp() => _store = new ObjectStore(Widgets, CacheIndex.ByLabel("app"));

    [TearDown]
    public void TearDown() => _store.Dispose();

    [Test]
    public void Apply_AddModifyDelete_KeyedByClusterNamespaceName()
    {
        _store.Apply(ShardA, Added(Widget("c1", "w", "1")));
        _store.Apply(ShardA, Added(Widget("c2", "w", "2")));
        _store.Apply(ShardA, Modified(Widget("c1", "w", "3")));

        _store.TryGet(new ObjectKey("c1", "default", "w"), out var c1).ShouldBeTrue();
        c1!.ResourceVersion.ShouldBe("3");
        _store.List("c2", null).ShouldHaveSingleItem().Key.ShouldBe(new ObjectKey("c2", "default", "w"));
        _store.Snapshot.Count.ShouldBe(2);

        _store.Apply(ShardA, Deleted(Widget("c1", "w", "4")));

        _store.TryGet(new ObjectKey("c1", "default", "w"), out _).ShouldBeFalse();
        _store.Snapshot.ClusterNames.ShouldBe(["c2"]);
    }

    [Test]
    public void Snapshot_HeldAcrossWrites_NeverChanges()
    {
        _store.Apply(ShardA, Added(Widget("c1", "w", "1")));
        var before = _store.Snapshot;

        _store.Apply(ShardA, Modified(Widget("c1", "w", "2")));
        _store.Apply(ShardA, Added(Widget("c1", "x", "3")));

        before.Count.ShouldBe(1);
        before.TryGet(new ObjectKey("c1", "default", "w"), out var old).ShouldBeTrue();
        old!.ResourceVersion.ShouldBe("1");
        _store.Snapshot.Count.ShouldBe(2);
    }

    [Test]
    public void CachedObject_ToJsonObject_IsPrivateCopy()
    {
        _store.Apply(ShardA, Added(Widget("c1", "w", "1")));
        _store.TryGet(new ObjectKey("c1", "default", "w"), out var cached);

        var copy = cached!.ToJsonObject();
        copy["spec"]!["size"] = 99;

        _store.TryGet(new ObjectKey("c1", "default", "w"), out var again);
        again!.ToJsonObject()["spec"]!["size"]!.GetValue<int>().ShouldBe(1);
        again.Deserialize<JsonObject>()["kind"]!.GetValue<string>().ShouldBe("Widget");
    }

    [Test]
    public void Apply_EventWithReceivedBytes_CachesThoseBytes()
    {
        var widget = Widget("c1", "w", "1");
        var received = System.Text.Encoding.UTF8.GetBytes(" " + widget.ToJsonString() + " "); // not what a serializer writes

        _store.Apply(ShardA, WatchEvent.FromUtf8(WatchEventType.Added, received));

        _store.TryGet(new ObjectKey("c1", "default", "w"), out var cached);
        cached!.Utf8Json.ToArray().ShouldBe(received);
        cached.ResourceVersion.ShouldBe("1");
        cached.ToJsonObject()["metadata"]!["name"]!.GetValue<string>().ShouldBe("w");
    }

    [Test]
    public void Apply_DeleteFromAnotherEndpoint_LeavesObjectOfNewEndpoint()
    {
        // The cluster moved from shard A to shard B; A's late retraction must not remove B's copy.
        _store.Apply(ShardA, Added(Widget("c1", "w", "100")));
        _store.Apply(ShardB, Added(Widget("c1", "w", "7")));

        _store.Apply(ShardA, Deleted(Widget("c1", "w", "100")));

        _store.TryGet(new ObjectKey("c1", "default", "w"), out var obj).ShouldBeTrue();
        obj!.Endpoint.ShouldBe(ShardB);
    }

    [Test]
    public void Apply_DeleteUnknown_NoChangeEmitted()
    {
        var changes = new List<CacheChange>();
        using var subscription = _store.Changes.Subscribe(changes.Add);

        _store.Apply(ShardA, Deleted(Widget("c1", "ghost", "1")));
        _store.Apply(ShardA, new WatchEvent(WatchEventType.Bookmark, new JsonObject()));

        changes.ShouldBeEmpty();
    }

    [Test]
    public void ByIndex_LabelChangesAndDelete_KeepIndexExact()
    {
        _store.Apply(ShardA, Added(Widget("c1", "a", "1", app: "web")));
        _store.Apply(ShardA, Added(Widget("c2", "b", "2", app: "web")));
        _store.Apply(ShardA, Added(Widget("c2", "c", "3", app: "db")));

        _store.Apply(ShardA, Modified(Widget("c1", "a", "4", app: "db")));
        _store.Apply(ShardA, Deleted(Widget("c2", "c", "5")));

        _store.Snapshot.ByIndex("label:app", "web").Select(o => o.Key.Name).ShouldBe(["b"]);
        _store.Snapshot.ByIndex("label:app", "db").Select(o => o.Key.Name).ShouldBe(["a"]);
        Should.Throw<ArgumentException>(() => _store.Snapshot.ByIndex("nope", "x"));
    }

    [Test]
    public void IndexCounts_FollowChangesAndDeletes()
    {
        _store.Apply(ShardA, Added(Widget("c1", "a", "1", app: "web")));
        _store.Apply(ShardA, Added(Widget("c2", "b", "2", app: "web")));
        _store.Apply(ShardA, Added(Widget("c2", "c", "3", app: "db")));
        _store.Snapshot.IndexCounts("label:app").OrderBy(c => c.Value).ShouldBe([("db", 1), ("web", 2)]);

        _store.Apply(ShardA, Modified(Widget("c1", "a", "4", app: "db")));
        _store.Apply(ShardA, Deleted(Widget("c2", "b", "5")));
        _store.Apply(ShardA, Deleted(Widget("c2", "c", "6")));

        _store.Snapshot.IndexCounts("label:app").ShouldBe([("db", 1)]); // a value with no object left is not counted as 0
        Should.Throw<ArgumentException>(() => _store.Snapshot.IndexCounts("nope"));
    }

    [Test]
    public void ByIndex_ValueWithOneThenSeveralThenOneObject_ListsExactlyThem()
    {
        // One object under a value is kept inline, several in a set: every step between the two must list the right ones.
        var index = CacheIndex.LabelIndexName("app");
        string[] Web() => [.. _store.Snapshot.ByIndex(index, "web").Select(o => o.Key.Name).Order()];

        _store.Apply(ShardA, Added(Widget("c1", "a", "1", app: "web")));
        _store.Apply(ShardA, Modified(Widget("c1", "a", "2", app: "web"))); // the same key again: still one
        Web().ShouldBe(["a"]);
        _store.Apply(ShardA, Added(Widget("c2", "a", "3", app: "web"))); // same name and namespace, another cluster
        _store.Apply(ShardA, Added(Widget("c1", "b", "4", app: "web")));
        Web().ShouldBe(["a", "a", "b"]);
        _store.Snapshot.IndexCounts(index).ShouldBe([("web", 3)]);

        _store.Apply(ShardA, Deleted(Widget("c1", "a", "5")));
        _store.Apply(ShardA, Modified(Widget("c2", "a", "6", app: "db")));
        Web().ShouldBe(["b"]);
        _store.Snapshot.ByIndex(index, "web").ShouldHaveSingleItem().Key.ShouldBe(new ObjectKey("c1", "default", "b"));
        _store.Apply(ShardA, Deleted(Widget("c1", "b", "7")));

        Web().ShouldBeEmpty();
        _store.Snapshot.IndexCounts(index).ShouldBe([("db", 1)]);
    }

    [Test]
    public void Apply_SameNamespaceInManyClusters_KeysShareOneNamespaceString()
    {
        _store.Apply(ShardA, Added(Widget("c1", "a", "1", ns: new string("default".AsSpan()))));
        _store.Apply(ShardA, Added(Widget("c2", "a", "1", ns: new string("default".AsSpan()))));

        _store.TryGet(new ObjectKey("c1", "default", "a"), out var first).ShouldBeTrue();
        _store.TryGet(new ObjectKey("c2", "default", "a"), out var second).ShouldBeTrue();
        ReferenceEquals(first!.Key.Namespace, second!.Key.Namespace).ShouldBeTrue();
    }

    [Test]
    public void Apply_KnownObject_KeepsItsKeysInstancesAcrossUpdates()
    {
        _store.Apply(ShardA, Added(Widget("c1", "a", "1")));
        _store.TryGet(new ObjectKey("c1", "default", "a"), out var first).ShouldBeTrue();

        _store.Apply(ShardA, Modified(Widget(new string("c1".AsSpan()), new string("a".AsSpan()), "2", ns: new string("default".AsSpan()))));

        _store.TryGet(new ObjectKey("c1", "default", "a"), out var second).ShouldBeTrue();
        second!.ResourceVersion.ShouldBe("2");
        ReferenceEquals(first!.Key.Cluster, second.Key.Cluster).ShouldBeTrue();
        ReferenceEquals(first.Key.Namespace, second.Key.Namespace).ShouldBeTrue();
        ReferenceEquals(first.Key.Name, second.Key.Name).ShouldBeTrue();
    }

    [Test]
    public void Changes_CarryTheEventsResourceVersion_OrReadItFromTheCachedObject()
    {
        var changes = new List<CacheChange>();
        using var subscription = _store.Changes.Subscribe(changes.Add);

        _store.Apply(ShardA, Added(Widget("c1", "a", "1")));
        _store.Apply(ShardA, Modified(Widget("c1", "a", "2")));
        _store.Apply(ShardA, Deleted(Widget("c1", "a", "3")));

        changes.Select(c => c.NewVersion).ShouldBe(["1", "2", null]);
        new CacheChange(changes[1].Key, null, changes[1].New).NewVersion.ShouldBe("2"); // not carried: read from its JSON
    }

    [Test]
    public void CountsOnlyIndex_CountsFollowChangesAndDeletes_ButListsNothing()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.Counted("app", o => KubeElement.Label(o, "app") is { } app ? [app] : []));
        store.Apply(ShardA, Added(Widget("c1", "a", "1", app: "web")));
        store.Apply(ShardA, Added(Widget("c2", "b", "2", app: "web")));
        store.Apply(ShardA, Added(Widget("c2", "c", "3", app: "db")));
        store.Apply(ShardA, Modified(Widget("c2", "c", "4", app: "db"))); // the same value again: counted once
        store.Snapshot.IndexCounts("app").OrderBy(c => c.Value).ShouldBe([("db", 1), ("web", 2)]);

        store.Apply(ShardA, Modified(Widget("c1", "a", "5", app: "db")));
        store.Apply(ShardA, Deleted(Widget("c2", "b", "6")));
        store.Apply(ShardA, Deleted(Widget("c2", "c", "7")));

        store.Snapshot.IndexCounts("app").ShouldBe([("db", 1)]);
        Should.Throw<InvalidOperationException>(() => store.Snapshot.ByIndex("app", "db").ToList()).Message.ShouldBe("An index of counts only lists no objects");
    }

    [Test]
    public void Cluster_OneThenSeveralThenOneObject_TryGetAndListExact()
    {
        // A cluster with one object keeps it inline, one with several by namespace and name: every step between the two.
        string[] Names(string? ns = null) => [.. _store.Snapshot.List("c1", ns).Select(o => $"{o.Key.Namespace}/{o.Key.Name}").Order()];
        var a = new ObjectKey("c1", "default", "a");

        _store.Apply(ShardA, Added(Widget("c1", "a", "1")));
        _store.TryGet(a, out _).ShouldBeTrue();
        _store.TryGet(a with { Namespace = "other" }, out _).ShouldBeFalse();
        _store.TryGet(a with { Name = "b" }, out _).ShouldBeFalse();
        Names("other").ShouldBeEmpty();
        _store.Apply(ShardA, Modified(Widget("c1", "a", "2")));
        _store.TryGet(a, out var modified).ShouldBeTrue();
        modified!.ResourceVersion.ShouldBe("2");

        _store.Apply(ShardA, Added(Widget("c1", "b", "3")));
        _store.Apply(ShardA, Added(Widget("c1", "a", "4", ns: "other")));
        Names().ShouldBe(["default/a", "default/b", "other/a"]);
        Names("default").ShouldBe(["default/a", "default/b"]);

        _store.Apply(ShardA, Deleted(Widget("c1", "a", "5")));
        _store.Apply(ShardA, Deleted(Widget("c1", "b", "6")));
        Names().ShouldBe(["other/a"]);
        _store.TryGet(a, out _).ShouldBeFalse();
        _store.TryGet(a with { Namespace = "other" }, out var left).ShouldBeTrue();
        left!.ResourceVersion.ShouldBe("4");

        _store.Apply(ShardA, Deleted(Widget("c1", "a", "7", ns: "other")));
        _store.Snapshot.ClusterNames.ShouldBeEmpty();
        _store.Snapshot.Count.ShouldBe(0);
    }

    [Test]
    public void Changes_Published_AfterSnapshotHoldsThem()
    {
        var seenInSnapshot = new List<bool>();
        using var subscription = _store.Changes.Subscribe(c => seenInSnapshot.Add(_store.TryGet(c.Key, out var now) == (c.New is not null)));

        _store.Apply(ShardA, Added(Widget("c1", "w", "1")));
        _store.Apply(ShardA, Deleted(Widget("c1", "w", "2")));

        seenInSnapshot.ShouldBe([true, true]);
    }

    [Test]
    public void Bytes_TracksJsonSizeOfHeldObjects()
    {
        _store.Apply(ShardA, Added(Widget("c1", "w", "1")));
        _store.Apply(ShardA, Added(Widget("c1", "x", "1")));
        _store.TryGet(new ObjectKey("c1", "default", "w"), out var w);

        _store.Apply(ShardA, Deleted(Widget("c1", "x", "2")));

        _store.Snapshot.Bytes.ShouldBe(w!.Size);
    }

    [Test]
    public async Task Reads_DuringConcurrentWrites_AlwaysSeeConsistentSnapshots()
    {
        using var cts = new CancellationTokenSource();
        var inconsistent = 0;
        var reader = Task.Run(() =>
        {
            while (!cts.IsCancellationRequested)
            {
                var snapshot = _store.Snapshot;
                if (snapshot.All.Count() != snapshot.Count)
                {
                    Interlocked.Increment(ref inconsistent);
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                _store.Apply(ShardA, Added(Widget($"c{w}", $"o{i % 50}", $"{i}")));
            }
        })));
        await cts.CancelAsync();
        await reader;

        inconsistent.ShouldBe(0);
        _store.Snapshot.Count.ShouldBe(200);
    }

    [Test]
    public void ByGvr_AcceptApiSpec_FilesUnderResourceVersionGroup()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.ByGvr("gvr", "spec", "gvr"));
        var acceptApi = Widget("p1", "accept", "1");
        acceptApi["spec"] = new JsonObject { ["gvr"] = new JsonObject { ["group"] = "example.io", ["version"] = "v1", ["resource"] = "certificates" } };

        store.Apply(ShardA, Added(acceptApi));
        store.Apply(ShardA, Added(Widget("p1", "no-gvr", "2")));

        store.Snapshot.ByIndex("gvr", "certificates.v1.example.io").ShouldHaveSingleItem().Key.Name.ShouldBe("accept");
    }

    [Test]
    public void ByOwner_OwnerReferenceOfKind_FilesUnderClusterAndOwnerName()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.ByOwner("Placement"));
        var owned = Widget("s1", "copy", "1");
        owned["metadata"]!["ownerReferences"] = new JsonArray(
            new JsonObject { ["kind"] = "Placement", ["name"] = "p-1", ["apiVersion"] = "broker.platform-mesh.io/v1alpha1", ["uid"] = "u" },
            new JsonObject { ["kind"] = "Other", ["name"] = "o-1" });

        store.Apply(ShardA, Added(owned));

        store.Snapshot.ByIndex("owner:Placement", "s1|p-1").ShouldHaveSingleItem().Key.Name.ShouldBe("copy");
        store.Snapshot.ByIndex("owner:Placement", "s1|o-1").ShouldBeEmpty();
    }

    [Test]
    public void Apply_ManagedFields_LeftOutOfTheCacheAndTheEventUnchanged()
    {
        var widget = Widget("c1", "w", "1");
        widget["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl", ["fieldsV1"] = new JsonObject { ["f:spec"] = new JsonObject() } });
        var e = Added(widget);

        _store.Apply(ShardA, e);

        _store.TryGet(new ObjectKey("c1", "default", "w"), out var cached).ShouldBeTrue();
        var kept = cached!.ToJsonObject();
        kept["metadata"]!.AsObject().ContainsKey("managedFields").ShouldBeFalse();
        kept["spec"]!["size"]!.GetValue<int>().ShouldBe(1);
        cached.ResourceVersion.ShouldBe("1");
        e.Object["metadata"]!["managedFields"].ShouldNotBeNull(); // subscribers of the informer still see what the server sent
    }

    [Test]
    public void Apply_ServerSetUnread_LeftOutWithManagedFields_OtherMetadataKept()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.ByLabel("app")) { Unread = UnreadMetadata.ServerSet };
        var widget = Widget("c1", "w", "7", app: "web");
        var metadata = widget["metadata"]!.AsObject();
        metadata["uid"] = "5f1c";
        metadata["creationTimestamp"] = "2026-01-02T03:04:05Z";
        metadata["generation"] = 3;
        metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl" });
        metadata["finalizers"] = new JsonArray("example.io/keep");

        store.Apply(ShardA, Added(widget));
        _store.Apply(ShardA, Added(widget));

        var kept = store.Snapshot.ByIndex(CacheIndex.LabelIndexName("app"), "web").ShouldHaveSingleItem();
        kept.ToJsonObject()["metadata"]!.AsObject().Select(p => p.Key).ShouldBe(["name", "namespace", "resourceVersion", "annotations", "labels", "finalizers"]);
        kept.ResourceVersion.ShouldBe("7");
        kept.ToJsonObject()["spec"]!["size"]!.GetValue<int>().ShouldBe(1);
        _store.TryGet(kept.Key, out var whole).ShouldBeTrue(); // a cache left at the default keeps them
        ((string?)whole!.ToJsonObject()["metadata"]!["uid"]).ShouldBe("5f1c");
        widget["metadata"]!["uid"].ShouldNotBeNull();
    }

    [Test]
    public void Apply_WithTransform_CachesAndIndexesWhatItKeeps_OfWatchedAndListedObjects()
    {
        var seen = new List<string>();
        using var store = new ObjectStore(Widgets, json =>
        {
            var received = JsonNode.Parse(json.Span)!.AsObject();
            seen.Add((string)received["metadata"]!["name"]!);
            return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["metadata"] = received["metadata"]!.DeepClone(), ["kept"] = true });
        }, CacheIndex.ByLabel("app"));

        store.Apply(ShardA, WatchEvent.FromUtf8(WatchEventType.Added, JsonSerializer.SerializeToUtf8Bytes(Widget("c1", "watched", "1", app: "web"))));
        store.Apply(ShardA, Added(Widget("c1", "listed", "2", app: "web"))); // a listed object comes as a node, without bytes

        seen.ShouldBe(["watched", "listed"]);
        store.Snapshot.ByIndex(CacheIndex.LabelIndexName("app"), "web").Count().ShouldBe(2);
        foreach (var kept in store.Snapshot.ByIndex(CacheIndex.LabelIndexName("app"), "web"))
        {
            kept.ToJsonObject().ShouldSatisfyAllConditions(o => o.ContainsKey("spec").ShouldBeFalse(), o => o["kept"]!.GetValue<bool>().ShouldBeTrue());
        }

        store.TryGet(new ObjectKey("c1", "default", "listed"), out var listed).ShouldBeTrue();
        listed!.ResourceVersion.ShouldBe("2");
    }
}
