using System.Text.Json.Nodes;
using Broker.Controllers.Related;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Tests;

public sealed class StoreRelatedCacheTests
{
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    private static readonly Uri Endpoint = new("https://127.0.0.1/services/apiexport/root/certificates/clusters/*/");

    // With and without an index on the label, the answer is the same: that cluster's and namespace's objects with the value.
    [TestCase(true)]
    [TestCase(false)]
    public void ListLabelled_OnlyThisClusterNamespaceAndValue(bool indexed)
    {
        using var store = indexed ? new ObjectStore(Secrets, CacheIndex.ByLabel("owner")) : new ObjectStore(Secrets);
        store.Apply(Endpoint, Added("c1", "default", "mine", "a"));
        store.Apply(Endpoint, Added("c1", "default", "mine-too", "a"));
        store.Apply(Endpoint, Added("c1", "default", "other-owner", "b"));
        store.Apply(Endpoint, Added("c1", "other-ns", "elsewhere", "a"));
        store.Apply(Endpoint, Added("c2", "default", "other-cluster", "a"));
        var cache = new StoreRelatedCache(Secrets, store, () => true, "c1");

        var listed = cache.ListLabelled(Secrets, "default", "owner", "a");

        listed.ShouldNotBeNull();
        listed.Select(KubeObject.Name).Order(StringComparer.Ordinal).ShouldBe(["mine", "mine-too"]);
        cache.ListLabelled(Secrets, "default", "owner", "none").ShouldBeEmpty();
        cache.ListLabelled(new GroupVersionResource("", "v1", "configmaps"), "default", "owner", "a").ShouldBeNull(); // not its kind
    }

    [Test]
    public void ListLabelled_NotSynced_UnknownNotEmpty()
    {
        using var store = new ObjectStore(Secrets, CacheIndex.ByLabel("owner"));
        new StoreRelatedCache(Secrets, store, () => false, "c1").ListLabelled(Secrets, "default", "owner", "a").ShouldBeNull();
    }

    private static WatchEvent Added(string cluster, string ns, string name, string owner) => new(WatchEventType.Added, new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["resourceVersion"] = "1",
            ["annotations"] = new JsonObject { ["kcp.io/cluster"] = cluster },
            ["labels"] = new JsonObject { ["owner"] = owner },
        },
    });
}
