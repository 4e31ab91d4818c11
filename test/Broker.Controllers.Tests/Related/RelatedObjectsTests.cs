using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Related;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Time;

namespace Broker.Controllers.Tests.Related;

public sealed class RelatedObjectsTests
{
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly GroupVersionResource Secrets = new("", "v1", "secrets");

    // The provider's Secret is listed in namespace "staging", where the server has none: only the content its watch delivered
    // (held by RecentContent) can supply the consumer's copy; once that is taken, the sync reads the server, finds nothing and
    // writes nothing.
    [Test]
    public async Task Sync_DigestedSourceHeldInFull_WrittenFromItWithoutAServerRead()
    {
        await using var kcp = await LocalKcpFixture.StartAsync();
        using var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var workspace = await kcp.Bootstrap.CreateWorkspaceAsync("root:related", CancellationToken.None);
        var cluster = client.Cluster(workspace.Path);
        var recent = new RecentContent(16, new FakeClock());
        var delivered = Encoding.UTF8.GetBytes("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"app","namespace":"staging","resourceVersion":"42",
             "annotations":{"kcp.io/cluster":"stage1"},"labels":{"issuer":"internal-ca"}},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA=="}}
            """);
        var staging = new RelatedView(cluster, new HeldSecrets((JsonObject)JsonNode.Parse(recent.Digested(delivered))!, recent));
        var consumers = new RelatedView(cluster, StoreRelatedCache.None);
        var consumer = JsonNode.Parse("""
            {"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","metadata":{"name":"app","namespace":"default","uid":"c-uid"},"spec":{"fqdn":"app.internal.corp"}}
            """)!.AsObject();
        var copy = JsonNode.Parse("""
            {"apiVersion":"example.platform-mesh.io/v1alpha1","kind":"Certificate","metadata":{"name":"app","namespace":"staging"},
             "status":{"status":"Ready","relatedResources":{"secret":{"name":"app","gvk":{"group":"core","version":"v1","kind":"Secret"}}}}}
            """)!.AsObject();

        var problems = await RelatedObjects.SyncAsync(staging, consumers, Certificates, consumer, copy, CancellationToken.None);

        problems.ShouldBeEmpty();
        var written = await cluster.GetAsync(Secrets, "default", "app", CancellationToken.None);
        ((string?)written["data"]!["tls.crt"]).ShouldBe("Y2VydA==");
        ((string?)written["type"]).ShouldBe("kubernetes.io/tls");
        KubeObject.Label(written, "issuer").ShouldBe("internal-ca");
        KubeObject.Label(written, BrokerNames.OwnerLabel).ShouldBe(BrokerNames.OwnerValue(Certificates, "default", "app"));
        ((string?)written["metadata"]!["ownerReferences"]![0]!["uid"]).ShouldBe("c-uid");
        recent.Count.ShouldBe(0);

        await cluster.DeleteAsync(Secrets, "default", "app", null, CancellationToken.None);
        (await RelatedObjects.SyncAsync(staging, consumers, Certificates, consumer, copy, CancellationToken.None)).ShouldBeEmpty();

        (await cluster.GetOrNullAsync(Secrets, "default", "app", CancellationToken.None)).ShouldBeNull();
    }

    // The staging workspace's Secrets as a digesting cache shows them, with what its watch delivered in full.
    private sealed class HeldSecrets(JsonObject digested, RecentContent recent) : IRelatedCache
    {
        public bool TryGet(GroupVersionResource resource, string ns, string name, out JsonObject? obj)
        {
            obj = ns == KubeObject.Namespace(digested) && name == KubeObject.Name(digested) ? digested.DeepClone().AsObject() : null;
            return true;
        }

        public IReadOnlyList<JsonObject>? ListLabelled(GroupVersionResource resource, string ns, string label, string value) => [];

        public JsonObject? TakeFull(GroupVersionResource resource, string ns, string name, string? resourceVersion) =>
            recent.Take("stage1", ns, name, resourceVersion);
    }
}
