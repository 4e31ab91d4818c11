using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Controllers.AcceptApis;
using Broker.Controllers.Placement;
using Broker.Controllers.Sources;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging.Abstractions;
using k8s.Models;
using PlacementRecord = Broker.Core.Api.V1Alpha1.Placement;

namespace Broker.Controllers.Tests.AcceptApis;

/// <summary>
/// Issue 19: an AcceptAPI change re-queues, through indexes, the objects that AcceptAPI placed (or is moving to) whose
/// decision changes, and the unplaced objects of its resource; objects placed by other AcceptAPIs are not read at all.
/// </summary>
public sealed class AffectedObjectsTests
{
    private static readonly GroupVersionResource AcceptApis = new("broker.platform-mesh.io", "v1alpha1", "acceptapis");
    private static readonly GroupVersionResource Certificates = new("example.platform-mesh.io", "v1alpha1", "certificates");
    private static readonly Uri Endpoint = new("https://127.0.0.1/services/apiexport/x/y/clusters/*/");

    private KcpClient _client = null!;
    private ObjectStore _acceptApis = null!;
    private ExportInformer _objects = null!;
    private ObjectStore _placements = null!;
    private AcceptApiRegistry _registry = null!;
    private AffectedObjects _affected = null!;

    [SetUp]
    public void SetUp()
    {
        _client = new KcpClient(new KcpConnection(new Uri("https://127.0.0.1:1"), null, new KcpCredentials()));
        _acceptApis = new ObjectStore(AcceptApis);
        _objects = new ExportInformer(_client, ClusterPath.Parse("root:platform"), "certificates", Certificates, TimeProvider.System, NullLoggerFactory.Instance, watch: null, RoutingIndexes.UnplacedObjects);
        _placements = new ObjectStore(PlacementRecords.Resource, RoutingIndexes.PlacementsByAcceptApi);
        _registry = new AcceptApiRegistry(_acceptApis, new ProviderPaths(_client));
        _affected = new AffectedObjects([new BrokeredResource(_objects, null)], new PlacementRecords(_client.Cluster("root:platform"), "platform", _placements));

        SetAcceptApi("internal", "p-internal", "internal.corp");
        SetAcceptApi("external", "p-external", "corp.com");
        foreach (var name in new[] { "a1", "a2", "a3" })
        {
            Place(name, $"{name}.internal.corp", "p-internal", "internal");
        }

        foreach (var name in new[] { "b1", "b2", "b3" })
        {
            Place(name, $"{name}.corp.com", "p-external", "external");
        }

        _objects.Store.Apply(Endpoint, new WatchEvent(WatchEventType.Added, Certificate("u1", "u1.example.org", placed: false)));
        _registry.Rebuild();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _objects.DisposeAsync();
        _acceptApis.Dispose();
        _placements.Dispose();
        _client.Dispose();
    }

    [Test]
    public void NarrowedAcceptApi_ItsObjectsThatNoLongerMatch_AndTheUnplaced()
    {
        SetAcceptApi("internal", "p-internal", "1.internal.corp", resourceVersion: "2"); // a1 still matches, a2 and a3 no longer

        Names(_registry.Rebuild()).ShouldBe(["a2", "a3", "u1"]);
    }

    [Test]
    public void DeletedAcceptApi_EveryObjectItPlaced_AndTheUnplaced()
    {
        _acceptApis.Apply(Endpoint, new WatchEvent(WatchEventType.Deleted, AcceptApi("external", "p-external", "corp.com", "1")));

        Names(_registry.Rebuild()).ShouldBe(["b1", "b2", "b3", "u1"]);
    }

    [Test]
    public void NewAcceptApi_OnlyTheUnplaced()
    {
        SetAcceptApi("example", "p-example", "example.org"); // would take u1; placed objects stay where they are

        Names(_registry.Rebuild()).ShouldBe(["u1"]);
    }

    [Test]
    public void AcceptApiThatIsTheTargetOfAMove_ItsMovingObject()
    {
        Place("b1", "b1.corp.com", "p-external", "external", target: ("p-internal", "internal"));
        SetAcceptApi("internal", "p-internal", "never.matches", resourceVersion: "2");

        Names(_registry.Rebuild()).ShouldBe(["a1", "a2", "a3", "b1", "u1"]);
    }

    [Test]
    public void NothingChanged_NothingRequeued() => Names(_registry.Rebuild()).ShouldBeEmpty();

    private List<string> Names((Core.Routing.Router Before, Core.Routing.Router After) routers) =>
        [.. _affected.Of(routers.Before, routers.After).Select(k => k.Object.Name).Order(StringComparer.Ordinal)];

    private void SetAcceptApi(string name, string cluster, string suffix, string resourceVersion = "1") =>
        _acceptApis.Apply(Endpoint, new WatchEvent(resourceVersion == "1" ? WatchEventType.Added : WatchEventType.Modified, AcceptApi(name, cluster, suffix, resourceVersion)));

    private void Place(string name, string fqdn, string cluster, string acceptApi, (string Cluster, string AcceptApi)? target = null)
    {
        _objects.Store.Apply(Endpoint, new WatchEvent(WatchEventType.Added, Certificate(name, fqdn, placed: true)));
        var placement = new PlacementRecord
        {
            Metadata = new V1ObjectMeta { Name = "p-" + name, ResourceVersion = target is null ? "1" : "2", Annotations = new Dictionary<string, string> { ["kcp.io/cluster"] = "platform" } },
            Spec = new PlacementSpec
            {
                Consumer = new ConsumerReference { Cluster = "consumer", Gvr = new Core.Api.Meta.GroupVersionResource { Group = Certificates.Group, Version = Certificates.Version, Resource = Certificates.Resource }, Namespace = "default", Name = name },
                Provider = Reference(cluster, acceptApi),
                Target = target is { } t ? Reference(t.Cluster, t.AcceptApi) : null,
            },
        };
        _placements.Apply(Endpoint, new WatchEvent(WatchEventType.Added, JsonSerializer.SerializeToNode(placement, BrokerJsonContext.Default.Placement)!.AsObject()));
    }

    private static ProviderReference Reference(string cluster, string acceptApi) =>
        new() { Cluster = cluster, AcceptApi = new NamespacedName { Namespace = "default", Name = acceptApi }, ApiExportName = "certificates" };

    private static JsonObject Certificate(string name, string fqdn, bool placed) => new()
    {
        ["apiVersion"] = "example.platform-mesh.io/v1alpha1",
        ["kind"] = "Certificate",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = "default", ["resourceVersion"] = "1",
            ["annotations"] = new JsonObject { ["kcp.io/cluster"] = "consumer" },
        },
        ["spec"] = new JsonObject { ["fqdn"] = fqdn },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Placed", ["status"] = placed ? "True" : "False" }) },
    };

    private static JsonObject AcceptApi(string name, string cluster, string suffix, string resourceVersion) => new()
    {
        ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
        ["kind"] = "AcceptAPI",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = "default", ["resourceVersion"] = resourceVersion,
            ["annotations"] = new JsonObject { ["kcp.io/cluster"] = cluster },
        },
        ["spec"] = new JsonObject
        {
            ["apiExportName"] = "certificates",
            ["gvr"] = new JsonObject { ["group"] = "example.platform-mesh.io", ["version"] = "v1alpha1", ["resource"] = "certificates" },
            ["filters"] = new JsonArray(new JsonObject { ["key"] = "fqdn", ["suffix"] = suffix }),
        },
    };
}
