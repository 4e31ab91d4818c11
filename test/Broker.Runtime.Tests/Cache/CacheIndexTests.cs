using System.Text;
using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using static Broker.Runtime.Tests.Cache.Objects;

namespace Broker.Runtime.Tests.Cache;

/// <summary>Index values are read from the object's JSON: the same whether the event came from a watch (bytes only, no
/// node tree) or was made of a node (a listed object); a field of the wrong type files under nothing.</summary>
public sealed class CacheIndexTests
{

    [Test]
    public void Apply_WatchedBytesAndNode_FiledUnderTheSameValues()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.ByLabel("app"), CacheIndex.ByOwner("Placement"), CacheIndex.ByGvr("gvr", "spec", "gvr"));
        var listed = Owned(Widget("c1", "listed", "1", app: "web"));
        var watched = Owned(Widget("c1", "watched", "2", app: "web"));

        store.Apply(ShardA, Added(listed));
        store.Apply(ShardA, WatchEvent.FromUtf8(WatchEventType.Added, Encoding.UTF8.GetBytes(watched.ToJsonString())));

        store.Snapshot.ByIndex("label:app", "web").Select(c => c.Key.Name).Order().ShouldBe(["listed", "watched"]);
        store.Snapshot.ByIndex("owner:Placement", "c1|p-1").Select(c => c.Key.Name).Order().ShouldBe(["listed", "watched"]);
        store.Snapshot.ByIndex("gvr", "certificates.v1.example.io").Select(c => c.Key.Name).Order().ShouldBe(["listed", "watched"]);
    }

    [Test]
    public void Apply_IndexedFieldsOfTheWrongType_FiledUnderNothing()
    {
        using var store = new ObjectStore(Widgets, CacheIndex.ByLabel("app"), CacheIndex.ByOwner("Placement"), CacheIndex.ByGvr("gvr", "spec", "gvr"));
        var json = """{"kind":"Widget","metadata":{"name":"odd","resourceVersion":"1","labels":{"app":7},"ownerReferences":{"kind":"Placement"},"annotations":{"kcp.io/cluster":"c1"}},"spec":{"gvr":"certificates"}}""";

        store.Apply(ShardA, WatchEvent.FromUtf8(WatchEventType.Added, Encoding.UTF8.GetBytes(json)));

        store.Snapshot.Count.ShouldBe(1);
        store.Snapshot.ByIndex("label:app", "7").ShouldBeEmpty();
        store.Snapshot.ByIndex("owner:Placement", "c1|").ShouldBeEmpty();
        store.Snapshot.ByIndex("gvr", "certificates").ShouldBeEmpty();
    }

    private static JsonObject Owned(JsonObject widget)
    {
        widget["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Placement", ["name"] = "p-1" }, "not an object");
        widget["spec"] = new JsonObject { ["gvr"] = new JsonObject { ["group"] = "example.io", ["version"] = "v1", ["resource"] = "certificates" } };
        return widget;
    }
}
