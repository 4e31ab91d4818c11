using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Api;
using Broker.Core.Api.Meta;
using k8s;
using k8s.Models;

namespace Broker.Core.Tests.Api;

/// <summary>The broker's kinds carry KubernetesClient's meta types; on the wire they must read as Kubernetes writes them
/// and write as the package writes them.</summary>
public sealed class BrokerJsonContextTests
{
    private const string PlacementJson = """
        {"apiVersion":"broker.platform-mesh.io/v1alpha1","kind":"Placement",
         "metadata":{"name":"p","creationTimestamp":"2026-01-02T03:04:05Z","labels":{"a":"b"},"ownerReferences":[{"apiVersion":"v1","kind":"Secret","name":"s","uid":"u","controller":true}]},
         "spec":{"consumer":{"cluster":"c","gvr":{"group":"example.io","version":"v1","resource":"certificates"},"name":"x"}},
         "status":{"conditions":[{"type":"Placed","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"Placed","message":"m"}]}}
        """;

    [Test]
    public void Placement_RoundTrip_WritesWhatItRead()
    {
        var original = JsonNode.Parse(PlacementJson)!;

        var placement = original.Deserialize(BrokerJsonContext.Default.Placement)!;
        var written = JsonSerializer.SerializeToNode(placement, BrokerJsonContext.Default.Placement)!;

        JsonNode.DeepEquals(original, written).ShouldBeTrue(written.ToJsonString());
        placement.Metadata.CreationTimestamp.ShouldBe(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        placement.Metadata.OwnerReferences.ShouldHaveSingleItem().Controller.ShouldBe(true);
        placement.Spec.Consumer.Gvr.ShouldBe(new GroupVersionResource("example.io", "v1", "certificates"), "a GVR read from JSON is namespaced");
    }

    [Test]
    public void Timestamps_WithFraction_AreWrittenAsThePackageWritesThem()
    {
        var placement = JsonNode.Parse(PlacementJson)!.Deserialize(BrokerJsonContext.Default.Placement)!;
        var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);

        var written = JsonSerializer.SerializeToNode(placement with { Metadata = placement.Metadata with { CreationTimestamp = time } }, BrokerJsonContext.Default.Placement)!;

        var byPackage = JsonNode.Parse(KubernetesJson.Serialize(new V1ObjectMeta { CreationTimestamp = time }))!["creationTimestamp"]!.GetValue<string>();
        written["metadata"]!["creationTimestamp"]!.GetValue<string>().ShouldBe(byPackage);
        byPackage.ShouldBe("2026-01-02T03:04:05.123456Z");
    }

    [Test]
    public void Gvr_MissingResource_IsRefused()
    {
        var json = PlacementJson.Replace("\"resource\":\"certificates\"", "\"bogus\":1", StringComparison.Ordinal);

        Should.Throw<JsonException>(() => JsonNode.Parse(json)!.Deserialize(BrokerJsonContext.Default.Placement)).Message.ShouldContain("resource");
    }

    [Test]
    public void MetaTime_UnspecifiedKind_IsUtc() =>
        MetaTime.ToOffset(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified)).ShouldBe(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
}
