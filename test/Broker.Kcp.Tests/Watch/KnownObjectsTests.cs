using System.Text.Json.Nodes;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;

namespace Broker.Kcp.Tests.Watch;

public sealed class KnownObjectsTests
{
    [Test]
    public void Keys_HoldTheHeadersStrings_AndOneInstanceOfEachNamespace()
    {
        var known = new KnownObjects();
        var first = Event("c1", new string("default"), "a", "1");
        var second = Event("c2", new string("default"), "b", "2");
        known.Upsert(first).ShouldNotBeNull();
        known.Upsert(second).ShouldNotBeNull();

        var tombstones = known.Clear("example.io/v1", "Widget").Select(t => t.Object).ToList();

        var a = tombstones.Single(t => KubeObject.Name(t) == "a");
        var b = tombstones.Single(t => KubeObject.Name(t) == "b");
        ReferenceEquals(KubeObject.Name(a), first.Header.Name).ShouldBeTrue("the cache fed by the informer keys the object by this instance too");
        ReferenceEquals(KubeObject.Cluster(a), first.Header.Cluster).ShouldBeTrue();
        ReferenceEquals(KubeObject.Namespace(a), KubeObject.Namespace(b)).ShouldBeTrue();
        KubeObject.ResourceVersion(b).ShouldBe("2");
        known.Count.ShouldBe(0);
    }

    [Test]
    public void Replace_TombstonesWhatVanished_WithItsIdentity()
    {
        var known = new KnownObjects();
        known.Upsert(Event("c1", "", "cluster-scoped", "5"));
        known.Upsert(Event("c1", "ns", "kept", "6"));

        var events = known.Replace([Event("c1", "ns", "kept", "6").Object, Event("c2", "ns", "new", "7").Object], "example.io/v1", "Widget");

        events.Select(e => (e.Type, e.Header.Key)).ShouldBe([(WatchEventType.Added, "c2|ns/new"), (WatchEventType.Deleted, "c1|cluster-scoped")]);
        events[1].Object["metadata"]!.AsObject().ContainsKey("namespace").ShouldBeFalse();
        KubeObject.ResourceVersion(events[1].Object).ShouldBe("5");
    }

    private static WatchEvent Event(string cluster, string ns, string name, string rv)
    {
        var metadata = new JsonObject
        {
            ["name"] = name, ["resourceVersion"] = rv, ["annotations"] = new JsonObject { [KcpAnnotations.Cluster] = cluster },
        };
        if (ns.Length > 0)
        {
            metadata["namespace"] = ns;
        }

        return new WatchEvent(WatchEventType.Added, new JsonObject { ["apiVersion"] = "example.io/v1", ["kind"] = "Widget", ["metadata"] = metadata });
    }
}
