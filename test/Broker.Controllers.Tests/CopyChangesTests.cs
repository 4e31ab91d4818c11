using System.Text.Json.Nodes;
using Broker.Controllers.Staging;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Tests;

/// <summary>A provider's own finalizer on a copy wakes nobody; everything the broker acts on does.</summary>
public sealed class CopyChangesTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly Uri Endpoint = new("https://127.0.0.1/clusters/staging/");

    [Test]
    public void FinalizerAddedOrRemoved_DoesNotMatter() =>
        Change(Copy("1"), Copy("2", c => c["metadata"]!["finalizers"] = new JsonArray("issuer.example/cleanup"))).ShouldBeFalse();

    [Test]
    public void SameFieldsInAnotherOrder_DoesNotMatter() =>
        Change(Copy("1", c => c["metadata"]!["labels"] = new JsonObject { ["a"] = "1", ["b"] = "2" }),
            Reordered(Copy("2", c => c["metadata"]!["labels"] = new JsonObject { ["b"] = "2", ["a"] = "1" }))).ShouldBeFalse();

    [TestCase("spec")]
    [TestCase("labels")]
    public void FieldRemoved_Matters(string what) =>
        Change(Copy("1", c => c["metadata"]!["labels"] = new JsonObject { ["team"] = "a" }),
            Copy("2", c => (what == "spec" ? c : c["metadata"]!.AsObject()).Remove(what))).ShouldBeTrue();

    [TestCase("status")]
    [TestCase("spec")]
    [TestCase("labels")]
    [TestCase("annotations")]
    [TestCase("deletionTimestamp")]
    public void BrokerRelevantFieldChanged_Matters(string what) =>
        Change(Copy("1"), Copy("2", c =>
        {
            switch (what)
            {
                case "status": c["status"] = new JsonObject { ["status"] = "Available" }; break;
                case "spec": c["spec"]!["fqdn"] = "other.internal.corp"; break;
                case "labels": c["metadata"]!["labels"] = new JsonObject { ["team"] = "b" }; break;
                case "annotations": c["metadata"]!["annotations"]!["note"] = "x"; break;
                default: c["metadata"]!["deletionTimestamp"] = "2026-11-22T08:00:00Z"; break;
            }
        })).ShouldBeTrue();

    // A name the cache's JSON escapes ("x<y" is written "x\u003Cy") is still matched with its namesake.
    [TestCase(1, false)]
    [TestCase(2, true)]
    public void FieldWithAnEscapedName_ComparedByItsText(int after, bool matters) =>
        Change(Copy("1", c => c["x<y"] = 1), Copy("2", c => c["x<y"] = after)).ShouldBe(matters);

    [Test]
    public void AddedOrDeleted_Matters()
    {
        using var store = new ObjectStore(Certificates);
        var changes = new List<CacheChange>();
        using var subscription = store.Changes.Subscribe(changes.Add);
        store.Apply(Endpoint, new WatchEvent(WatchEventType.Added, Copy("1")));
        store.Apply(Endpoint, new WatchEvent(WatchEventType.Deleted, Copy("2")));
        changes.Select(CopyChanges.Matter).ShouldBe([true, true]);
    }

    private static bool Change(JsonObject before, JsonObject after)
    {
        using var store = new ObjectStore(Certificates);
        var changes = new List<CacheChange>();
        using var subscription = store.Changes.Subscribe(changes.Add);
        store.Apply(Endpoint, new WatchEvent(WatchEventType.Added, before));
        store.Apply(Endpoint, new WatchEvent(WatchEventType.Modified, after));
        changes[^1].Old.ShouldNotBeNull("the same copy, changed");
        return CopyChanges.Matter(changes[^1]);
    }

    // The same object with its top level's and its metadata's properties in reverse order.
    private static JsonObject Reordered(JsonObject copy)
    {
        var metadata = new JsonObject(copy["metadata"]!.AsObject().Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        copy.Remove("metadata");
        var reversed = new JsonObject(copy.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        reversed["metadata"] = metadata;
        return reversed;
    }

    private static JsonObject Copy(string resourceVersion, Action<JsonObject>? change = null)
    {
        var copy = new JsonObject
        {
            ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
            ["kind"] = "Certificate",
            ["metadata"] = new JsonObject
            {
                ["name"] = "app",
                ["namespace"] = "default",
                ["resourceVersion"] = resourceVersion,
                ["annotations"] = new JsonObject { ["kcp.io/cluster"] = "staging1" },
            },
            ["spec"] = new JsonObject { ["fqdn"] = "app.internal.corp" },
        };
        change?.Invoke(copy);
        return copy;
    }
}
