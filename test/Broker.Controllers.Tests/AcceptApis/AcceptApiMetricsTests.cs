using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.AcceptApis;
using Broker.Core.Api.Meta;
using Broker.Core.Routing;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Broker.Testing.Metrics;

namespace Broker.Controllers.Tests.AcceptApis;

/// <summary>The registry reports each AcceptAPI's availability and times the decisions made through it, as /metrics shows.</summary>
public sealed class AcceptApiMetricsTests
{
    private static readonly GroupVersionResource AcceptApis = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    private static readonly Uri Endpoint = new("https://127.0.0.1/services/apiexport/root/acceptapis/clusters/*/");
    private static readonly GvrKey Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");

    [Test]
    public async Task Registry_AvailabilityAndDecisions_AreScraped()
    {
        await using var metrics = await ScrapedMeter.StartAsync();
        using var client = new KcpClient(new KcpConnection(new Uri("https://127.0.0.1:1"), null, new KcpCredentials()));
        using var store = new ObjectStore(AcceptApis);
        var registry = new AcceptApiRegistry(store, new ProviderPaths(client), new AcceptApiMetrics(metrics.Meter));
        store.Apply(Endpoint, new WatchEvent(WatchEventType.Added, AcceptApi("internal-certs", "provider1")));
        registry.Rebuild();
        var key = new ObjectKey("provider1", "default", "internal-certs");
        (string, string)[] labels = [("name", "internal-certs"), ("namespace", "default"), ("workspace", "provider1")];

        (await metrics.ScrapeAsync()).Value("resource_broker_acceptapi_available", labels).ShouldBe(0); // not decided yet
        registry.SetAvailable(key, true);
        var scrape = await metrics.ScrapeAsync();
        scrape.Families["resource_broker_acceptapi_available"].Type.ShouldBe("gauge");
        scrape.Value("resource_broker_acceptapi_available", labels).ShouldBe(1);

        var placed = registry.Decide(Request("app.internal.corp"));
        var unplaced = registry.Decide(Request("app.example.com"));

        placed.Chosen.ShouldNotBeNull();
        unplaced.Chosen.ShouldBeNull();
        scrape = await metrics.ScrapeAsync();
        scrape.Families["resource_broker_routing_duration_seconds"].Type.ShouldBe("histogram");
        scrape.Value("resource_broker_routing_duration_seconds_count", ("provider", "provider1")).ShouldBe(1);
        scrape.Value("resource_broker_routing_duration_seconds_count", ("provider", "")).ShouldBe(1);

        store.Apply(Endpoint, new WatchEvent(WatchEventType.Deleted, AcceptApi("internal-certs", "provider1")));
        registry.Rebuild();
        (await metrics.ScrapeAsync()).Value("resource_broker_acceptapi_available", labels).ShouldBeNull(); // gone with its AcceptAPI
    }

    private static RoutingRequest Request(string fqdn) =>
        new("consumer1", Certificates, JsonSerializer.SerializeToElement(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "app", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["fqdn"] = fqdn },
        }));

    private static JsonObject AcceptApi(string name, string cluster) => new()
    {
        ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
        ["kind"] = "AcceptAPI",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["resourceVersion"] = "1",
            ["annotations"] = new JsonObject { ["kcp.io/cluster"] = cluster },
        },
        ["spec"] = new JsonObject
        {
            ["apiExportName"] = "certificates",
            ["gvr"] = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["resource"] = "certificates" },
            ["filters"] = new JsonArray(new JsonObject { ["key"] = "fqdn", ["suffix"] = "internal.corp" }),
        },
    };
}
